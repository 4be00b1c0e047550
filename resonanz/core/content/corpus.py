"""The texts of many accounts at once: posts and bios as documents, tokens with their lemmas.

:func:`build_corpus` is run once per vetting and shared by content fit, brand safety and
partnerships. A post's document is its caption, on-screen text, transcript and hashtags; an
account's bio is one more document (``kind = "bio"``). Posts are ranked newest first per account
(``rank`` 0 = newest) so every component can take its own window of recent posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import polars as pl

from resonanz.core.config import DomainDefaults
from resonanz.core.content.text import (
    Lemmatiser,
    Lexicon,
    find_doc_terms,
    find_terms,
    lemma_table,
    tokenize,
)
from resonanz.core.frames import naive_utc, select_typed, to_naive_utc

_LIST = pl.List(pl.String)
POST_COLUMNS: dict[str, Any] = {
    "post_id": pl.String,
    "account_id": pl.String,
    "posted_at": pl.Datetime("us"),
    "caption": pl.String,
    "hashtags": _LIST,
    "mentions": _LIST,
    "links": _LIST,
    "discount_codes": _LIST,
    "has_platform_paid_label": pl.Boolean,
    "on_screen_text": pl.String,
    "transcript": pl.String,
}
"""The posts columns content vetting reads (all but ``account_id`` optional)."""

ACCOUNT_COLUMNS: dict[str, Any] = {
    "account_id": pl.String,
    "creator_id": pl.String,
    "platform": pl.String,
    "handle": pl.String,
    "display_name": pl.String,
    "bio": pl.String,
    "external_url": pl.String,
    "followers": pl.Int64,
}
"""The accounts columns content vetting and cross-platform linking read (``account_id`` needed)."""


def _convert(name: str, source: Any, target: Any) -> pl.Expr:
    if target == pl.Datetime("us"):
        return to_naive_utc(name, source)
    col = pl.col(name)
    if target == _LIST and source == pl.String:
        # a flat export: "#a #b", "a, b" or "a;b"
        cleaned = col.str.replace_all(r"[\s,;]+", " ").str.strip_chars(" ")
        return cleaned.str.split(" ").list.eval(pl.element().filter(pl.element() != ""))
    if target == _LIST:
        return col.cast(_LIST, strict=False)
    if target == pl.Int64 and source in (pl.Float32, pl.Float64):
        col = col.fill_nan(None).round()
    return col.cast(target, strict=False)


def select_columns(
    frame: pl.DataFrame | pl.LazyFrame | None, spec: dict[str, Any], table: str
) -> pl.LazyFrame:
    """The ``spec`` columns of ``frame``, typed; absent columns become null.

    ``None`` or a frame without columns stands for "no data"; a non-empty frame without
    ``account_id`` raises ``ValueError``.
    """
    if frame is None:
        return pl.LazyFrame(schema=spec)
    schema = frame.collect_schema()
    if len(schema) == 0:
        return pl.LazyFrame(schema=spec)
    if "account_id" not in schema:
        raise ValueError(f"{table}: missing required column(s): account_id")
    return select_typed(frame, spec, _convert)


@dataclass(frozen=True)
class Corpus:
    """Documents and tokens of a set of accounts (see the module docstring).

    ``docs``: ``_doc, _aid, account_id, post_id, kind, posted_at, rank, text``;
    ``tokens``: ``_doc, _pos, _sid``; ``surfaces``: ``_sid, surface, lemma`` (each distinct
    word once); ``posts``: the ranked recent posts; ``accounts``: the accounts
    (``ACCOUNT_COLUMNS`` plus ``_aid``, their row number); ``lemmatise``: for compiling lexicons
    with the same lemmas.
    """

    docs: pl.DataFrame
    tokens: pl.DataFrame
    surfaces: pl.DataFrame
    posts: pl.DataFrame
    accounts: pl.DataFrame
    lemmatise: Lemmatiser | None

    def doc_ids(self, kinds: tuple[str, ...], window: int) -> pl.DataFrame:
        """``_doc, _aid, post_id, kind`` of the bios and the ``window`` newest posts."""
        keep = pl.col("kind").is_in(list(kinds)) & (
            pl.col("rank").is_null() | (pl.col("rank") < window)
        )
        return self.docs.filter(keep).select("_doc", "_aid", "post_id", "kind")

    def _where(self, docs: pl.DataFrame) -> pl.Series:
        """Per text (indexed by ``_doc``, the row of :attr:`docs`): its row in ``docs`` (a
        :meth:`doc_ids` frame, each text at most once), or -1."""
        where = np.full(self.docs.height, -1, dtype=np.int64)
        where[docs["_doc"].to_numpy()] = np.arange(docs.height, dtype=np.int64)
        return pl.Series("_at", where)

    def _attach(self, found: pl.DataFrame, docs: pl.DataFrame) -> pl.DataFrame:
        """``found`` (with ``_doc``) in the texts of ``docs``, with their columns: the inner
        join on ``_doc`` as a gather (``_doc`` is the row number of :attr:`docs`)."""
        at = self._where(docs).gather(found["_doc"])
        inside = at >= 0
        at = at.filter(inside)
        columns = docs.drop("_doc").select(pl.all().gather(at))
        return pl.concat([found.filter(inside), columns], how="horizontal")

    def find(self, lexicon: Lexicon, docs: pl.DataFrame) -> pl.DataFrame:
        """Term occurrences (:func:`find_terms`) in ``docs`` (a :meth:`doc_ids` frame), with
        the docs' columns joined."""
        keep = self._where(docs) >= 0
        tokens = self.tokens.filter(pl.lit(keep).gather(pl.col("_doc")))
        return self._attach(find_terms(tokens, self.surfaces, lexicon), docs)

    def doc_terms(self, lexicon: Lexicon, docs: pl.DataFrame) -> pl.DataFrame:
        """The distinct ``_doc, term_id`` of :meth:`find` (sorted), with ``label_id`` and the
        docs' columns: which texts name which terms, without the positions."""
        pairs = find_doc_terms(self.tokens, self.surfaces, lexicon, self._where(docs) >= 0)
        labels = lexicon.terms.select("term_id", "label_id")
        term_ids = labels["term_id"].to_numpy()
        label_of = np.zeros(int(term_ids.max(initial=0)) + 1, dtype=np.uint32)
        label_of[term_ids] = labels["label_id"].to_numpy()
        pairs = pairs.with_columns(label_id=pl.Series(label_of).gather(pairs["term_id"]))
        return self._attach(pairs, docs)


def corpus_window(defaults: DomainDefaults) -> int:
    """The most recent posts any content component reads."""
    return max(
        defaults.content.recent_posts,
        defaults.content.partnerships.recent_posts,
        defaults.brand_safety.recent_posts,
    )


def _post_text() -> pl.Expr:
    tags = pl.col("hashtags").list.eval(pl.element().str.strip_chars_start("#"))
    tag_text = pl.when(tags.list.len() > 0).then(pl.lit("#") + tags.list.join(" #"))
    return pl.concat_str(
        [pl.col("caption"), pl.col("on_screen_text"), pl.col("transcript"), tag_text],
        separator="\n",
        ignore_nulls=True,
    )


def build_corpus(
    accounts: pl.DataFrame | pl.LazyFrame | None,
    posts: pl.DataFrame | pl.LazyFrame | None,
    defaults: DomainDefaults,
    lemmatise: Lemmatiser | None = None,
    now: datetime | None = None,
    window: int | None = None,
) -> Corpus:
    """Documents, tokens and lemmas of the accounts' bios and ``window`` newest posts each.

    Posts of unknown accounts and posts after ``now`` (naive = UTC) are ignored; without ``now``
    every post counts. ``window`` defaults to :func:`corpus_window`.
    """
    window = corpus_window(defaults) if window is None else window
    acc = (
        select_columns(accounts, ACCOUNT_COLUMNS, "accounts")
        .filter(pl.col("account_id").is_not_null())
        .unique("account_id", keep="first", maintain_order=True)
        .with_row_index("_aid")
        .collect()
    )
    p = select_columns(posts, POST_COLUMNS, "posts").join(
        acc.lazy().select("account_id", "_aid"), on="account_id"
    )
    if now is not None:
        p = p.filter(pl.col("posted_at") <= naive_utc(now))
    ranked = (
        p.with_columns(
            rank=pl.col("posted_at").rank("ordinal", descending=True).over("_aid").cast(pl.Int32)
            - 1
        )
        .filter(pl.col("rank") < window)
        .with_columns(
            pl.col("hashtags", "mentions", "links", "discount_codes").fill_null([]),
            # a post without an id still needs one to be counted once
            post_id=pl.coalesce("post_id", pl.format("{}#{}", "account_id", "rank")),
        )
        .sort("_aid", "rank")  # the same data always gives the same document ids
        .collect()
    )
    post_docs = ranked.select(
        "_aid",
        "account_id",
        "post_id",
        "posted_at",
        "rank",
        kind=pl.lit("post"),
        text=_post_text(),
    )
    bio_docs = acc.select(
        "_aid",
        "account_id",
        post_id=pl.lit(None, pl.String),
        posted_at=pl.lit(None, pl.Datetime("us")),
        rank=pl.lit(None, pl.Int32),
        kind=pl.lit("bio"),
        text=pl.col("bio"),
    )
    docs = (
        pl.concat([post_docs, bio_docs])
        .filter(pl.col("text").str.len_chars() > 0)
        .with_row_index("_doc")
    )
    tokens, words = tokenize(docs.lazy().select("_doc", "text"))
    return Corpus(
        docs=docs,
        tokens=tokens,
        surfaces=lemma_table(words, lemmatise),
        posts=ranked,
        accounts=acc,
        lemmatise=lemmatise,
    )

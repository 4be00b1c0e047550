"""Check many posts at once: a contract-shaped posts frame in, one verdict row per post out.

Most posts of a market carry no commercial signal and no label word at all. A vectorised polars
prefilter finds them (a *superset* test: every rule needs a label word, a signal word, a link, a
code, an @mention of a handle that is not a known creator's, a platform label or a
label-requiring consideration, or a character folding would change — only ASCII, the umlauts
and symbols folding leaves alone are vouched for), and only the rest go through the rules one by
one (:func:`check_post`'s analysis, without building verdict objects).
Posts skipped by the prefilter get exactly what :func:`check_post` would give them: ``ok``, no
label required, no findings (tests/core/test_disclosure_batch.py compares every output field
with :func:`check_post` on a generated market and on hostile captions).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import polars as pl

from resonanz.core.disclosure.checker import (
    default_settings,
    findings,
    handle_set,
    post_context,
    worst,
)
from resonanz.core.disclosure.models import LABEL_REQUIRED, UNDISCLOSED_CODES
from resonanz.core.disclosure.normalise import fold_char, fold_phrase
from resonanz.core.disclosure.settings import DisclosureSettings
from resonanz.core.parallel import default_workers, map_in_order

RULE_STRUCT = pl.Struct(
    {
        "id": pl.String,
        "severity": pl.String,
        "text": pl.String,
        "position": pl.Int64,
        "field": pl.String,
        "code": pl.String,
    }
)
OUTPUT_SCHEMA: dict[str, Any] = {
    "_row": pl.Int64,
    "disclosure_verdict": pl.String,
    "disclosure_requirement": pl.String,
    "disclosure_undisclosed": pl.Boolean,
    "disclosure_rules": pl.List(RULE_STRUCT),
    "disclosure_unchecked": pl.List(pl.String),
}
_TEXT_COLUMNS = ("on_screen_text", "transcript")
_LIST_COLUMNS = ("mentions", "links", "discount_codes")
# Characters the prefilter reads as they are: ASCII (lower-cased), the German umlauts and ß
# (replaced as folding does), and the joiners below (dropped as folding drops them). Any other
# character sends the post to the full check unless it is one of the safe symbols of
# :func:`_safe_class` (punctuation, arrows, emoji, …: folding leaves them unchanged).
_SAFE_BLOCKS = (
    (0x80, 0xBF),  # Latin-1 punctuation and signs
    (0xD7, 0xD7),
    (0xF7, 0xF7),
    (0x2010, 0x205F),  # general punctuation
    (0x20A0, 0x20CF),  # currency signs
    (0x2190, 0x23FF),  # arrows, mathematical operators, technical signs
    (0x2500, 0x27BF),  # box drawing, shapes, symbols, dingbats
    (0x2900, 0x2BFF),  # more arrows and symbols
    (0x3000, 0x303F),  # CJK punctuation
    (0x1F000, 0x1FAFF),  # emoji and pictographs
)
_JOINERS = r"[\u200d\ufe00-\ufe0f]"
_UMLAUTS = (["ä", "ö", "ü", "ß"], ["a", "o", "u", "ss"])
# ASCII word boundaries keep the Rust engine on its fast path; they equal Unicode ones on the
# texts that reach them, because every safe non-ASCII character is no word character.
_B = r"(?-u:\b)"
_CODE = r"[A-Z][A-Z0-9_\-]*[0-9]"  # an upper-case discount code such as ANNA20
_DOMAIN = rf"[a-z0-9]\.[a-z]{{2,6}}(?:/|{_B})"
_SPACED = r"(?:^|[^a-z0-9_])(?:[a-z0-9][ .·•\-_*|/]){3,}[a-z0-9](?:[^a-z0-9_]|$)"
_HANDLE_RUN = r"@[a-z0-9_.]*"
_MAX_HANDLE = 30  # the longest handle signals.find_mentions reads


def is_safe_char(char: str) -> bool:
    """Folding leaves ``char`` unchanged and it is no word character (so no word boundary moves).

    Checked against :func:`~resonanz.core.disclosure.normalise.fold_char` itself, so a change to
    folding changes this set with it.
    """
    return (
        unicodedata.category(char) != "Cn"
        and fold_char(char) == char
        and char.lower() == char
        and not (char.isalnum() or char == "_")
    )


@functools.cache
def _safe_class() -> str:
    """The safe non-ASCII characters as the body of a Rust regex character class."""
    runs: list[list[int]] = [[ord(c), ord(c)] for c in ("ä", "ö", "ü", "ß", "Ä", "Ö", "Ü")]
    runs += [[0x200D, 0x200D], [0xFE00, 0xFE0F]]
    for first, last in _SAFE_BLOCKS:
        for cp in range(first, last + 1):
            if not is_safe_char(chr(cp)):
                continue
            if runs[-1][1] == cp - 1:
                runs[-1][1] = cp
            else:
                runs.append([cp, cp])
    return "".join(rf"\x{{{a:x}}}-\x{{{b:x}}}" for a, b in runs)


def unsafe_pattern() -> str:
    """Regex (Rust syntax) for a character the prefilter cannot vouch for (see _SAFE_BLOCKS)."""
    return rf"[^\x00-\x7f{_safe_class()}]"


def _fragments(settings: DisclosureSettings) -> Iterable[str]:
    """One regex fragment per listed phrase that every match of the phrase contains."""
    t, s = settings.tokens, settings.signals
    # Left out: "thanks" needs an @mention and discount words an upper-case code with a digit;
    # both are tested separately.
    lists = (
        t.de,
        t.en,
        t.video,
        t.weak,
        t.unclear,
        t.hashtag_prefixes,
        t.hashtag_suffixes,
        s.code_words,
        s.affiliate_words,
        s.commercial_phrases,
        settings.political_terms,
    )
    for items in lists:
        for phrase in items:
            folded = fold_phrase(phrase)
            words = [w for w in re.split(r"[\s\-]+", folded.lstrip("#")) if w]
            if not words:
                continue
            word = max(words, key=len)  # "in kooperation mit" → "kooperation"
            if len(word) >= 5:
                yield re.escape(word)
            else:  # short words only as whole words: "ad" must not match "schade"
                tag = "#" if folded.startswith("#") and len(words) == 1 else ""
                yield rf"{tag}{_B}{re.escape(word)}{_B}" if not tag else rf"#{re.escape(word)}{_B}"


def word_pattern(settings: DisclosureSettings) -> str:
    """Regex (Rust syntax) for lower-cased, umlaut-free text with a listed word, a link start or
    a letter-spaced word (domains and @handles are tested apart)."""
    fragments = sorted(set(_fragments(settings)), key=len, reverse=True)
    return "|".join([*fragments, r"https?:", r"www\.", _SPACED])


def prefilter_pattern(settings: DisclosureSettings) -> str:
    """Regex (Rust syntax) for lower-cased, umlaut-free text that may need a full check, when
    every @ counts (on-screen text and transcripts: "thanks @x" there is a label)."""
    return "|".join([word_pattern(settings), "@", _DOMAIN, unsafe_pattern()])


def _known(handle: pl.Expr, non_brand: pl.Series) -> pl.Expr:
    return (
        handle.is_in(non_brand)
        & (handle.str.len_chars() <= _MAX_HANDLE)
        & handle.str.contains("^[a-z0-9_]")
    ).fill_null(False)


def needs_check(
    frame: pl.DataFrame, settings: DisclosureSettings, non_brand: Iterable[str] = ()
) -> pl.Series:
    """True for the posts :func:`check_post` may have something to say about.

    A superset test on the caption, ``on_screen_text`` and ``transcript``: a listed word
    (:func:`word_pattern`), a link, a domain, an upper-case code, a letter-spaced word, a
    character folding would change (:func:`unsafe_pattern`); and in the caption an @mention of a
    handle not in ``non_brand`` (a mention of a known creator is neither a signal nor a
    thank-you label, so its text is skipped for the domain test), anywhere else any @. Also the
    list columns (``mentions`` only when a handle there is not in ``non_brand``), the platform
    label and a label-requiring consideration.
    """
    words, unsafe = word_pattern(settings), unsafe_pattern()
    known = pl.Series(sorted(handle_set(non_brand)), dtype=pl.String).implode()
    # Emoji joiners and variation selectors are everywhere; folding drops them, so drop them
    # here too instead of sending every emoji caption to the full check.
    texts = ("_text", *_TEXT_COLUMNS)
    lowered = frame.select(
        pl.col(name)
        .fill_null("")
        .str.replace_all(_JOINERS, "")
        .str.to_lowercase()
        .str.replace_many(*_UMLAUTS)
        .alias(f"_low{i}")
        for i, name in enumerate(texts)
    )

    def text_hit(i: int, name: str) -> pl.Expr:
        raw, low = pl.col(name).fill_null(""), pl.col(f"_low{i}")
        hit = low.str.contains(words) | raw.str.contains(_CODE) | raw.str.contains(unsafe)
        if i > 0:
            return hit | low.str.contains(f"@|{_DOMAIN}")
        handle = pl.element().str.slice(1).str.strip_chars_end(".")
        mentioned = low.str.extract_all(_HANDLE_RUN).list.eval(_known(handle, known))
        strangers = ~mentioned.list.all().fill_null(True)
        bare = low.str.replace_all(_HANDLE_RUN, "@")
        return hit | strangers | bare.str.contains(_DOMAIN)

    cond = pl.lit(False)
    for i, name in enumerate(texts):
        cond = cond | text_hit(i, name)
    for name in ("links", "discount_codes"):
        cond = cond | (pl.col(name).list.len().fill_null(0) > 0)
    # mentions: Python strips, drops leading @s and case-folds; only plain ASCII handles are
    # vouched for here, anything else goes to the full check.
    field = pl.element().str.extract(r"^[ \t\n\r\x0b\x0c]*@*([A-Za-z0-9_.]+)[ \t\n\r\x0b\x0c]*$")
    listed = pl.col("mentions").list.eval(field.str.to_lowercase().is_in(known).fill_null(False))
    cond = cond | ~listed.list.all().fill_null(True)
    cond = cond | pl.col("has_platform_paid_label").fill_null(False)
    cond = cond | pl.col("_consideration").is_in(sorted(LABEL_REQUIRED))
    frame = pl.concat([frame, lowered], how="horizontal")
    return frame.select(cond.fill_null(True).alias("m")).to_series()


def _prepare(
    posts: pl.DataFrame,
    accounts: pl.DataFrame | None,
    text_column: str,
    consideration: str,
) -> pl.DataFrame:
    frame = posts.with_row_index("_row").with_columns(pl.col("_row").cast(pl.Int64))
    if accounts is not None and "account_id" in frame.columns:
        keep = [c for c in ("platform", "audience_country") if c in accounts.columns]
        if "audience_country" not in keep and "country" in accounts.columns:
            accounts = accounts.with_columns(pl.col("country").alias("audience_country"))
            keep.append("audience_country")
        extra = [c for c in keep if c not in frame.columns]
        if extra:
            frame = frame.join(accounts.select("account_id", *extra), on="account_id", how="left")
    text = pl.col(text_column) if text_column in frame.columns else pl.lit(None)
    cons = pl.col("consideration") if "consideration" in frame.columns else pl.lit(None)
    columns = [
        text.cast(pl.String).alias("_text"),
        cons.cast(pl.String).fill_null(consideration).alias("_consideration"),
    ]
    for name in ("format", "platform", "audience_country", *_TEXT_COLUMNS):
        if name not in frame.columns:
            columns.append(pl.lit(None, dtype=pl.String).alias(name))
    for name in _LIST_COLUMNS:
        if name not in frame.columns:
            columns.append(pl.lit(None, dtype=pl.List(pl.String)).alias(name))
    if "has_platform_paid_label" not in frame.columns:
        columns.append(pl.lit(None, dtype=pl.Boolean).alias("has_platform_paid_label"))
    return frame.with_columns(columns).sort("_row")


_RULE_FIELDS = ("id", "severity", "text", "position", "field", "code")


def _check_rows(
    rows: Iterable[dict[str, Any]],
    settings: DisclosureSettings,
    profile: str | None,
    brands: frozenset[str],
    non_brand: frozenset[str],
) -> pl.DataFrame:
    """What :func:`check_post` says of each row, as columns (no verdict objects built)."""
    out: dict[str, list[Any]] = {name: [] for name in OUTPUT_SCHEMA}
    for r in rows:
        ctx = post_context(
            r["_text"],
            consideration=r["_consideration"],
            profile=profile,
            format=r["format"],
            has_platform_paid_label=r["has_platform_paid_label"],
            audience_country=r["audience_country"],
            on_screen_text=r["on_screen_text"],
            transcript=r["transcript"],
            mentions=r["mentions"] or (),
            links=r["links"] or (),
            discount_codes=r["discount_codes"] or (),
            platform=r["platform"],
            brand_handles=brands,
            non_brand_handles=non_brand,
            settings=settings,
        )
        hits = findings(ctx)  # as DisclosureVerdict has them (see checker.evaluate)
        out["_row"].append(r["_row"])
        out["disclosure_verdict"].append(worst(hits))
        out["disclosure_requirement"].append(ctx.requirement)
        out["disclosure_undisclosed"].append(any(h.code in UNDISCLOSED_CODES for h in hits))
        out["disclosure_rules"].append([{k: getattr(h, k) for k in _RULE_FIELDS} for h in hits])
        out["disclosure_unchecked"].append(list(dict.fromkeys(ctx.unchecked)))
    return pl.DataFrame(out, schema=OUTPUT_SCHEMA)


PARALLEL_MIN_ROWS = 5_000
"""Below this many posts to check one by one, :func:`check_posts` stays in its own process
(starting workers costs about a second; checking a post about a third of a millisecond)."""


def _check_frame(
    frame: pl.DataFrame,
    settings: DisclosureSettings,
    profile: str | None,
    brands: frozenset[str],
    non_brand: frozenset[str],
) -> pl.DataFrame:
    """:func:`_check_rows` of a frame (a worker process's task)."""
    return _check_rows(frame.iter_rows(named=True), settings, profile, brands, non_brand)


def _check_in_parallel(
    frame: pl.DataFrame,
    settings: DisclosureSettings,
    profile: str | None,
    brands: frozenset[str],
    non_brand: frozenset[str],
    workers: int,
) -> pl.DataFrame:
    """:func:`_check_frame` with the rows split over ``workers`` processes
    (:func:`resonanz.core.parallel.map_in_order`), in row order."""
    args = (settings, profile, brands, non_brand)
    if workers <= 1 or frame.height < PARALLEL_MIN_ROWS:
        return _check_frame(frame, *args)
    size = -(-frame.height // (workers * 4))  # a few tasks per worker even out slow chunks
    chunks = [frame.slice(start, size) for start in range(0, frame.height, size)]
    return pl.concat(map_in_order(_check_frame, chunks, *args, workers=workers))


def check_posts(
    posts: pl.DataFrame,
    accounts: pl.DataFrame | None = None,
    *,
    profile: str | None = None,
    settings: DisclosureSettings | None = None,
    text_column: str = "caption",
    consideration: str = "unknown",
    brand_handles: Iterable[str] = (),
    non_brand_handles: Iterable[str] | None = None,
    workers: int | None = None,
) -> pl.DataFrame:
    """One verdict per post: ``posts`` with ``disclosure_verdict``, ``disclosure_requirement``,
    ``disclosure_undisclosed``, ``disclosure_rules`` (id, severity, text, position, field, code)
    and ``disclosure_unchecked`` added, in the input order.

    Reads the contract columns that exist (``caption`` or ``text_column``, ``format``,
    ``mentions``, ``links``, ``discount_codes``, ``has_platform_paid_label``,
    ``on_screen_text``, ``transcript``, optional ``consideration``) and, from ``accounts``,
    ``platform`` and ``audience_country`` (or ``country``). ``non_brand_handles`` defaults to the
    handles in ``accounts``: a creator of the store tagging another is not read as a brand deal.
    From :data:`PARALLEL_MIN_ROWS` posts that need the rules on, ``workers`` processes share
    them (default :func:`resonanz.core.parallel.default_workers`); the result does not depend on
    their number.
    """
    s = settings or default_settings()
    if non_brand_handles is None:
        have = accounts is not None and "handle" in accounts.columns
        non_brand_handles = accounts["handle"].drop_nulls().to_list() if have else []  # type: ignore[index]
    non_brand = handle_set(non_brand_handles)
    brands = handle_set(brand_handles)
    frame = _prepare(posts, accounts, text_column, consideration)
    mask = needs_check(frame, s, non_brand)
    workers = default_workers() if workers is None else workers
    checked = _check_in_parallel(frame.filter(mask), s, profile, brands, non_brand, workers)
    out = posts.with_row_index("_row").with_columns(pl.col("_row").cast(pl.Int64))
    out = out.join(checked, on="_row", how="left").sort("_row")
    return out.with_columns(
        pl.col("disclosure_verdict").fill_null("ok"),
        pl.col("disclosure_requirement").fill_null("none"),
        pl.col("disclosure_undisclosed").fill_null(False),
        pl.col("disclosure_rules").fill_null(pl.lit([], dtype=pl.List(RULE_STRUCT))),
        pl.col("disclosure_unchecked").fill_null(pl.lit([], dtype=pl.List(pl.String))),
    ).drop("_row")

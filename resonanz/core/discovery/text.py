"""Search text normalisation: the same words for the index and for the query.

Both sides go through :func:`normalise`: tokens (runs of letters and digits) are lemmatised
(German first, then English, by the injected lemmatiser) and folded (lower case, ä/ö/ü/ß as
ae/oe/ue/ss, accents dropped; :func:`resonanz.core.content.text.fold_values`). So "Laufschuhe",
"laufschuh" and "#Laufschuhe" all become ``laufschuh``, and "Müsli" meets "#muesli".

A query never reaches the database as syntax: :func:`query_terms` keeps only such folded words
(letters and digits), and :func:`fts5_match` quotes each one, so ``NEAR(``, ``*``, quotes or
``'; DROP TABLE`` are plain words or nothing.

>>> normalise("Die besten LAUFSCHUHE für München!", lambda ts: [t for t in ts])
['die', 'besten', 'laufschuhe', 'fuer', 'muenchen']
>>> fts5_match([("laufschuh",), ("berlin",)])
'("laufschuh") AND ("berlin")'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Sequence

import numpy as np
import polars as pl

from resonanz.core.content.text import Lemmatiser, fold_values

_TOKEN = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    """Runs of letters and digits, as written."""
    return _TOKEN.findall(text)


def _lemmatise_case(words: Sequence[str], lemmatise: Lemmatiser | None) -> list[str]:
    if lemmatise is None:
        return list(words)
    # An all-caps word is looked up as a capitalised noun ("LAUFSCHUHE" → "Laufschuhe").
    written = [w.capitalize() if w.isupper() and len(w) > 1 else w for w in words]
    return [str(lemma) for lemma in lemmatise(written)]


def normalise(text: str, lemmatise: Lemmatiser | None) -> list[str]:
    """The folded lemmas of ``text``'s words, in order (duplicates kept)."""
    words = tokens(text)
    if not words:
        return []
    return [w for w in fold_values(_lemmatise_case(words, lemmatise)) if w]


def _forms(words: Sequence[str], lemmatise: Lemmatiser | None) -> dict[str, tuple[str, ...]]:
    """Per distinct word: its folded lemma, then its folded spelling when that differs.

    Both are indexed and either may match, because a lemmatiser reads a word differently by
    case: "Creme" is a noun, lower-case "creme" a form of the verb "cremen".
    """
    vocab = sorted(set(words))
    if not vocab:
        return {}
    lemmas = fold_values(_lemmatise_case(vocab, lemmatise))
    surfaces = fold_values(vocab)
    return {
        w: tuple(dict.fromkeys(f for f in (lemma, surface) if f))
        for w, lemma, surface in zip(vocab, lemmas, surfaces, strict=True)
    }


@functools.cache
def _token_class() -> str:
    """:data:`_TOKEN` as a polars (Rust) regex: the exact code points Python's ``[^\\W_]``
    takes, as ranges, so both tokenisers cut every text the same way (the two engines' Unicode
    classes differ in rare characters)."""
    every = "".join(map(chr, range(0x110000)))
    kept = "".join(_TOKEN.findall(every)).encode("utf-32-le")
    codes = np.frombuffer(kept, dtype=np.uint32)
    breaks = np.flatnonzero(np.diff(codes) != 1)
    starts = np.concatenate([codes[:1], codes[breaks + 1]])
    ends = np.concatenate([codes[breaks], codes[-1:]])
    ranges = "".join(
        f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}"
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
    )
    return f"[{ranges}]+"


def normalise_many(texts: Sequence[str], lemmatise: Lemmatiser | None) -> list[str]:
    """One indexable string per text: each word as its folded lemma (and spelling if different).

    All distinct words are lemmatised and folded once, so thousands of documents cost one pass
    over their vocabulary; cutting the texts into words and joining the forms back runs in
    polars.

    >>> normalise_many(["Crème", "Müsli!"], None)
    ['creme', 'muesli']
    """
    if not texts:
        return []
    words = (
        pl.DataFrame({"text": list(texts)}, schema={"text": pl.String})
        .with_row_index("_i")
        .select("_i", w=pl.col("text").str.extract_all(_token_class()))
        .explode("w")
        .drop_nulls("w")
    )
    vocab = words["w"].unique()
    table = _forms(vocab.to_list(), lemmatise)
    forms = pl.Series([" ".join(table[w]) for w in vocab.to_list()], dtype=pl.String)
    per_text = (
        words.with_columns(f=pl.col("w").replace_strict(vocab, forms, return_dtype=pl.String))
        .filter(pl.col("f") != "")
        .group_by("_i")
        .agg(pl.col("f").str.join(" "))
    )
    out = [""] * len(texts)
    for i, body in zip(per_text["_i"].to_list(), per_text["f"].to_list(), strict=True):
        out[i] = body
    return out


def query_terms(
    query: str,
    lemmatise: Lemmatiser | None,
    max_chars: int,
    max_terms: int,
    min_length: int,
    stopwords: Collection[str] = (),
) -> list[tuple[str, ...]]:
    """The distinct words of a user's query, each as its alternative forms (lemma, spelling).

    At most ``max_terms`` words; the query is cut to ``max_chars`` first, so a huge paste costs
    nothing. Stop words are left out (every word must match), unless the query has nothing else.
    Forms are folded letters and digits only: safe to quote.

    >>> query_terms("Laufschuhe für NEAR(*", None, 100, 5, 2, stopwords={"fuer"})
    [('laufschuhe',), ('near',)]
    """
    words = tokens(query[:max_chars])[: max_terms * 4]
    table = _forms(words, lemmatise)
    groups: dict[tuple[str, ...], None] = {}
    for word in words:
        forms = tuple(f for f in table[word] if len(f) >= min_length and _TOKEN.fullmatch(f))
        if forms:
            groups.setdefault(forms)
    kept = [g for g in groups if not any(f in stopwords for f in g)] or list(groups)
    return kept[:max_terms]


def fts5_match(terms: Iterable[Sequence[str]]) -> str:
    """An SQLite FTS5 MATCH expression: each word's forms quoted and ORed, words ANDed.

    >>> fts5_match([("creme", "cremen"), ("berlin",)])
    '("creme" OR "cremen") AND ("berlin")'
    """
    return " AND ".join(
        "(" + " OR ".join('"' + f.replace('"', '""') + '"' for f in forms) + ")" for forms in terms
    )


def handle_words(handle: str) -> list[str]:
    """A handle and its parts ("lena.laeuft_88" → lena.laeuft_88's words and the whole)."""
    whole = re.sub(r"[\W_]", "", handle).casefold()
    parts = [p.casefold() for p in tokens(handle)]
    return list(dict.fromkeys([whole, *parts] if whole else parts))

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
>>> fts5_match(["laufschuh", "berlin"])
'"laufschuh" "berlin"'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

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


def normalise_many(texts: Sequence[str], lemmatise: Lemmatiser | None) -> list[str]:
    """:func:`normalise` of each text, joined by spaces: one indexable string per text.

    All distinct words are lemmatised and folded once, so thousands of documents cost one pass
    over their vocabulary.
    """
    split = [tokens(t) for t in texts]
    vocab = sorted({w for ws in split for w in ws})
    folded = fold_values(_lemmatise_case(vocab, lemmatise)) if vocab else []
    table = dict(zip(vocab, folded, strict=True))
    return [" ".join(table[w] for w in ws if table[w]) for ws in split]


def query_terms(
    query: str,
    lemmatise: Lemmatiser | None,
    max_chars: int,
    max_terms: int,
    min_length: int,
    stopwords: Collection[str] = (),
) -> list[str]:
    """The distinct normalised words of a user's query (first ``max_terms``; safe to quote).

    The query is cut to ``max_chars`` first, so a huge paste costs nothing. Stop words are left
    out (every term must match), unless the query has nothing else.

    >>> query_terms("Laufschuhe für NEAR(*", None, 100, 5, 2, stopwords={"fuer"})
    ['laufschuhe', 'near']
    """
    seen: dict[str, None] = {}
    for word in normalise(query[:max_chars], lemmatise):
        if len(word) >= min_length and _TOKEN.fullmatch(word):
            seen.setdefault(word)
        if len(seen) >= max_terms * 2:
            break
    kept = [w for w in seen if w not in stopwords] or list(seen)
    return kept[:max_terms]


def fts5_match(terms: Iterable[str]) -> str:
    """An SQLite FTS5 MATCH expression: every term quoted as a string (implicit AND)."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def handle_words(handle: str) -> list[str]:
    """A handle and its parts ("lena.laeuft_88" → lena.laeuft_88's words and the whole)."""
    whole = re.sub(r"[\W_]", "", handle).casefold()
    parts = [p.casefold() for p in tokens(handle)]
    return list(dict.fromkeys([whole, *parts] if whole else parts))

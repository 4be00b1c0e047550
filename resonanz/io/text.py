"""The lemmatiser for German and English texts (simplemma), kept out of the pure core.

The core's word matching (:mod:`resonanz.core.content.text`) takes any function that maps tokens
to lemmas; this module supplies the real one::

    from resonanz.io.text import lemmatiser
    content_fit_frame(accounts, posts, defaults, brief, lemmatise=lemmatiser())

simplemma is dictionary-based (no model download, no network): German first, then English, so
"Laufschuhe" → "Laufschuh", "Reisen" → "Reise", "running" → "run". Unknown words stay as written.
Lemmas are cached per token, so a second vetting run of the same store is nearly free.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import simplemma

from resonanz.core.content.text import Lemmatiser

LANGS: tuple[str, ...] = ("de", "en")
"""Dictionaries in order of precedence: German first (German market), then English."""


@functools.lru_cache(maxsize=500_000)
def lemmatise_word(token: str) -> str:
    """The lemma of one token (German dictionary first, then English)."""
    return str(simplemma.lemmatize(token, lang=LANGS))


def lemmatise(tokens: Sequence[str]) -> list[str]:
    """Lemmas of ``tokens``, one for one."""
    return [lemmatise_word(t) for t in tokens]


def lemmatiser() -> Lemmatiser:
    """The simplemma-backed :data:`~resonanz.core.content.text.Lemmatiser`."""
    return lemmatise

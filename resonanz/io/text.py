"""The lemmatiser for German and English texts (simplemma), kept out of the pure core.

The core's word matching (:mod:`resonanz.core.content.text`) takes any function that maps tokens
to lemmas; this module supplies the real one::

    from resonanz.io.text import lemmatiser
    content_fit_frame(accounts, posts, defaults, brief, lemmatise=lemmatiser())

simplemma is dictionary-based (no model download, no network): German first, then English, so
"Laufschuhe" → "Laufschuh", "Reisen" → "Reise", "running" → "run". Unknown words stay as written.
Lemmas are cached per token, so a second vetting run of the same store is nearly free.

Loading simplemma's dictionaries (German ≈ 1.1 million forms) takes a second or two of pure
Python. :func:`lemmatiser` therefore starts loading them in a background thread (once per
process): the caller goes on with its polars work (which releases the GIL), and the first
lemma waits only for what is still left to load.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence

import simplemma

from resonanz.core.content.text import Lemmatiser

LANGS: tuple[str, ...] = ("de", "en")
"""Dictionaries in order of precedence: German first (German market), then English."""


_loaded = threading.Event()
_loading = threading.Lock()
_started = False


def _load_dictionaries() -> None:
    try:
        # a word in no dictionary is looked up in every language: loads them all
        simplemma.lemmatize("qxzvjw", lang=LANGS)
    finally:
        _loaded.set()


def warm_up() -> None:
    """Start loading the dictionaries in a background thread (at most once per process)."""
    global _started
    with _loading:
        if _started:
            return
        _started = True
    threading.Thread(target=_load_dictionaries, name="simplemma-load", daemon=True).start()


@functools.lru_cache(maxsize=500_000)
def lemmatise_word(token: str) -> str:
    """The lemma of one token (German dictionary first, then English)."""
    if _started:
        _loaded.wait()  # never load a dictionary twice, in two threads
    return str(simplemma.lemmatize(token, lang=LANGS))


def lemmatise(tokens: Sequence[str]) -> list[str]:
    """Lemmas of ``tokens``, one for one."""
    return [lemmatise_word(t) for t in tokens]


def lemmatiser() -> Lemmatiser:
    """The simplemma-backed :data:`~resonanz.core.content.text.Lemmatiser` (its dictionaries
    start loading now, in the background)."""
    warm_up()
    return lemmatise

"""The lemmatiser for German and English texts (simplemma), kept out of the pure core.

The core's word matching (:mod:`resonanz.core.content.text`) takes any function that maps tokens
to lemmas; this module supplies the real one::

    from resonanz.io.text import lemmatiser
    content_fit_frame(accounts, posts, defaults, brief, lemmatise=lemmatiser())

simplemma is dictionary-based (no model download, no network): German first, then English, so
"Laufschuhe" → "Laufschuh", "Reisen" → "Reise", "running" → "run". Unknown words stay as written.
Lemmas are cached per token, so a second vetting run of the same store is nearly free.

Decoding simplemma's dictionaries (German ≈ 1.1 million forms) takes a second or two of pure
Python per process. The decoded dictionaries are therefore kept in the user's cache folder
(``$RESONANZ_CACHE_DIR``, else ``$XDG_CACHE_HOME/resonanz`` or ``~/.cache/resonanz``; named by
simplemma's version and the data file's size and time, about 30 MB) and read back with
:mod:`marshal` (about a third of the time); an unwritable folder only costs the speed. And
:func:`lemmatiser` starts loading them in a background thread (once per process): the caller
goes on with its polars work (which releases the GIL), and the first lemma waits only for what
is still left to load. The lemmas are simplemma's own (same strategy, same dictionaries).
"""

from __future__ import annotations

import functools
import marshal
import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import simplemma
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import dictionary_factory as _factory

from resonanz.core.content.text import Lemmatiser

LANGS: tuple[str, ...] = ("de", "en")
"""Dictionaries in order of precedence: German first (German market), then English."""


def cache_dir() -> Path:
    """Where the decoded dictionaries are kept (see the module docstring)."""
    if os.environ.get("RESONANZ_CACHE_DIR"):
        return Path(os.environ["RESONANZ_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "resonanz"


def _decoded(lang: str) -> dict[bytes, bytes]:
    """simplemma's dictionary of ``lang`` as its loader gives it, from the cache if there."""
    source = _factory.DATA_FOLDER / f"{lang}.plzma"
    stat = source.stat()
    version = getattr(simplemma, "__version__", "0")
    path = cache_dir() / f"simplemma-{version}-{lang}-{stat.st_size}-{stat.st_mtime_ns}.marshal"
    try:
        cached = marshal.loads(path.read_bytes())
        if isinstance(cached, dict):
            return cached
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = _factory._load_dictionary_from_disk(lang)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        partial.write_bytes(marshal.dumps(data))
        os.replace(partial, path)
    except OSError:
        pass
    return data


class _CachedDictionaries(_factory.CachingDictionaryFactory):
    """simplemma's default dictionaries, decoded once per machine (see the module docstring)."""

    __slots__ = ()

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        return _factory.MappingStrToByteString(_decoded(lang))


_LEMMATIZER = simplemma.Lemmatizer(
    lemmatization_strategy=DefaultStrategy(dictionary_factory=_CachedDictionaries())
)
"""As ``simplemma.lemmatize`` builds it (default strategy, not greedy), on cached dictionaries."""

_loaded = threading.Event()
_loading = threading.Lock()
_started = False


def _load_dictionaries() -> None:
    try:
        # a word in no dictionary is looked up in every language: loads them all
        _LEMMATIZER.lemmatize("qxzvjw", lang=LANGS)
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
    return str(_LEMMATIZER.lemmatize(token, lang=LANGS))


def lemmatise(tokens: Sequence[str]) -> list[str]:
    """Lemmas of ``tokens``, one for one."""
    return [lemmatise_word(t) for t in tokens]


def lemmatiser() -> Lemmatiser:
    """The simplemma-backed :data:`~resonanz.core.content.text.Lemmatiser` (its dictionaries
    start loading now, in the background)."""
    warm_up()
    return lemmatise

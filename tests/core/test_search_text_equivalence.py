"""The polars ``normalise_many`` gives exactly the strings of the per-text Python version."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.core.content.text import Lemmatiser
from resonanz.core.discovery.text import _forms, normalise_many, tokens
from resonanz.io.text import lemmatiser

LEM = lemmatiser()
HOSTILE = [
    "",
    "   ",
    "Die besten LAUFSCHUHE für München! #laufen_2024 __init__",
    "Crème brûlée, Cre\u0300me (combining), ﬁt (ligature), Ⅻ ½ ²³ ١٢٣",
    "日本語のテキスト 𠀋𡈽 한국어 ٱلْعَرَبِيَّة עִברִית",
    "emoji 💪🏽👨‍👩‍👧 zwj\u200dword a\u00adb soft-hyphen",
    "Müsli #muesli MÜSLI müsli",
    "x" * 300 + " " + "wort " * 50,
]


def reference(texts: Sequence[str], lemmatise: Lemmatiser | None) -> list[str]:
    """``normalise_many`` as it was: Python ``re`` per text, a join per text."""
    split = [tokens(t) for t in texts]
    table = _forms([w for ws in split for w in ws], lemmatise)
    return [" ".join(f for w in ws for f in table[w]) for ws in split]


def test_hostile_texts_give_the_reference_strings() -> None:
    for lem in (LEM, None):
        assert normalise_many(HOSTILE, lem) == reference(HOSTILE, lem)
    assert normalise_many([], LEM) == []
    # every code point Python's tokens() keeps is kept, and nothing else
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert normalise_many([every], None) == reference([every], None)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=8))
def test_random_texts_give_the_reference_strings(texts: list[str]) -> None:
    assert normalise_many(texts, None) == reference(texts, None)

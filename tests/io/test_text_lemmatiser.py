"""The simplemma lemmatiser on cached dictionaries gives simplemma's own lemmas."""

from __future__ import annotations

from pathlib import Path

import pytest
import simplemma

from resonanz.io import text

WORDS = ["Laufschuhe", "LAUFSCHUHE", "running", "Häuser", "ging", "besten", "Fahrräder", "kochten"]
WORDS += ["Weine", "wein", "x", "2024", "ÄÖÜ", "straße", "Strasse", "Müsli", "qxzvjw"]


def test_same_lemmas_as_simplemma() -> None:
    lemmas = text.lemmatiser()(WORDS)
    assert lemmas == [simplemma.lemmatize(w, lang=text.LANGS) for w in WORDS]
    assert lemmas[0] == "Laufschuh"


def test_dictionary_cache_is_written_reused_and_survives_junk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESONANZ_CACHE_DIR", str(tmp_path / "cache"))
    fresh = text._decoded("en")
    (cached,) = (tmp_path / "cache").glob("simplemma-*-en-*.marshal")
    assert text._decoded("en") == fresh
    cached.write_bytes(b"not marshal data")
    assert text._decoded("en") == fresh  # junk is decoded again and replaced
    assert text._decoded("en") == fresh
    monkeypatch.setenv("RESONANZ_CACHE_DIR", str(cached))  # a file: no folder can be made
    assert text._decoded("en") == fresh

"""Docs checked by tests: every setting the loader reads is documented."""

from __future__ import annotations

import re
from pathlib import Path

from resonanz import settings

ROOT = Path(__file__).resolve().parents[1]


def test_every_environment_setting_is_documented():
    source = Path(settings.__file__).read_text(encoding="utf-8")
    read = set(re.findall(r'"((?:RESONANZ|DATABASE)_[A-Z_]+)"', source))
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = {name for name in read if f"`{name}`" not in doc}
    assert not missing


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:800]
    assert "make demo" in head and "make test" in head

"""The settings loader: malformed values stop start-up naming the variable."""

from __future__ import annotations

import pytest

from resonanz.settings import SettingsError, load_settings


def test_sqlite_gets_a_large_page_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.delenv("RESONANZ_TEST_DB", raising=False)
    monkeypatch.setenv("RESONANZ_SQLITE_CACHE_MB", "64")
    init = load_settings().database["OPTIONS"]["init_command"]
    assert "PRAGMA cache_size=-65536;" in init and "journal_mode=WAL" in init


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RESONANZ_SQLITE_CACHE_MB", "lots"),
        ("RESONANZ_SQLITE_CACHE_MB", "1"),
        ("RESONANZ_DEBUG", "maybe"),
        ("RESONANZ_SECURE_COOKIES", "sure"),
        ("RESONANZ_LOG_LEVEL", "LOUD"),
    ],
)
def test_a_malformed_value_names_the_variable(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        load_settings()

"""One typed loader for every setting resonanz reads from the environment.

It fails loudly: a malformed value stops start-up with a message naming the variable.
Documented in ``docs/configuration.md``.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url

DEFAULT_DB_FILE = "resonanz.sqlite3"

SETTINGS_DOC: dict[str, str] = {
    "DATABASE_URL": f"Store location. Default: sqlite:///{DEFAULT_DB_FILE} in the current folder. "
    "PostgreSQL: postgres://user:pass@host:5432/db.",
    "RESONANZ_SECRET_KEY": "Django secret key; required when RESONANZ_DEBUG is off in production.",
    "RESONANZ_DEBUG": "1 to enable Django debug pages (never in production). Default 0.",
    "RESONANZ_ALLOWED_HOSTS": "Comma-separated host names the web app answers to. Default "
    "127.0.0.1,localhost.",
    "RESONANZ_LOG_LEVEL": "Log level (DEBUG, INFO, WARNING, ERROR). Default WARNING.",
    "RESONANZ_SQLITE_CACHE_MB": "Upper bound of SQLite's page cache per connection, in MB. "
    "Default 256.",
    "RESONANZ_SECURE_COOKIES": "1 behind HTTPS in production: secure cookies, HSTS, redirect to "
    "https. Default 0.",
    "RESONANZ_STATIC_ROOT": "Folder `collectstatic` writes to and whitenoise serves from in "
    "production. Default ./staticfiles.",
    "RESONANZ_STATIC_MANIFEST": "1 to serve compressed, hashed static files (after collectstatic). "
    "Default 0.",
    "RESONANZ_TEST_DB": "Tests only: 'postgres' runs the suite on PostgreSQL.",
    "RESONANZ_TEST_PG_URL": "Tests only: the PostgreSQL server for RESONANZ_TEST_DB=postgres. "
    "Default postgres://postgres@127.0.0.1:5432/resonanz (tests use test_resonanz*).",
}


class SettingsError(ValueError):
    """A setting in the environment is malformed."""


@dataclass(frozen=True)
class Settings:
    """The settings resonanz runs with."""

    database_url: str
    database: dict[str, Any]
    secret_key: str
    debug: bool
    allowed_hosts: tuple[str, ...]
    log_level: str
    secure_cookies: bool = False
    static_root: Path = Path("staticfiles")
    static_manifest: bool = False


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name}={raw!r}: expected 1/0, true/false, yes/no or on/off")


def _int(name: str, default: int, minimum: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: expected a whole number") from None
    if value < minimum:
        raise SettingsError(f"{name}={raw!r}: at least {minimum}")
    return value


def default_database_url() -> str:
    """The embedded default: a SQLite file in the current folder."""
    return f"sqlite:///{Path(DEFAULT_DB_FILE).resolve()}"


def database_config(url: str, sqlite_cache_mb: int = 256) -> dict[str, Any]:
    """Django DATABASES entry for a URL, with SQLite tuned for bulk import."""
    try:
        cfg: dict[str, Any] = dj_database_url.parse(url)
    except Exception as exc:  # dj-database-url raises several types
        raise SettingsError(f"DATABASE_URL={url!r}: {exc}") from exc
    if cfg["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web app read while an import writes; a 30 s busy timeout rides out locks.
        cfg["OPTIONS"] = {
            "timeout": 30,
            # SQLite's default page cache (2 MB) makes index inserts page in and out once a
            # table holds a million rows: a larger cache doubled import speed at that size
            # (benchmarks/results/import_and_vet.md). It is an upper bound, allocated as used.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA cache_size=-{sqlite_cache_mb * 1024}; PRAGMA temp_store=MEMORY;",
            "transaction_mode": "IMMEDIATE",
        }
    cfg.setdefault("TEST", {})
    return cfg


def load_settings() -> Settings:
    """Read and check every setting; raise :class:`SettingsError` on a malformed one."""
    url = os.environ.get("DATABASE_URL") or default_database_url()
    if os.environ.get("RESONANZ_TEST_DB") == "postgres":
        url = os.environ.get("RESONANZ_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/resonanz")
    debug = _bool("RESONANZ_DEBUG", False)
    key = os.environ.get("RESONANZ_SECRET_KEY") or secrets.token_urlsafe(50)
    level = os.environ.get("RESONANZ_LOG_LEVEL", "WARNING").upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise SettingsError(f"RESONANZ_LOG_LEVEL={level!r}: not a log level")
    hosts = os.environ.get("RESONANZ_ALLOWED_HOSTS", "127.0.0.1,localhost")
    return Settings(
        database_url=url,
        database=database_config(url, _int("RESONANZ_SQLITE_CACHE_MB", 256, minimum=2)),
        secret_key=key,
        debug=debug,
        allowed_hosts=tuple(h.strip() for h in hosts.split(",") if h.strip()),
        log_level=level,
        secure_cookies=_bool("RESONANZ_SECURE_COOKIES", False),
        static_root=Path(os.environ.get("RESONANZ_STATIC_ROOT") or "staticfiles").resolve(),
        static_manifest=_bool("RESONANZ_STATIC_MANIFEST", False),
    )

"""`manage.py check --deploy` is clean with production settings from the environment
(docs/deploying.md), and static files collect for whitenoise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PRODUCTION_ENV = {
    "RESONANZ_SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-0123456789-xyz",
    "RESONANZ_DEBUG": "0",
    "RESONANZ_ALLOWED_HOSTS": "resonanz.example.org",
    "RESONANZ_SECURE_COOKIES": "1",
    "RESONANZ_STATIC_MANIFEST": "1",
}


def _django(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESONANZ_")}
    env.update(PRODUCTION_ENV)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
    env["RESONANZ_STATIC_ROOT"] = str(tmp_path / "static")
    env["DJANGO_SETTINGS_MODULE"] = "resonanz.web.settings"
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_check_deploy_has_no_warnings(tmp_path: Path) -> None:
    result = _django(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_collectstatic_gathers_the_app_assets(tmp_path: Path) -> None:
    result = _django(tmp_path, "collectstatic", "--noinput")
    assert result.returncode == 0, result.stderr
    static = tmp_path / "static"
    assert (static / "webapp" / "app.css").exists()
    assert (static / "django_htmx" / "htmx-2.min.js").exists()
    assert (static / "staticfiles.json").exists()  # whitenoise's manifest of hashed names

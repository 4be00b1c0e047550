"""Shared fixtures: the CLI run in-process on the test database (SQLite or PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner


@dataclass
class CliResult:
    """What a CLI call printed and returned."""

    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> object:
        return json.loads(self.stdout)


@pytest.fixture
def cli(db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run ``resonanz ARGS…`` in-process against the test database.

    The working folder is the test's temporary folder, so files a command writes beside the
    store by default (e.g. ``import-errors.csv``) never land in the checkout.
    """
    from resonanz.cli import app

    monkeypatch.chdir(tmp_path)
    from resonanz.cli.main import STATE

    STATE.db_ready = True  # pytest-django has set up and migrated the test database

    def run(*args: str | Path) -> CliResult:
        runner = CliRunner()
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a text (or bytes) file under the test's temporary folder."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding=encoding, newline="")
        return path

    return _write


@pytest.fixture
def market(cli: Callable[..., CliResult], tmp_path: Path) -> pl.DataFrame:
    """A 120-creator demo market imported into the test store; returns its ground truth."""
    from resonanz.io.generator import write_world

    data = tmp_path / "data"
    write_world(data, 120, seed=3, fmt="parquet")
    result = cli("import", data, "--errors", tmp_path / "e.csv")
    assert result.exit_code == 0, result.stdout
    return pl.read_parquet(data / "ground_truth.parquet")

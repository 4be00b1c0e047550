"""The installed `resonanz` command in a real process, on its own SQLite file (no test harness)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.sqlite_only  # the command's own default store is a SQLite file


def _run(tmp_path, *args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}"}
    env.pop("RESONANZ_TEST_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "resonanz", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_every_command_sets_up_the_store_itself(tmp_path):
    data = tmp_path / "data"
    gen = _run(tmp_path, "generate", "--creators", "20", "--out", data, "--format", "csv")
    assert gen.returncode == 0, gen.stderr
    assert _run(tmp_path, "import", data).returncode == 0
    status = _run(tmp_path, "status", "--json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["counts"]["creators"] == 20
    for args in (
        ["vet", "--limit", "3"],
        ["report", "--out", tmp_path / "r"],
        ["export", tmp_path / "x"],
        ["quarantine", "list"],
    ):
        result = _run(tmp_path, *args)
        assert result.returncode == 0, (args, result.stderr[-2000:])
    assert _run(tmp_path, "--help").returncode == 0

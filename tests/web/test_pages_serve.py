"""`resonanz serve`: migrates, prints the address and a demo login that owns every workspace,
and serves the pages on 127.0.0.1."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import authenticate

from resonanz.web.store.models import Workspace
from resonanz.web.team.models import Membership


def test_demo_login_owns_every_workspace(db: None) -> None:
    from resonanz.cli.serve import demo_login

    a = Workspace.objects.create(name="a")
    b = Workspace.objects.create(name="b")
    user, password, n = demo_login()
    assert n == 2
    assert authenticate(username=user, password=password) is not None
    roles = set(Membership.objects.filter(user__username=user).values_list("workspace", "role"))
    assert roles == {(a.pk, "owner"), (b.pk, "owner")}
    # a second start resets the password and keeps one membership per workspace
    _, password2, _ = demo_login()
    assert password2 != password
    assert Membership.objects.filter(user__username=user).count() == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.sqlite_only  # the command runs against its own SQLite store file, not the test DB
def test_serve_migrates_prints_the_login_and_serves(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESONANZ_TEST")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    env["PYTHONUNBUFFERED"] = "1"
    command = "from resonanz.cli import app; app()"
    proc = subprocess.Popen(
        [sys.executable, "-c", command, "--lang", "en", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline() if proc.stdout else ""
            if not line:
                break
            lines.append(line)
            if "Ctrl+C" in line:
                break
        out = "".join(lines)
        assert f"http://127.0.0.1:{port}/" in out, out
        login = re.search(r"Login: user (\S+), password (\S+)", out)
        assert login and login.group(1) == "demo", out
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as r:
                    body = r.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert 'name="username"' in body
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stdout:
            proc.stdout.close()


class _Tty:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


class _Sys:
    def __init__(self, tty: bool) -> None:
        self.stdin = _Tty(tty)
        self.stdout = _Tty(tty)


@pytest.mark.parametrize("interactive", [False, True])
def test_demo_serves_only_when_interactive(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interactive: bool
) -> None:
    import resonanz.cli.demo as demo_module
    import resonanz.cli.serve as serve_module

    served: list[int] = []
    # demo sets DATABASE_URL for its own store if unset; keep that from leaking to later tests
    monkeypatch.setenv("DATABASE_URL", os.environ.get("DATABASE_URL", f"sqlite:///{tmp_path}/x"))
    monkeypatch.setattr(demo_module, "sys", _Sys(interactive))
    monkeypatch.setattr(serve_module, "run_server", served.append)
    result = cli("demo", "--creators", "10", "--out", tmp_path / "demo", "--port", "8123")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert (tmp_path / "demo" / "report" / "index.html").exists()
    assert served == ([8123] if interactive else [])

"""``resonanz token create|list|revoke``: a user's API tokens from the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client


@pytest.fixture(autouse=True)
def _static_root(settings: Any, tmp_path: Path) -> None:
    # whitenoise warns (an error under filterwarnings=error) when STATIC_ROOT does not exist
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


def test_token_create_list_revoke(cli: Callable[..., Any]) -> None:
    from resonanz.web.store.models import Workspace
    from resonanz.web.team.models import ApiToken, Membership, hash_token

    user = get_user_model().objects.create_user("tina", password="pw-tina-12345")
    Membership.objects.create(user=user, workspace=Workspace.objects.create(name="t"), role="owner")
    created = cli("token", "create", "--user", "tina", "--name", "ci")
    assert created.exit_code == 0, created.stderr
    raw = created.stdout.strip()
    assert raw.startswith("rz_")
    assert ApiToken.objects.get(user=user).digest == hash_token(raw)
    assert "ci" in created.stderr
    answer = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/workspaces")
    assert answer.json()["items"][0]["name"] == "t"

    listed = cli("token", "list", "--user", "tina", "--json").json()
    assert [(t["name"], t["prefix"]) for t in listed] == [("ci", raw[:10])]
    assert raw not in cli("token", "list", "--user", "tina").stdout

    token_id = listed[0]["token_id"]
    assert cli("token", "revoke", str(token_id), "--user", "tina").exit_code == 0
    assert not ApiToken.objects.filter(user=user).exists()
    assert cli("token", "revoke", str(token_id), "--user", "tina").exit_code == 1


def test_token_for_unknown_user_fails_clearly(cli: Callable[..., Any]) -> None:
    result = cli("--lang", "en", "token", "create", "--user", "nobody", "--name", "x")
    assert result.exit_code == 1
    assert "Unknown user 'nobody'" in result.stderr

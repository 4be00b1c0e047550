"""Accessible markup on every page: each form control has a label, one h1, a language, a skip
link to main, images of charts described; checked on the rendered HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from resonanz.web.store.models import Account
from resonanz.web.team.models import Membership


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.h1 = 0
        self.html_lang = ""
        self.images: list[dict[str, str]] = []
        self.skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang", "")
        if tag == "h1":
            self.h1 += 1
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        if tag == "a" and a.get("href") == "#main":
            self.skip = True
        if tag in {"input", "select", "textarea"} and a.get("type") not in {"hidden", "submit"}:
            self.controls.append(a)
        if a.get("role") == "img":
            self.images.append(a)


@pytest.fixture(autouse=True)
def _static_root(settings: Any, tmp_path: Path) -> None:
    # whitenoise warns (an error under filterwarnings=error) when STATIC_ROOT does not exist
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


@pytest.fixture
def owner(db: None, tmp_path: Path) -> Client:
    from resonanz.io.generator import write_world
    from resonanz.web.store.importer import import_paths
    from resonanz.web.store.services import get_workspace, vet_workspace

    data = tmp_path / "data"
    write_world(data, 10, seed=2, fmt="csv")
    (data / "ground_truth.csv").unlink()
    import_paths([data], "alpha", tmp_path / "errors.csv")
    ws = get_workspace("alpha")
    vet_workspace(ws)
    user = get_user_model().objects.create_user("olga", password="pw-olga-123")
    Membership.objects.create(user=user, workspace=ws, role="owner")
    c = Client()
    c.force_login(user)
    return c


def _check(html: str, url: str) -> None:
    page = _Page()
    page.feed(html)
    assert page.html_lang in {"de", "en"}, url
    assert page.skip, url
    assert page.h1 == 1, (url, page.h1)
    unlabelled = [
        c for c in page.controls if c.get("id") not in page.label_for and not c.get("aria-label")
    ]
    assert unlabelled == [], (url, unlabelled)
    assert all(img.get("aria-label") for img in page.images), url


def test_every_page_has_labelled_controls_and_one_heading(owner: Client) -> None:
    acc = Account.objects.filter(creator__isnull=False).order_by("pk")[0]
    other = Account.objects.order_by("-pk")[0]
    urls = [
        "/creators/",
        "/creators/?platform=instagram&q=koch",
        f"/creators/{acc.creator_id}/",
        f"/accounts/{acc.pk}/",
        f"/compare/?a={acc.pk}&a={other.pk}",
        "/import/",
        "/quarantine/",
        "/shortlists/",
        "/members/",
        "/plans/",
        "/workspaces/new/",
        "/tokens/",
    ]
    for url in urls:
        r = owner.get(url)
        assert r.status_code == 200, url
        _check(r.content.decode(), url)
    anonymous = Client()
    for url in ("/login/", "/signup/"):
        _check(anonymous.get(url).content.decode(), url)

"""N+1 guard: the creators list and a creator page cost the same number of queries whatever the
workspace's size, and no more than the committed baseline (tests/web/query_baseline.json).

If a change adds a query on purpose, raise the baseline in the same commit and say why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resonanz.web.store.models import Creator, Workspace
from resonanz.web.team.models import Membership

BASELINE = json.loads((Path(__file__).parent / "query_baseline.json").read_text())


@pytest.fixture(autouse=True)
def _static_root(settings: Any, tmp_path: Path) -> None:
    # whitenoise warns (an error under filterwarnings=error) when STATIC_ROOT does not exist
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


def _world(tmp_path: Path, name: str, creators: int) -> Client:
    from resonanz.io.generator import write_world
    from resonanz.web.store.importer import import_paths
    from resonanz.web.store.services import vet_workspace

    data = tmp_path / name
    write_world(data, creators, seed=7, fmt="csv")
    (data / "ground_truth.csv").unlink()
    import_paths([data], name, tmp_path / f"{name}-errors.csv")
    ws = Workspace.objects.get(name=name)
    vet_workspace(ws)
    user = get_user_model().objects.create_user(f"u-{name}", password="pw-123-abc")
    Membership.objects.create(user=user, workspace=ws, role="owner")
    c = Client()
    c.force_login(user)
    return c


def _count(c: Client, url: str, **params: Any) -> int:
    c.get(url, params)  # warm up: session, language, template caches
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(url, params)
    assert r.status_code == 200
    assert b'name="a" value=' in r.content or b"<section" in r.content  # a non-empty page
    return len(ctx.captured_queries)


def _one_account_creator(name: str) -> int:
    creator = (
        Creator.objects.filter(workspace__name=name)
        .annotate(n=Count("account"))
        .filter(n=1)
        .order_by("pk")
        .first()
    )
    assert creator is not None
    return creator.pk


def test_query_counts_do_not_grow_with_the_number_of_creators(db: None, tmp_path: Path) -> None:
    small, large = _world(tmp_path, "small", 10), _world(tmp_path, "large", 60)
    # a search word both worlds have matches for (a niche of the small world's first creator)
    first = Creator.objects.filter(workspace__name="small").exclude(niches=[]).order_by("pk")[0]
    word = first.niches[0]
    counts = {}
    for label, c, name in (("small", small, "small"), ("large", large, "large")):
        counts[label] = {
            "creators_list": _count(c, "/creators/"),
            "creators_list_filtered": _count(
                c, "/creators/", q=word, min_score="1", sort="-engagement"
            ),
            "creator_page": _count(c, f"/creators/{_one_account_creator(name)}/"),
        }
    assert counts["small"] == counts["large"], counts
    for key, n in counts["large"].items():
        assert n <= BASELINE[key], (key, n, BASELINE[key])

"""Discovery and lookalikes on the 120-creator demo market (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from resonanz.core.brief import Brief
from resonanz.core.discovery.filters import DiscoveryFilters
from resonanz.web.store.discovery import UnknownAccount, discover, find_account, lookalikes
from resonanz.web.store.models import Account, VettingResult, Workspace
from resonanz.web.store.search import search_accounts, search_documents


@pytest.fixture
def ws(market: pl.DataFrame) -> Workspace:
    return Workspace.objects.get(name="default")


def _accounts(ws: Workspace) -> list[Account]:
    return list(Account.objects.filter(workspace=ws).select_related("creator"))


def _all(ws: Workspace, query: str | None = None, **kw: object) -> pl.DataFrame:
    return discover(ws, query, DiscoveryFilters(**kw), limit=None).rows  # type: ignore[arg-type]


def test_import_builds_the_index(ws: Workspace) -> None:
    docs = search_documents(ws)
    assert len(docs) == Account.objects.filter(workspace=ws).count() == 190
    assert all(docs.values())


def test_query_hits_contain_the_word(ws: Workspace) -> None:
    docs = search_documents(ws)
    hits = search_accounts(ws, "Hautpflege")
    assert len(hits) >= 10
    assert all("hautpflege" in docs[h.account_id].split() for h in hits)
    assert [h.rank for h in hits] == sorted((h.rank for h in hits), reverse=True)
    # and every account with the word is found
    assert {h.account_id for h in hits} == {k for k, d in docs.items() if "hautpflege" in d.split()}


@pytest.mark.parametrize(
    ("kw", "check"),
    [
        ({"platforms": ("tiktok",)}, lambda a: a.platform == "tiktok"),
        ({"niches": ("fitness",)}, lambda a: "fitness" in a.creator.niches),
        ({"cities": ("berlin", "hamburg")}, lambda a: a.creator.city in {"Berlin", "Hamburg"}),
        ({"countries": ("AT",)}, lambda a: (a.country or a.creator.country) == "AT"),
    ],
)
def test_filters_are_exact(ws: Workspace, kw: dict[str, object], check: Callable) -> None:
    got = set(_all(ws, **kw)["account_id"].to_list())
    expected = {a.external_id for a in _accounts(ws) if check(a)}
    assert expected and got == expected


def test_figure_filters_match_the_stored_vetting(ws: Workspace, cli: Callable) -> None:
    assert cli("vet", "--json").exit_code == 0
    rows = _all(ws, min_score=60.0, tiers=("micro",))
    expected = VettingResult.objects.filter(workspace=ws, score__gte=60.0, tier="micro").count()
    assert rows.height == expected > 0
    rows = _all(ws, min_engagement=0.05, min_quality=0.9, max_fee=300.0)
    assert rows.height > 0
    assert rows["engagement_rate"].min() >= 0.05
    assert rows["real_share"].min() >= 0.9
    assert rows["fee_eur"].max() <= 300.0


def test_sorts(ws: Workspace) -> None:
    by_eng = discover(ws, None, sort="engagement", limit=None).rows["engagement_rate"].drop_nulls()
    assert by_eng.to_list() == sorted(by_eng.to_list(), reverse=True)
    brief = Brief(niches=("fitness",), target={"age": [18, 34], "countries": ["DE"]})
    by_fit = discover(ws, None, brief=brief, sort="fit", limit=20).rows
    fits = by_fit["fit"].to_list()
    assert fits == sorted(fits, reverse=True)
    assert by_fit["content_fit"].drop_nulls().len() == 20
    top = by_fit.head(10)["niches"].to_list()
    assert sum("fitness" in n for n in top) >= 8


def test_brief_signals(ws: Workspace) -> None:
    # the demo's sponsored posts mention brands such as @flexmat.fit
    brief = Brief(brand="flexmat.fit", keywords=("training",), target={"cities": ["Berlin"]})
    rows = discover(ws, None, brief=brief, limit=None).rows
    mentioning = rows.filter(pl.col("brand_mentions") > 0)
    assert mentioning.height >= 1
    assert (mentioning["ugc_posts"] <= mentioning["brand_mentions"]).all()
    berlin = rows.filter(pl.col("in_target_city"))
    assert set(berlin["city"].to_list()) == {"Berlin"}
    assert rows.filter(pl.col("shared_hashtags").list.contains("training")).height > 0


def test_lookalikes_of_fitness_creators_are_mostly_fitness(ws: Workspace) -> None:
    fitness = [a for a in _accounts(ws) if a.creator.niches == ["fitness"]]
    assert len(fitness) >= 3
    shared = []
    for acc in fitness[:6]:
        result = lookalikes(ws, acc.external_id, limit=5)
        assert result.rows.height == 5
        assert acc.external_id not in result.rows["account_id"].to_list()
        sims = result.rows["similarity"].to_list()
        assert sims == sorted(sims, reverse=True)
        shared += ["fitness" in n for n in result.rows["niches"].to_list()]
        assert all(result.rows["shared_hashtags"].list.len() > 0)
    assert sum(shared) / len(shared) >= 0.8


def test_lookalikes_by_handle_leave_out_the_same_creator(ws: Workspace) -> None:
    acc = Account.objects.filter(workspace=ws, platform="tiktok").first()
    assert acc is not None
    result = lookalikes(ws, "@" + acc.handle.upper(), limit=50)
    creators = set(result.rows["creator_id"].to_list())
    assert acc.creator.external_id not in creators
    with pytest.raises(UnknownAccount):
        lookalikes(ws, "nobody-here")


def test_workspace_isolation(ws: Workspace, cli: Callable, tmp_path: Path) -> None:
    from resonanz.io.generator import write_world

    other = tmp_path / "other"
    write_world(other, 30, seed=9, fmt="parquet")
    assert cli("--workspace", "b", "import", other, "--errors", tmp_path / "e.csv").exit_code == 0
    wb = Workspace.objects.get(name="b")
    mine = set(Account.objects.filter(workspace=ws).values_list("pk", flat=True))
    theirs = set(Account.objects.filter(workspace=wb).values_list("pk", flat=True))
    for query in ("hautpflege", "fitness", "berlin", "rezept"):
        assert {h.account_id for h in search_accounts(ws, query)} <= mine
        assert {h.account_id for h in search_accounts(wb, query)} <= theirs
    assert set(_all(ws)["store_id"].to_list()) == mine
    assert set(search_documents(wb)) == theirs
    foreign = Account.objects.filter(workspace=wb).first()
    assert foreign is not None
    # the demo worlds reuse ids (acc-000001 …): a key resolves inside the workspace only
    assert find_account(ws, foreign.external_id).workspace_id == ws.pk
    assert find_account(wb, foreign.external_id).pk == foreign.pk
    like = lookalikes(wb, foreign.external_id, limit=100)
    assert set(like.rows["store_id"].to_list()) <= theirs

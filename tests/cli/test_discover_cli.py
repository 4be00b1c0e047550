"""``resonanz discover`` and ``resonanz lookalikes`` on the demo market."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
import pytest


def test_discover_json(cli: Callable, market: pl.DataFrame) -> None:
    result = cli("discover", "Hautpflege", "--platform", "instagram", "--limit", "3", "--json")
    assert result.exit_code == 0, result.stderr
    data: Any = result.json()
    assert data["terms"] == [["hautpflege"]]
    assert data["total"] >= 3 and len(data["results"]) == 3
    first = data["results"][0]
    for key in ("account_id", "handle", "platform", "tier", "relevance", "fee_eur", "signals"):
        assert key in first
    assert {r["platform"] for r in data["results"]} == {"instagram"}
    ranks = [r["relevance"] for r in data["results"]]
    assert ranks == sorted(ranks, reverse=True)


def test_discover_filters_and_sort(cli: Callable, market: pl.DataFrame) -> None:
    result = cli(
        "discover", "--niche", "fitness", "--city", "Berlin,Hamburg", "--min-engagement", "2",
        "--sort", "engagement", "--limit", "100", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows: Any = result.json()["results"]
    assert rows
    assert all("fitness" in r["niches"] and r["city"] in {"Berlin", "Hamburg"} for r in rows)
    assert all(r["engagement_rate"] >= 0.02 for r in rows)
    ers = [r["engagement_rate"] for r in rows]
    assert ers == sorted(ers, reverse=True)


def test_discover_with_brief(cli: Callable, market: pl.DataFrame, write: Callable) -> None:
    brief = write(
        "brief.yaml",
        "niches: [fitness]\nkeywords: [training]\nbrand: flexmat.fit\n"
        "target: {age: [18, 34], cities: [Berlin]}\n",
    )
    result = cli("discover", "--brief", brief, "--sort", "fit", "--limit", "5", "--json")
    assert result.exit_code == 0, result.stderr
    rows: Any = result.json()["results"]
    fits = [r["fit"] for r in rows]
    assert fits == sorted(fits, reverse=True) and fits[0] > 50
    assert all(r["why"] for r in rows)
    assert any("training" in r["signals"]["shared_hashtags"] for r in rows)


def test_search_is_discover(cli: Callable, market: pl.DataFrame) -> None:
    a = cli("search", "fitness", "--limit", "5", "--json")
    b = cli("discover", "fitness", "--limit", "5", "--json")
    assert a.exit_code == b.exit_code == 0
    assert a.json() == b.json()


def test_discover_table_in_both_languages(cli: Callable, market: pl.DataFrame) -> None:
    de = cli("discover", "laufen", "--limit", "3")
    en = cli("--lang", "en", "discover", "laufen", "--limit", "3")
    assert de.exit_code == en.exit_code == 0
    assert "Creator für „laufen“" in de.stdout and "Plattform" in de.stdout
    assert "creators for “laufen”" in en.stdout and "Platform" in en.stdout


@pytest.mark.parametrize(
    "query", ['"', "NEAR(a b", "*", "'; DROP TABLE accounts; --", "x" * 10_000, "!!!"]
)
def test_discover_hostile_queries(cli: Callable, market: pl.DataFrame, query: str) -> None:
    result = cli("discover", query, "--json")
    assert result.exit_code == 0, result.stderr
    assert cli("status", "--json").json()["counts"]["accounts"] == 190  # type: ignore[index]


def test_discover_errors(cli: Callable, market: pl.DataFrame, write: Callable) -> None:
    fit = cli("discover", "--sort", "fit")
    assert fit.exit_code == 2 and "--brief" in fit.stderr
    bad = write("bad.yaml", "goal: awareness\ntarget: {age: [40, 20]}\n")
    result = cli("discover", "--brief", bad)
    assert result.exit_code == 1 and "bad.yaml" in result.stderr and "age" in result.stderr
    rng = cli("discover", "--fee-min", "500", "--fee-max", "100")
    assert rng.exit_code == 2
    nothing = cli("--lang", "en", "discover", "zzzqqq")
    assert nothing.exit_code == 0 and "Nothing found" in nothing.stdout


def test_discover_empty_workspace(cli: Callable) -> None:
    cli("--workspace", "leer", "status")
    result = cli("--workspace", "leer", "discover", "fitness")
    assert result.exit_code == 1 and "leer" in result.stderr


def test_lookalikes(cli: Callable, market: pl.DataFrame) -> None:
    result = cli("lookalikes", "acc-000001", "--limit", "4", "--json")
    assert result.exit_code == 0, result.stderr
    data: Any = result.json()
    assert data["target"]["account_id"] == "acc-000001"
    assert len(data["results"]) == 4
    assert all(r["why"] for r in data["results"])
    sims = [r["similarity"] for r in data["results"]]
    assert sims == sorted(sims, reverse=True) and 0 < sims[-1] <= sims[0] <= 1
    handle = data["target"]["handle"]
    table = cli("--lang", "en", "lookalikes", "@" + handle, "--limit", "3")
    assert table.exit_code == 0 and f"Like @{handle}" in table.stdout


def test_lookalikes_unknown(cli: Callable, market: pl.DataFrame) -> None:
    result = cli("lookalikes", "niemand")
    assert result.exit_code == 1 and "niemand" in result.stderr


def test_bulk_import_without_index_then_rebuild(cli: Callable, write: Callable) -> None:
    accounts = write("accounts.csv", "account_id,platform,handle,bio\na1,instagram,lena,Sport\n")
    assert cli("import", accounts).exit_code == 0  # indexed: the bio
    posts = write(
        "posts.csv",
        "post_id,account_id,posted_at,caption\np1,a1,2026-05-01T10:00:00Z,Neue Laufschuhe!\n",
    )
    assert cli("import", posts, "--no-search-index").exit_code == 0
    assert cli("discover", "Laufschuh", "--json").json()["total"] == 0  # caption not indexed yet
    rebuilt = cli("--lang", "en", "search-index")
    assert rebuilt.exit_code == 0 and "1 accounts" in rebuilt.stdout
    after = cli("discover", "Laufschuh", "--json")
    assert [r["handle"] for r in after.json()["results"]] == ["lena"]

"""``resonanz advise platforms|times`` on the demo market."""

from __future__ import annotations

import polars as pl


def test_platform_advice_for_a_gen_z_brief(cli, write) -> None:
    brief = write("b.yaml", "goal: engagement\nbudget_eur: 4000\ntarget: {age: [16, 24]}\n")
    result = cli("--lang", "en", "advise", "platforms", "--brief", brief, "--json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["recommended"] == "tiktok"
    assert data["platforms"][0]["platform"] == "tiktok"
    assert abs(sum(p["share"] for p in data["platforms"]) - 1.0) < 1e-3
    texts = [r["text"] for r in data["platforms"][0]["reasons"]]
    assert any("16–24" in t and "TikTok" in t for t in texts)
    assert set(data["platforms"][0]["components"]) == {"age", "niche", "budget", "goal", "format"}


def test_a_bad_brief_names_the_field(cli, write) -> None:
    brief = write("b.yaml", "goal: fame\n")
    result = cli("advise", "platforms", "--brief", brief)
    assert result.exit_code == 1
    assert "goal" in result.stderr


def test_posting_times_per_account(cli, market: pl.DataFrame) -> None:
    handles = market["handle"].head(2).to_list() if "handle" in market.columns else None
    result = cli("advise", "times", "--all", "--json")
    assert result.exit_code == 0, result.stderr
    rows = result.json()
    assert rows and {r["rank"] for r in rows} == {1, 2, 3}
    per_account = {}
    for r in rows:
        per_account.setdefault(r["account_id"], []).append(r)
        assert r["evidence"] in {"own", "mixed", "seed"} and r["expected_lift"] > 0
    assert all(len(v) == 3 for v in per_account.values())
    # ranks are ordered by expected lift within each account
    for v in per_account.values():
        lifts = [r["expected_lift"] for r in sorted(v, key=lambda r: r["rank"])]
        assert lifts == sorted(lifts, reverse=True)
    if handles:
        one = cli("advise", "times", handles[0], "--json")
        assert one.exit_code == 0 and len(one.json()) == 3


def test_unknown_account_exits_1(cli, market: pl.DataFrame) -> None:
    result = cli("advise", "times", "@nobody_here")
    assert result.exit_code == 1
    assert "nobody_here" in result.stderr


def test_times_without_accounts_is_a_usage_error(cli) -> None:
    assert cli("advise", "times").exit_code == 2

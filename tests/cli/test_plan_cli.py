"""`resonanz plan BRIEF.yaml` on a small generated market, through the real store."""

from __future__ import annotations

import json

import pytest

KEYS = {
    "creators", "total_cost_eur", "objective", "bound", "gap", "status", "value_low",
    "value_high", "spend_by_tier", "spend_by_platform", "left_out", "goal",
}  # fmt: skip


def test_plan_json_respects_budget_exclusion_and_must_have(cli, market, write):
    reports = cli("vet", "--json").json()
    scored = sorted(
        (
            r
            for r in reports
            if r["score"] is not None and r.get("followers") and not r.get("is_private")
        ),
        key=lambda r: -r["score"],
    )
    excluded, must = scored[0]["handle"], scored[-1]["handle"]
    brief = write(
        "brief.yaml",
        f"goal: awareness\nbudget_eur: 20000\nexcluded_creators: ['{excluded}']\n"
        f"must_have: ['{must}']\n",
    )
    result = cli("plan", brief, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == KEYS
    assert data["goal"] == "awareness"
    assert 0 < data["total_cost_eur"] <= 20000 + 1e-6
    assert data["objective"] <= data["bound"] + 1e-6
    assert data["value_low"] <= data["objective"] <= data["value_high"]
    handles = {c["handle"] for c in data["creators"]}
    assert must in handles and excluded not in handles
    assert {"excluded_by_brief"} <= {lo["reason"] for lo in data["left_out"]}
    for c in data["creators"]:
        assert {"account_id", "handle", "platform", "tier", "deliverables", "fee_eur"} <= set(c)
        parts = sum(d["count"] * d["fee_eur"] for d in c["deliverables"])
        assert c["fee_eur"] == pytest.approx(parts, abs=0.05)
    assert sum(data["spend_by_platform"].values()) == pytest.approx(data["total_cost_eur"], abs=0.1)


def test_plan_platform_filter_and_table(cli, market, write):
    brief = write("b.yaml", "goal: engagement\nbudget_eur: 5000\nplatforms: [instagram]\n")
    data = cli("plan", brief, "--json").json()
    assert data["creators"] and {c["platform"] for c in data["creators"]} == {"instagram"}
    table = cli("--lang", "en", "plan", brief, "--pilot")
    assert table.exit_code == 0, table.stderr
    assert "Budget by tier" in table.stdout and "Pilot" in table.stdout


def test_bad_brief_and_missing_budget_exit_1(cli, market, write):
    bad = cli("plan", write("bad.yaml", "goal: fame\nbudget_eur: 100\n"))
    assert bad.exit_code == 1 and "goal" in bad.stderr
    nobudget = cli("plan", write("nob.yaml", "goal: awareness\n"))
    assert nobudget.exit_code == 1 and "budget_eur" in nobudget.stderr

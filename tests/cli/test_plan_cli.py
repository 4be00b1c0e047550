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
    assert set(data) >= KEYS
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


def test_pilot_then_scale_what_worked(cli, market, write):
    brief = write("brief.yaml", "goal: conversions\nbudget_eur: 6000\n")
    pilot = cli("plan", brief, "--pilot", "--json")
    assert pilot.exit_code == 0, pilot.stderr
    first = json.loads(pilot.stdout)
    assert first["pilot"] is True and len(first["creators"]) >= 2
    star, flop = first["creators"][0], first["creators"][1]
    # the star sold 50× what the plan expected, the flop nothing; results by handle
    expected = first["objective"] / len(first["creators"])
    rows = ["handle,platform,deliverable,count,conversions"]
    for c, sold in ((star, expected * 50), (flop, 0)):
        d = c["deliverables"][0]
        rows.append(f"{c['handle']},{c['platform']},{d['type']},{d['count']},{sold:.1f}")
    rows.append("nobody,tiktok,video,1,3")
    results = write("pilot.csv", "\n".join(rows) + "\n")
    follow = cli("plan", brief, "--pilot-results", results, "--json")
    assert follow.exit_code == 0, follow.stderr
    data = json.loads(follow.stdout)
    upd = {c["account_id"]: c for c in data["pilot_update"]["creators"]}
    assert upd[star["account_id"]]["multiplier"] > 2.0
    # the flop is shrunk towards its group (which the star lifted), but stays below it
    groups = {(g["platform"], g["tier"]): g for g in data["pilot_update"]["groups"]}
    flop_upd = upd[flop["account_id"]]
    assert flop_upd["multiplier"] < groups[(flop["platform"], flop["tier"])]["multiplier"]
    assert flop_upd["multiplier"] < upd[star["account_id"]]["multiplier"]
    assert data["pilot_update"]["unmatched"] == ["@nobody × video"]
    chosen = {c["account_id"] for c in data["creators"]}
    assert star["account_id"] in chosen
    assert data["objective"] > first["objective"]  # the star's higher expectation lifts the plan


def test_pilot_results_without_the_goal_metric_exit_1(cli, market, write):
    brief = write("brief.yaml", "goal: conversions\nbudget_eur: 6000\n")
    results = write("pilot.csv", "handle,deliverable,reach\nx,video,100\n")
    result = cli("plan", brief, "--pilot-results", results)
    assert result.exit_code == 1
    assert "conversions" in result.stderr


def test_plan_explains_itself_in_both_languages(cli, market, write):
    brief = write("r.yaml", "goal: awareness\nbudget_eur: 6000\nmicro_share: [0.6, 0.7]\n")
    en = cli("--lang", "en", "plan", brief, "--json").json()
    for c in en["creators"]:
        r = c["reason"]
        assert r["code"] in {"must_have", "value_per_eur"} and r["rank"] >= 1
        assert "value per euro" in r["why"] and 0 < r["credited_share"] <= 1
    for lo in en["left_out"]:
        assert lo["why"] and lo["reason"] in {"excluded_by_brief", "over_max_per_creator",
                                              "not_chosen"}  # fmt: skip
        if lo["reason"] == "not_chosen":
            assert lo["detail"] in {"over_budget", "cluster_saturated", "lower_value_per_eur",
                                    "micro_share_full", "micro_share_needed", "platform_mix",
                                    "budget_and_shares"}  # fmt: skip
    de = cli("--lang", "de", "plan", brief, "--json").json()
    assert all("Wert je Euro" in c["reason"]["why"] for c in de["creators"])
    table = cli("--lang", "de", "plan", brief)
    assert "Warum" in table.stdout and "Nicht im Plan" in table.stdout

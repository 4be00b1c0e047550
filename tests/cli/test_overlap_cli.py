"""`resonanz overlap` and the plan's deduplicated reach, on the generated market."""

from __future__ import annotations

import json


def _handles(cli, n: int) -> list[str]:
    reports = cli("vet", "--json").json()
    return [r["handle"] for r in reports if r.get("followers")][:n]


def test_overlap_json_pairs_and_reach(cli, market):
    a, b, c = _handles(cli, 3)
    result = cli("overlap", a, b, c, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["pairs"]) == 3
    for p in data["pairs"]:
        assert p["sample_a"] > 0 and p["sample_b"] > 0
        assert 0.0 <= p["jaccard"] <= 1.0
        assert p["shared_followers"] >= 0 and p["se"] >= 0
        assert p["method"] in {"exact", "sample"}
    r = data["reach"]
    assert len(r["accounts"]) == 3
    assert max(0.0, r["followers_total"] / 3) <= r["unique_followers"] <= r["followers_total"]
    assert r["se"] >= 0 and r["method"] in {"exact", "sample"}


def test_overlap_table_both_languages_and_errors(cli, market):
    a, b = _handles(cli, 2)
    en = cli("--lang", "en", "overlap", a, b)
    assert en.exit_code == 0, en.stderr
    assert "Deduplicated reach" in en.stdout
    de = cli("--lang", "de", "overlap", a, b)
    assert "Deduplizierte Reichweite" in de.stdout
    one = cli("overlap", a)
    assert one.exit_code == 1 and "zwei" in one.stderr
    unknown = cli("--lang", "en", "overlap", a, "@nobody_here")
    assert unknown.exit_code == 1 and "nobody_here" in unknown.stderr


def test_plan_json_reports_deduplicated_reach(cli, market, write):
    brief = write("brief.yaml", "goal: awareness\nbudget_eur: 8000\n")
    data = cli("plan", brief, "--json").json()
    r = data["dedup_reach"]
    assert set(r["accounts"]) == {c["account_id"] for c in data["creators"]}
    assert 0 < r["unique_followers"] <= r["followers_total"]
    assert r["se"] >= 0

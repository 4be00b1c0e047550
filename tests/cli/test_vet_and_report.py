"""`resonanz vet`, `report`, `status` on a small generated market, through the real store."""

from __future__ import annotations

import json

import polars as pl
import pytest

from resonanz.report.html import page_name


def test_status_counts_every_table(cli, market):
    counts = cli("status", "--json").json()["counts"]
    assert counts["accounts"] == market.height
    assert counts["creators"] == 120
    assert counts["posts"] > 12 * 100
    assert counts["metrics_daily"] > 0 and counts["follower_samples"] > 0


def test_vet_json_explains_every_score(cli, market):
    result = cli("vet", "--json")
    assert result.exit_code == 0
    reports = result.json()
    assert len(reports) == market.height
    for r in reports:
        keys = {c["key"] for c in r["components"]}
        assert {"tier", "engagement", "activity", "growth"} <= keys
        if r["score"] is not None:
            assert 0 <= r["score"] <= 100
            scored = [c for c in r["components"] if c["score"] is not None and c["weight"] > 0]
            total = sum(c["weight"] for c in scored)
            mean = sum(c["score"] * c["weight"] for c in scored) / total
            assert r["score"] == pytest.approx(mean, abs=1e-6)
        for c in r["components"]:
            assert 0 <= c["confidence"] <= 1
            assert c["reasons"], f"{r['account_id']} {c['key']} has no reason"


def test_bought_followers_are_flagged_and_cost_score(cli, market):
    reports = {r["account_id"]: r for r in cli("vet", "--json").json()}
    bought = market.filter(pl.col("bought_followers"))["account_id"].to_list()
    clean = market.filter(~pl.col("bought_followers"))["account_id"].to_list()
    assert bought, "the generator should plant bought followers in 120 creators"
    flagged = [a for a in bought if "follower_spike" in reports[a]["flags"]]
    assert len(flagged) >= 0.8 * len(bought)
    false_alarms = [a for a in clean if "follower_spike" in reports[a]["flags"]]
    assert len(false_alarms) <= 0.02 * len(clean)

    def mean_score(ids):
        scores = [reports[a]["score"] for a in ids if reports[a]["score"] is not None]
        return sum(scores) / len(scores)

    assert mean_score(flagged) < mean_score(clean) - 5


def test_vet_single_account_and_unknown_account(cli, market):
    account = market["account_id"][0]
    one = cli("vet", account, "--json").json()
    assert [r["account_id"] for r in one] == [account]
    assert cli("vet", "no-such-account").exit_code == 1


def test_vet_csv_has_a_row_per_account(cli, market):
    out = cli("vet", "--csv").stdout.strip().splitlines()
    assert out[0].startswith("account_id,handle,platform")
    assert len(out) == market.height + 1


def test_report_shows_the_spike_and_why_the_score_fell(cli, market, tmp_path):
    cli("vet")
    reports = {r["account_id"]: r for r in cli("vet", "--json").json()}
    spiked = next(a for a, r in reports.items() if "follower_spike" in r["flags"])
    growth = next(c for c in reports[spiked]["components"] if c["key"] == "growth")
    spike_date = growth["evidence"]["spikes"][0]["date"]

    result = cli("report", "--out", tmp_path / "report")
    assert result.exit_code == 0
    index = tmp_path / "report" / "index.html"
    assert index.exists()
    html = index.read_text(encoding="utf-8")
    link = f"accounts/{page_name(spiked)}.html"
    assert f'href="{link}"' in html, "the index links the account page"
    page = (tmp_path / "report" / link).read_text(encoding="utf-8")
    day = spike_date[8:10] + "." + spike_date[5:7] + "." + spike_date[:4]
    assert day in page  # the spike's date, German style, in the banner and under the chart
    assert "Follower-Sprung" in page
    assert json.dumps(spike_date)[1:-1] in page  # the chart marks it
    assert (tmp_path / "report" / "assets" / "plotly.min.js").exists()


def test_report_in_english(cli, market, tmp_path):
    assert cli("--lang", "en", "report", "--out", tmp_path / "en").exit_code == 0
    html = (tmp_path / "en" / "index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in html


def test_vet_empty_workspace_explains(cli):
    cli("--workspace", "leer", "status")
    result = cli("--workspace", "leer", "vet")
    assert result.exit_code == 1
    assert "Keine Accounts" in result.stderr


def test_unknown_workspace_is_an_error(cli):
    result = cli("--workspace", "gibtsnicht", "vet")
    assert result.exit_code == 1


def test_demo_runs_end_to_end(cli, tmp_path, monkeypatch):
    monkeypatch.setenv(
        "DATABASE_URL", "sqlite:///unused-in-tests.sqlite3"
    )  # the test store is used
    result = cli("demo", "--creators", "40", "--out", tmp_path / "demo")
    assert result.exit_code == 0, result.stderr
    assert "Top-Creator" in result.stdout
    assert str((tmp_path / "demo" / "report" / "index.html").resolve()) in result.stdout.replace(
        "\n", ""
    )
    assert (tmp_path / "demo" / "data" / "ground_truth.parquet").exists()


def test_vet_with_a_brief_counts_fit_and_reads_comments(cli, market, tmp_path):
    """Without a brief the fit components weigh 0; with one they count. Comment texts are read."""
    brief = tmp_path / "brief.yaml"
    brief.write_text(
        "goal: engagement\nniches: [fitness, food]\n"
        "target: {age: [18, 34], countries: [DE, AT, CH]}\n",
        encoding="utf-8",
    )
    plain = {r["account_id"]: r for r in cli("vet", "--json").json()}
    briefed = {r["account_id"]: r for r in cli("vet", "--brief", brief, "--json").json()}

    def comp(report, key):
        return next(c for c in report["components"] if c["key"] == key)

    assert all(comp(r, "content_fit")["weight"] == 0 for r in plain.values())
    assert all(comp(r, "audience_fit")["weight"] == 0 for r in plain.values())
    assert all(comp(r, "content_fit")["weight"] > 0 for r in briefed.values())
    fitted = [r for r in briefed.values() if comp(r, "audience_fit")["score"] is not None]
    assert fitted and all(comp(r, "audience_fit")["weight"] > 0 for r in fitted)
    # comment quality: scored from the stored comment texts where there are comments
    cq = [comp(r, "comment_quality") for r in plain.values()]
    assert any(c["score"] is not None and c["confidence"] > 0 for c in cq)
    # a missing input lowers the confidence instead of inventing a value
    assert all(c["confidence"] == 0 for c in cq if c["score"] is None)
    assert all(comp(r, "disclosure")["key"] for r in plain.values())


def test_vet_with_a_bad_brief_names_the_field(cli, market, tmp_path):
    brief = tmp_path / "bad.yaml"
    brief.write_text("goal: fame\nbudget_eur: -5\n", encoding="utf-8")
    result = cli("vet", "--brief", brief)
    assert result.exit_code == 1
    assert "goal" in result.stderr or "goal" in result.stdout


def test_vet_json_is_the_reports_contract_best_first(cli, market):
    """The JSON is read back as stored, without validating each report again: it must still be
    exactly what the report model dumps, best rank first."""
    from resonanz.core.vetting.result import VettingReport

    reports = cli("vet", "--json").json()
    for r in reports:
        assert json.loads(VettingReport.model_validate(r).model_dump_json()) == r
    ranks = [r["rank_score"] if r["rank_score"] is not None else -1 for r in reports]
    assert ranks == sorted(ranks, reverse=True)


def test_vet_table_counts_all_and_lists_the_limit(cli, market):
    result = cli("--lang", "en", "vet", "--limit", "3")
    assert result.exit_code == 0
    top = cli("vet", "--json").json()[:3]
    lines = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert len(lines) == 3
    for line, report in zip(lines, top, strict=True):
        assert report["handle"] in line
    from resonanz.cli.messages import msg

    assert msg("vetted", "en", count=market.height) in result.stdout

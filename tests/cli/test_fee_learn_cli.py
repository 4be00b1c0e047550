"""`resonanz fee HANDLE --learn DEALS.csv` on the generated market."""

from __future__ import annotations

import json


def _accounts(cli, n: int) -> list[dict]:
    reports = cli("vet", "--json").json()
    return [r for r in reports if r.get("followers") and r.get("platform") == "instagram"][:n]


def test_learned_fee_moves_towards_paid_fees(cli, market, write):
    accs = _accounts(cli, 6)
    prior = {
        r["account_id"]: r["fee_eur"]
        for r in cli("fee", *[a["handle"] for a in accs], "-d", "feed_post", "--json").json()
    }
    lines = ["account,deliverable,fee_eur,date,reach"]
    for a in accs:  # every deal paid twice the fair fee
        for month in ("01", "02", "03"):
            lines.append(
                f"@{a['handle']},feed_post,{2 * prior[a['account_id']]:.2f},2026-{month}-15,5000"
            )
    deals = write("deals.csv", "\n".join(lines) + "\n")
    result = cli("fee", accs[0]["handle"], "-d", "feed_post", "--learn", deals, "--json")
    assert result.exit_code == 0, result.stderr
    row = next(r for r in json.loads(result.stdout) if r["account_id"] == accs[0]["account_id"])
    learned = row["learned"]
    assert row["fee_eur"] < learned["fee_eur"] <= 2 * row["fee_eur"] * 1.01
    assert learned["fee_low_eur"] < learned["fee_eur"] < learned["fee_high_eur"]
    assert learned["deals_in_segment"] == 18 and 0 < learned["data_weight"] <= 1
    table = cli("--lang", "en", "fee", accs[0]["handle"], "-d", "feed_post", "--learn", deals)
    assert table.exit_code == 0 and "Learned from 18 deals" in table.stdout


def test_bad_deals_file_names_line_and_field(cli, market, write):
    acc = _accounts(cli, 1)[0]["handle"]
    bad = write("bad.csv", f"account,deliverable,fee_eur\n{acc},feed_post,abc\n")
    result = cli("--lang", "en", "fee", acc, "--learn", bad)
    assert result.exit_code == 1 and "line 2, field fee_eur" in result.stderr
    unknown = write("u.csv", "account,deliverable,fee_eur\n@nobody_here,reel,100\n")
    result = cli("--lang", "en", "fee", acc, "--learn", unknown)
    assert result.exit_code == 1 and "line 2" in result.stderr and "nobody_here" in result.stderr

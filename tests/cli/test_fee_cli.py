"""`resonanz fee` on a small generated market, through the real store."""

from __future__ import annotations

import polars as pl
import pytest

from resonanz.io.generator import write_world

KEYS = {"account_id", "handle", "platform", "tier", "deliverable", "fee_low_eur", "fee_eur",
        "fee_high_eur", "reasons"}  # fmt: skip


@pytest.fixture
def accounts(cli, tmp_path):
    """A 30-creator demo market, imported into the test store; returns its accounts."""
    data = tmp_path / "data"
    write_world(data, 30, seed=5, fmt="parquet")
    result = cli("import", data, "--errors", tmp_path / "e.csv")
    assert result.exit_code == 0, result.stdout
    return pl.read_parquet(data / "accounts.parquet")


def test_fee_json_by_id_and_handle(cli, accounts):
    big = accounts.filter(pl.col("followers") >= 10_000).sort("followers").row(0, named=True)
    other = accounts.filter(pl.col("account_id") != big["account_id"]).row(0, named=True)
    result = cli("--lang", "en", "fee", big["account_id"], "@" + other["handle"], "--json")
    assert result.exit_code == 0, result.stderr
    rows = result.json()
    # a handle names every account with that handle (one creator on several platforms)
    same_handle = accounts.filter(pl.col("handle") == other["handle"])["account_id"].to_list()
    expected = {big["account_id"], *same_handle}
    assert {r["account_id"] for r in rows} == expected
    assert len(rows) == 4 * len(expected)  # four deliverables each
    for r in rows:
        assert set(r) >= KEYS
        if r["fee_eur"] is not None:
            assert 0 <= r["fee_low_eur"] <= r["fee_eur"] <= r["fee_high_eur"]
        assert r["reasons"] and all(x["text"] for x in r["reasons"])
    feed = next(r for r in rows if r["account_id"] == big["account_id"]
                and r["deliverable"] == "feed_post")  # fmt: skip
    story = next(r for r in rows if r["account_id"] == big["account_id"]
                 and r["deliverable"] == "story")  # fmt: skip
    assert feed["fee_eur"] > 0 and story["fee_eur"] < feed["fee_eur"]
    assert feed["reasons"][0]["code"] == "fee_base"
    assert "followers" in feed["reasons"][0]["text"]


def test_fee_one_deliverable_table_and_product(cli, accounts):
    account = accounts.row(0, named=True)
    result = cli("fee", account["account_id"], "--deliverable", "reel", "--product-value", "50")
    assert result.exit_code == 0, result.stderr
    assert "Faire Honorare" in result.stdout and "reel" in result.stdout
    assert "feed_post" not in result.stdout
    rows = cli("fee", account["account_id"], "-d", "reel", "--product-value", "50", "--json").json()
    assert [r["deliverable"] for r in rows] == ["reel"]
    assert rows[0]["product_value_eur"] == 50.0


def test_fee_unknown_account_and_no_argument(cli, accounts):
    result = cli("fee", "nobody-here", "--json")
    assert result.exit_code == 1
    assert "nobody-here" in result.stderr
    assert cli("fee").exit_code == 2

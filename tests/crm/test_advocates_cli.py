"""`resonanz advocates` and `resonanz referrals` on an imported demo CRM: JSON keys and figures."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from resonanz.io.crm_demo import demo_crm, write_crm


@pytest.fixture
def crm(cli, tmp_path: Path) -> dict:
    """A 600-customer demo CRM imported into the test store; returns its truth."""
    paths = write_crm(tmp_path / "crm", customers=600, seed=11)
    result = cli("import", tmp_path / "crm", "--json")
    assert result.exit_code == 0, result.stdout
    return json.loads(paths["truth"].read_text())


def test_advocates_json(cli, crm):
    result = cli("advocates", "--json", "--top", "5")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert set(data) == {
        "workspace", "customers", "advocates", "excluded_no_consent", "segments", "top",
    }  # fmt: skip
    assert set(data["segments"]) == {"brand_lover", "brand_maven", "brand_critic", "customer"}
    assert sum(s["customers"] for s in data["segments"].values()) == data["customers"]
    assert data["customers"] + data["excluded_no_consent"] == 600 + 3  # 3 planted alt accounts
    top = data["top"]
    assert len(top) == 5
    assert all(r["advocate"] for r in top)
    assert [r["score"] for r in top] == sorted((r["score"] for r in top), reverse=True)
    assert all(r["reason_texts"] for r in top)
    # the planted critics are found as critics
    critics = cli("advocates", "--json", "--segment", "brand_critic", "--top", "500").json()
    found = {r["customer_id"] for r in critics["top"]}
    assert len(found & set(crm["critics"])) >= 0.9 * len(crm["critics"])


def test_advocates_table_in_english_and_html(cli, crm, tmp_path):
    html = tmp_path / "report" / "advocates.html"
    result = cli("--lang", "en", "advocates", "--top", "3", "--html", html)
    assert result.exit_code == 0
    assert "Advocates" in result.stdout and "customers scored" in result.stdout
    page = html.read_text(encoding="utf-8")
    assert 'id="adv-segments"' in page and "Brand lover" in page
    assert (tmp_path / "report" / "assets" / "plotly.min.js").exists()


def test_referral_codes_are_stable(cli, crm, monkeypatch):
    monkeypatch.setenv("RESONANZ_REFERRAL_SECRET", "test-secret")
    first = cli("referrals", "codes", "--json", "--top", "4").json()
    again = cli("referrals", "codes", "--json", "--top", "4").json()
    assert first == again
    assert len(first) == 4
    assert {"customer_id", "code", "link", "score", "segment"} == set(first[0])
    monkeypatch.setenv("RESONANZ_REFERRAL_SECRET", "other")
    other = cli("referrals", "codes", "--json", "--top", "4").json()
    assert [r["code"] for r in other] != [r["code"] for r in first]


def test_referrals_analyze_finds_the_planted_fraud(cli, crm):
    result = cli("referrals", "analyze", "--json", "--advocates", "100")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert {"referrals", "flagged", "fraud", "flagged_referrals", "per_advocate", "uplift"} <= set(
        data
    )
    flagged = {r["referral_id"] for r in data["flagged_referrals"]}
    assert set(crm["fraud_referrals"]) <= flagged
    u = data["uplift"]
    assert u["advocates"] == 100
    assert u["orders"] == pytest.approx(100 * u["referrals_per_advocate"] * u["conversion_rate"])
    assert u["ci"]["orders"][0] <= u["orders"] <= u["ci"]["orders"][1]
    assert u["ci"]["level"] == 0.9


def test_no_crm_data_is_a_clear_error(cli, write):
    assert cli("import", write("creators.csv", "creator_id\ncr-1\n")).exit_code == 0
    result = cli("--lang", "en", "advocates")
    assert result.exit_code == 1
    assert "No customers" in result.stderr
    result = cli("--lang", "en", "referrals", "analyze")
    assert result.exit_code == 1
    assert "No referrals" in result.stderr


def test_demo_crm_is_seeded_and_plants_what_it_says():
    a, truth = demo_crm(customers=300, seed=5)
    b, _ = demo_crm(customers=300, seed=5)
    for table in ("customers", "orders", "reviews", "referrals"):
        assert a[table].equals(b[table]), table
    assert truth.advocates and truth.critics and truth.mavens
    assert len(truth.fraud_referrals) == 3 + 2 * 8 + 3
    langs = set(a["reviews"]["language"])
    assert langs == {"de", "en"}
    # every advocate's early purchases: launches bought within two weeks
    assert a["orders"].filter(pl.col("customer_id").is_in(truth.advocates)).height > 0
    assert truth.geo["lift"] == 0.08


def test_customers_and_orders_alone_are_enough(cli, write):
    cli("import", write("customers.csv", "customer_id,city\nk1,Berlin\nk2,Bad Tölz\nk3,\n"))
    orders = "order_id,customer_id,ordered_at,value\n" + "".join(
        f"o{i},k{1 + i % 3},2026-0{1 + i % 9}-15,{10 + i}\n" for i in range(12)
    )
    assert cli("import", write("orders.csv", orders)).exit_code == 0
    data = cli("advocates", "--json", "--all").json()
    assert data["customers"] == 3
    by_id = {r["customer_id"]: r for r in data["top"]}
    assert by_id["k1"]["metro_city"] == "Berlin" and by_id["k2"]["metro"] == 0.0
    assert by_id["k3"]["metro"] is None and by_id["k1"]["early_adopter"] is None
    assert all(0 <= r["score"] <= 100 for r in data["top"])


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_demo_crm_in_other_formats_imports_cleanly(cli, tmp_path, fmt):
    write_crm(tmp_path / "crm", customers=100, seed=2, fmt=fmt)
    result = cli("import", tmp_path / "crm", "--json")
    assert result.exit_code == 0, result.stdout
    assert [f["table"] for f in result.json()["files"]] == [
        "customers", "products", "orders", "reviews", "referrals",
    ]  # fmt: skip


def test_orders_with_referral_codes_count_as_referrals(cli, write, monkeypatch):
    from resonanz.core.advocates.referrals import referral_code

    monkeypatch.setenv("RESONANZ_REFERRAL_SECRET", "k")
    code = referral_code(b"k", "default", "c1", 10)
    cli("import", write("customers.csv", "customer_id\nc1\nc2\nc3\n"))
    orders = (
        "order_id,customer_id,ordered_at,value,referral_code\n"
        f"o1,c2,2026-03-01,40,{code.lower()}\n"  # codes are read case-insensitively
        f"o2,c2,2026-03-09,15,{code}\n"  # a second order of the same friend: not a new referral
        f"o3,c1,2026-03-02,25,{code}\n"  # the owner's own code: self-referral
        "o4,c3,2026-03-03,30,UNKNOWN\n"
    )
    assert cli("import", write("orders.csv", orders)).exit_code == 0
    data = cli("referrals", "analyze", "--json", "--advocates", "10").json()
    assert (data["referrals"], data["flagged"]) == (2, 1)
    assert data["fraud"]["self_referral"] == 1
    assert data["flagged_referrals"] == [
        {"referral_id": "order:o3", "referrer_id": "c1", "flags": ["self_referral"]}
    ]
    u = data["uplift"]
    assert (u["referrals_per_advocate"], u["conversion_rate"], u["order_value"]) == (1.0, 1.0, 40.0)
    assert u["revenue"] == 10 * 40.0


def test_advocates_csv_has_every_scored_customer(cli, crm, tmp_path):
    path = tmp_path / "advocates.csv"
    data = cli("advocates", "--json", "--csv", path).json()
    frame = pl.read_csv(path)
    assert frame.height == data["customers"]
    assert {"customer_id", "score", "segment", "advocate", "reasons", "reason_texts"} <= set(
        frame.columns
    )
    assert frame["advocate"].sum() == data["advocates"]


def test_advocates_sales_feeds_geo(cli, crm, tmp_path):
    path = tmp_path / "sales.csv"
    assert cli("advocates", "sales", "--out", path).exit_code == 0
    panel = pl.read_csv(path)
    assert panel.columns == ["location", "Y", "date"]
    assert panel["location"].n_unique() == 16  # the Bundesländer of the demo orders
    assert panel.group_by("location").len()["len"].n_unique() == 1  # every region every day
    result = cli("geo", "design", "--data", path, "--days", "14", "--json")
    assert result.exit_code == 0, result.stderr

"""`resonanz import` of CRM exports: same row-level errors, quarantine, idempotence as creators."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

CUSTOMERS = (
    "customer_id,postal_code,city,signup_date,consent_marketing,consent_profiling,instagram\n"
    "c1,80331,München,2024-01-05,ja,ja,anna.k\n"
    "c2,20095,Hamburg,2024-02-01,nein,ja,\n"
)
PRODUCTS = "product_id,name,launch_date,price\nP1,Hafer-Riegel,2025-03-01,2.49\nP2,Kakao,,4.99\n"


def _errors(path: Path) -> list[tuple[str, str, str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r["line"], r["field"], r["value"], r["reason"]) for r in csv.DictReader(fh)]


def _count(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {table}")
        return int(cur.fetchone()[0])


def test_crm_files_are_recognised_by_name_and_imported_parents_first(cli, write, tmp_path):
    folder = tmp_path / "crm"
    write(
        "crm/orders.csv",
        "order_id,customer_id,ordered_at,products,value\no1,c1,2025-03-02,P1 P2,7.48\n",
    )
    write("crm/customers.csv", CUSTOMERS)
    write("crm/products.csv", PRODUCTS)
    result = cli("import", folder, "--json")
    assert result.exit_code == 0, result.stdout
    tables = [f["table"] for f in result.json()["files"]]
    assert tables == ["customers", "products", "orders"]
    assert (_count("customers"), _count("products"), _count("orders")) == (2, 2, 1)


def test_crm_table_guessed_from_columns(cli, write):
    path = write("export_2025.csv", CUSTOMERS)
    result = cli("import", path, "--json")
    assert result.exit_code == 0
    assert result.json()["files"][0]["table"] == "customers"


def test_bad_crm_rows_get_exact_reasons_and_go_to_quarantine(cli, write, tmp_path):
    cli("import", write("customers.csv", CUSTOMERS))
    reviews = write(
        "reviews.csv",
        "review_id,customer_id,product_id,rating,text,reviewed_at\n"
        "r1,c1,P1,5,Super lecker!,2025-03-10\n"
        "r2,c1,P1,6,zu viel,2025-03-11\n"
        "r3,c9,P1,4,ok,2025-03-12\n"
        "r4,c2,P2,drei,meh,gestern\n"
        ",c2,P2,2,,2025-03-12\n",
    )
    errors = tmp_path / "errors.csv"
    result = cli("import", reviews, "--errors", errors)
    assert result.exit_code == 3
    assert _errors(errors) == [
        ("3", "rating", "6", "must be ≤ 5"),
        (
            "4",
            "customer_id",
            "c9",
            "unknown customer_id: not in customers of workspace 'default' (import customers first)",
        ),
        ("5", "rating", "drei", "not a whole number"),
        (
            "5",
            "reviewed_at",
            "gestern",
            "not a date-time (e.g. 2026-05-01T12:30:00Z or 01.05.2026 12:30)",
        ),
        ("6", "review_id", "", "required value missing"),
    ]
    assert _count("reviews") == 1
    listed = cli("quarantine", "list", "--json").json()
    assert sorted(r["line"] for r in listed if r["table"] == "reviews") == [3, 4, 5, 6]


def test_reimport_is_idempotent_and_updates(cli, write):
    path = write("customers.csv", CUSTOMERS)
    assert cli("import", path).exit_code == 0
    assert cli("import", path).exit_code == 0
    assert _count("customers") == 2
    write("customers.csv", CUSTOMERS.replace("München", "Muenchen"))
    assert cli("import", path).exit_code == 0
    from resonanz.web.crm.models import Customer

    assert Customer.objects.get(external_id="c1").city == "Muenchen"
    assert _count("customers") == 2


def test_german_excel_export_semicolon_decimal_comma_cp1252(cli, write):
    cli("import", write("customers.csv", CUSTOMERS))
    text = (
        "order_id;customer_id;ordered_at;products;value;promo_code;region\n"
        "o1;c1;02.03.2025 14:30;P1;1.234,50;SOMMER;BY\n"
        "o2;c2;03.03.2025;P2;12,90;;HH\n"
        "o3;c2;04.03.2025;P2;-5,00;;HH\n"
    )
    path = write("orders.csv", text.encode("cp1252"))
    result = cli("import", path, "--json")
    assert result.exit_code == 3
    from resonanz.web.crm.models import Order

    values = dict(Order.objects.values_list("external_id", "value"))
    assert values == {"o1": 1234.5, "o2": 12.9}
    assert Order.objects.get(external_id="o1").customer.external_id == "c1"


def test_jsonl_and_parquet_crm(cli, write, tmp_path):
    cli("import", write("customers.csv", CUSTOMERS))
    jl = write(
        "referrals.jsonl",
        '{"referral_id": "x1", "referrer_id": "c1", "code": "ABC", "converted": true, '
        '"order_value": 30.5}\n{"referral_id": "x2", "referrer_id": "c1", "converted": "maybe"}\n',
    )
    result = cli("import", jl, "--json")
    assert result.exit_code == 3
    assert _count("referrals") == 1
    pq_path = tmp_path / "products.parquet"
    pl.DataFrame({"product_id": ["P1", "P2"], "price": [1.0, -2.0]}).write_parquet(pq_path)
    result = cli("import", pq_path, "--json")
    assert result.exit_code == 3
    assert _count("products") == 1


def test_table_option_accepts_crm_tables(cli, write):
    path = write("anything.csv", PRODUCTS)
    assert cli("import", path, "--table", "products").exit_code == 0
    assert _count("products") == 2


def test_status_counts_and_export_round_trip_include_crm(cli, write, tmp_path):
    cli("import", write("customers.csv", CUSTOMERS))
    cli("import", write("products.csv", PRODUCTS))
    orders = "order_id,customer_id,ordered_at,products,value\no1,c1,2025-03-02,P1 P2,7.48\n"
    cli("import", write("orders.csv", orders))
    counts = cli("status", "--json").json()["counts"]
    assert (counts["customers"], counts["products"], counts["orders"]) == (2, 2, 1)
    out = tmp_path / "export"
    assert cli("export", out, "--format", "parquet").exit_code == 0
    assert cli("--workspace", "b", "import", out).exit_code == 0
    again = cli("--workspace", "b", "status", "--json").json()["counts"]
    assert {k: again[k] for k in ("customers", "products", "orders", "reviews")} == {
        "customers": 2, "products": 2, "orders": 1, "reviews": 0,
    }  # fmt: skip
    from resonanz.web.crm.models import Order

    order = Order.objects.get(workspace__name="b", external_id="o1")
    assert (order.products, order.value, order.customer.external_id) == (["P1", "P2"], 7.48, "c1")


def test_german_excel_customers_keep_umlauts_and_flags(cli, write):
    text = "customer_id;postal_code;city;signup_date;consent_marketing;consent_profiling\n"
    text += "k1;80331;München;05.01.2024;ja;ja\nk2;01067;Dresden;31.02.2024;nein;vielleicht\n"
    path = write("customers.csv", text.encode("cp1252"))
    result = cli("import", path, "--json")
    assert result.exit_code == 3
    assert result.json()["files"][0]["notes"] == [
        "encoding: not UTF-8, read as Windows-1252 (cp1252)"
    ]
    from resonanz.web.crm.models import Customer

    k1 = Customer.objects.get(external_id="k1")
    assert (k1.city, str(k1.signup_date), k1.consent_marketing) == ("München", "2024-01-05", True)
    assert not Customer.objects.filter(external_id="k2").exists()
    listed = cli("quarantine", "list", "--json").json()
    (row,) = [r for r in listed if r["table"] == "customers"]
    assert row["line"] == 3
    assert sorted(row["errors"]) == [
        "consent_profiling: not a yes/no value (true/false, 1/0, ja/nein)",
        "signup_date: not a date (e.g. 2026-05-01 or 01.05.2026)",
    ]

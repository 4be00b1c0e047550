"""Daily sales per region from orders: the regional-test panel, zero-filled."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from resonanz.core.advocates.sales import daily_sales

ORDERS = pl.DataFrame(
    {
        "order_id": ["o1", "o2", "o3", "o4", "o5"],
        "customer_id": ["a", "b", "a", "c", "b"],
        "ordered_at": [
            datetime(2026, 3, 1, 9, tzinfo=UTC),
            datetime(2026, 3, 1, 18, tzinfo=UTC),
            datetime(2026, 3, 3, 12, tzinfo=UTC),
            datetime(2026, 3, 2, 12, tzinfo=UTC),
            datetime(2026, 3, 3, 8, tzinfo=UTC),
        ],
        "value": [10.0, 5.5, 20.0, 7.0, 1.0],
        "region": ["Bayern", "Bayern", "Bayern", None, "Berlin"],
    }
)
CUSTOMERS = pl.DataFrame({"customer_id": ["a", "b", "c"], "postal_code": ["80331", "10115", "x"]})


def test_value_per_region_and_day_with_zero_days():
    panel = daily_sales(ORDERS)
    assert panel.columns == ["location", "Y", "date"]
    assert panel.rows() == [
        ("Bayern", 15.5, date(2026, 3, 1)),
        ("Bayern", 0.0, date(2026, 3, 2)),
        ("Bayern", 20.0, date(2026, 3, 3)),
        ("Berlin", 0.0, date(2026, 3, 1)),
        ("Berlin", 0.0, date(2026, 3, 2)),
        ("Berlin", 1.0, date(2026, 3, 3)),
    ]


def test_order_counts_by_postal_region():
    panel = daily_sales(ORDERS, CUSTOMERS, metric="orders", postal_digits=2)
    totals = dict(panel.group_by("location").agg(pl.col("Y").sum()).iter_rows())
    assert totals == {"PLZ 80": 2.0, "PLZ 10": 2.0}  # c has no valid postal code


def test_no_region_is_a_clear_error():
    with pytest.raises(ValueError, match="no order has a region"):
        daily_sales(ORDERS.with_columns(pl.lit(None, dtype=pl.String).alias("region")))
    with pytest.raises(ValueError, match="postal_digits"):
        daily_sales(ORDERS, None, postal_digits=2)

"""Daily sales per region from the CRM's orders: the panel a regional test reads.

Seed 003: *„Regional-Tests legen den Erfolg von Sales und Influencer-Einsatz offen."* The orders'
``region`` (or the first digits of the customer's postal code) and day give one row per region
and day — ``location, Y, date`` as ``resonanz geo analyze|design`` expect — with 0 on days a region
sold nothing, so every region has every day.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from resonanz.core.advocates.frames import conform

Metric = Literal["value", "orders"]


def daily_sales(
    orders: pl.DataFrame,
    customers: pl.DataFrame | None = None,
    metric: Metric = "value",
    postal_digits: int | None = None,
) -> pl.DataFrame:
    """``location, Y, date``: order value (or count) per region and day, zero-filled.

    With ``postal_digits`` (1–5) the region is the first digits of the customer's postal code
    (``PLZ 80`` …) instead of the order's ``region``. Orders without a region are left out.
    """
    orders = conform(orders, "orders")
    if postal_digits is not None:
        if not 1 <= postal_digits <= 5 or customers is None:
            raise ValueError("postal_digits needs 1 to 5 digits and the customers")
        plz = conform(customers, "customers").select(
            "customer_id",
            pl.col("postal_code")
            .str.extract(r"^(?:D-?)?(\d{5})$", 1)
            .str.slice(0, postal_digits)
            .alias("plz"),
        )
        orders = orders.join(plz, on="customer_id", how="left").with_columns(
            pl.when(pl.col("plz").is_not_null())
            .then(pl.concat_str(pl.lit("PLZ "), pl.col("plz")))
            .alias("region")
        )
    work = orders.filter(pl.col("region").is_not_null()).select(
        pl.col("region").str.strip_chars().alias("location"),
        pl.col("ordered_at").dt.date().alias("date"),
        (pl.col("value") if metric == "value" else pl.lit(1.0)).alias("Y"),
    )
    if work.is_empty():
        raise ValueError("no order has a region (or a postal code): nothing to aggregate")
    summed = work.group_by("location", "date").agg(pl.col("Y").sum())
    days = work.select(
        pl.date_range(pl.col("date").min(), pl.col("date").max(), "1d").alias("date")
    )
    grid = summed.select(pl.col("location").unique()).join(days, how="cross")
    return (
        grid.join(summed, on=["location", "date"], how="left")
        .with_columns(pl.col("Y").fill_null(0.0).round(2))
        .select("location", "Y", "date")
        .sort("location", "date")
    )

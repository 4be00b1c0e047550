"""Small typing helpers shared by the columnar components."""

from __future__ import annotations

from typing import Any

import polars as pl


def to_naive_utc(name: str, source: Any) -> pl.Expr:
    """Column ``name`` as naive UTC date-times (µs), whether it came zoned, naive or as text."""
    col = pl.col(name)
    if isinstance(source, pl.Datetime):
        if source.time_zone is not None:
            col = col.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
        return col.dt.cast_time_unit("us")
    if source == pl.String:
        parsed = col.str.to_datetime(strict=False, time_unit="us", time_zone="UTC")
        return parsed.dt.replace_time_zone(None)
    return col.cast(pl.Datetime("us"), strict=False)

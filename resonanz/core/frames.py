"""Small typing helpers shared by the columnar components."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
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


def naive_utc(value: datetime) -> datetime:
    """A moment as naive UTC (zoned moments converted, naive ones taken as UTC)."""
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def select_typed(
    frame: pl.DataFrame | pl.LazyFrame,
    spec: Mapping[str, Any],
    convert: Callable[[str, Any, Any], pl.Expr],
) -> pl.LazyFrame:
    """The columns of ``spec`` (name → dtype), converted; absent columns become typed nulls."""
    schema = frame.collect_schema()
    exprs = [
        convert(name, schema[name], dtype).alias(name)
        if name in schema
        else pl.lit(None, dtype=dtype).alias(name)
        for name, dtype in spec.items()
    ]
    return frame.lazy().select(exprs)

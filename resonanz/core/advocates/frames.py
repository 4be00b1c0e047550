"""Bring CRM frames into the contract's shape: every column present, typed as the contract says.

Frames read from a store or built by hand may lack optional columns or carry all-null columns of
type Null; the analysis should not care.
"""

from __future__ import annotations

import polars as pl

from resonanz.core.contracts import arrow_schema


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """``frame`` with the contract columns of ``table`` (missing ones null), cast to their types."""
    schema = pl.Schema(arrow_schema(table))
    exprs = []
    for name, dtype in schema.items():
        if name in frame.columns:
            exprs.append(pl.col(name).cast(dtype, strict=False))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(name))
    extra = [c for c in frame.columns if c not in schema]
    return frame.select([*exprs, *extra])

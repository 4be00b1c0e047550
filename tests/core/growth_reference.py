"""Growth's spikes and drops as they were before the bounded pre-filter (commit 636f1aa).

Every step gets its account's median by a window expression and every candidate is joined
afterwards: simple, and slow on large markets. :mod:`tests.core.test_growth_equivalence` checks
that :func:`resonanz.core.vetting.growth.growth_frame` gives the same frame. Not used by the
package.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl

from resonanz.core.config import GrowthSettings
from resonanz.core.vetting.growth import _merged_events, _score_columns
from resonanz.core.vetting.growth_pass import MAD_TO_SIGMA as _MAD_TO_SIGMA


def _steps(metrics: pl.LazyFrame, now: datetime, s: GrowthSettings) -> pl.DataFrame:
    start = now.date() - timedelta(days=s.window_days)
    f, prev, days = pl.col("followers"), pl.col("_prev"), pl.col("_days")
    step_days = (pl.col("date") - pl.col("date").shift(1)).dt.total_days()
    valid = (pl.col("_aid") == pl.col("_aid").shift(1)) & (step_days > 0)
    steps = (
        metrics.filter((pl.col("date") > start) & (pl.col("date") <= now.date()))
        .filter(f.is_not_null())
        .select("_aid", "date", "followers")
        .sort("_aid", "date")
        .with_columns(_prev=pl.when(valid).then(f.shift(1)), _days=pl.when(valid).then(step_days))
        .with_columns(_change=f - prev)
        .with_columns(_rel=pl.when(prev > 0).then(pl.col("_change") / prev / days))
    )
    return steps.with_columns(_med=pl.col("_rel").median().over("_aid")).collect()


def _events(steps: pl.DataFrame, s: GrowthSettings) -> pl.DataFrame:
    prev, days = pl.col("_prev"), pl.col("_days")
    excess = pl.col("_change") - pl.col("_med") * days * prev
    noise = _MAD_TO_SIGMA * pl.col("_mad") * days * prev
    up = pl.max_horizontal(s.spike_min_share * prev, pl.lit(float(s.spike_min_followers)))
    down = pl.max_horizontal(s.drop_min_share * prev, pl.lit(float(s.drop_min_followers)))
    event = pl.struct(
        pl.col("date"),
        pl.col("_change").round().cast(pl.Int64).alias("change"),
        (pl.col("_change") / prev).alias("change_pct"),
    )
    mad = steps.group_by("_aid").agg(_mad=(pl.col("_rel") - pl.col("_med")).abs().median())
    flagged = (
        steps.join(mad, on="_aid")
        .filter(
            (excess > pl.max_horizontal(up, s.spike_mad_k * noise))
            | (excess < -pl.max_horizontal(down, s.drop_mad_k * noise))
        )
        .with_columns(_spike=excess > 0)
    )
    return (
        _merged_events(flagged, s)
        .group_by("_aid")
        .agg(
            growth_spikes=event.filter(pl.col("_spike")),
            growth_drops=event.filter(~pl.col("_spike")),
        )
    )


def growth_frame(metrics: pl.LazyFrame, now: datetime, settings: GrowthSettings) -> pl.DataFrame:
    """The reference: the same columns as the package's ``growth_frame``."""
    steps = _steps(metrics, now, settings)
    stats = steps.group_by("_aid").agg(
        growth_observations=pl.len().cast(pl.Int64),
        growth_first_date=pl.col("date").first(),
        growth_last_date=pl.col("date").last(),
        _first=pl.col("followers").first(),
        _last=pl.col("followers").last(),
        _med=pl.col("_med").first(),
    )
    span = (pl.col("growth_last_date") - pl.col("growth_first_date")).dt.total_days()
    stats = stats.with_columns(growth_span_days=span.cast(pl.Int64))
    events = _events(steps, settings)
    return _score_columns(stats.join(events, on="_aid", how="left"), settings)

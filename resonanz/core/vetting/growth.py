"""Growth: is the audience growing steadily, and are there jumps that suggest bought followers?

From ``metrics_daily`` over the last ``growth.window_days`` (180) before "now" — seed 002 asks for
the growth trend over 3–6 months:

* a step goes from one observation to the next, over ``d`` days, from ``prev`` followers; its
  relative daily change is ``r = change ÷ prev ÷ d``;
* trend = (1 + median r)^30 − 1, the relative growth per 30 days; the median of the steps ignores
  a few jumps, so it is the account's *organic* trend;
* a step is a **spike** when its excess ``change − median r · d · prev`` exceeds all of:
  ``spike_min_share · prev``, ``spike_min_followers`` and ``spike_mad_k`` robust sigmas
  (1.4826 × MAD of r) × d × prev; a **drop** likewise downwards (purges of bought followers).

Score = clip(50 + 50 · trend ÷ full_score_growth_30d, 0, 100) (at most ``spike_trend_cap`` when
there is a spike) − spike_penalty per spike − drop_penalty per drop, at least 0.
Confidence = min(1, span ÷ min_days_full_confidence) × min(1, observations per week); no history
gives no score.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl

from resonanz.core.config import DomainDefaults, GrowthSettings
from resonanz.core.vetting.result import ComponentResult, Reason

KEY = "growth"
_MAD_TO_SIGMA = 1.4826


def _window(metrics: pl.LazyFrame, now: datetime, s: GrowthSettings) -> pl.DataFrame:
    """Observations in the window (``_aid, date, followers``), sorted by account and date."""
    start = now.date() - timedelta(days=s.window_days)
    # one integer sort key (account, day in window): a cheap test whether the input is sorted
    key = (
        pl.col("_aid").cast(pl.Int64) * (s.window_days + 1)
        + (pl.col("date") - pl.lit(start)).dt.total_days()
    )
    window = (
        metrics.filter((pl.col("date") > start) & (pl.col("date") <= now.date()))
        .filter(pl.col("followers").is_not_null())
        .select("_aid", "date", "followers", _key=key)
        .collect()
    )
    if not window.get_column("_key").is_sorted():  # exports usually come in this order
        window = window.sort("_key")
    return window.drop("_key")


def _steps(window: pl.DataFrame) -> pl.LazyFrame:
    """Each observation with the step from the account's previous one (null for its first)."""
    f, prev, days = pl.col("followers"), pl.col("_prev"), pl.col("_days")
    step_days = (pl.col("date") - pl.col("date").shift(1)).dt.total_days()
    valid = (pl.col("_aid") == pl.col("_aid").shift(1)) & (step_days > 0)
    return (
        window.lazy()
        .with_columns(pl.col("_aid").set_sorted())  # sorted by account first: faster groups
        .with_columns(_prev=pl.when(valid).then(f.shift(1)), _days=pl.when(valid).then(step_days))
        .with_columns(_change=f - prev)
        .with_columns(_rel=pl.when(prev > 0).then(pl.col("_change") / prev / days))
    )


def _events(steps: pl.LazyFrame, medians: pl.DataFrame, s: GrowthSettings) -> pl.DataFrame:
    """Spikes and drops per account, as lists of {date, change, change_pct}."""
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
    # Cheap necessary conditions first. The medians of all accounts lie in [low, high], so
    # ``excess`` lies in [change - high·d·prev, change - low·d·prev]: steps that cannot pass
    # with any median are dropped before each step is given its account's median.
    low, high = (
        pl.lit(medians.get_column("_med").min(), pl.Float64),
        pl.lit(medians.get_column("_med").max(), pl.Float64),
    )
    bounded = (pl.col("_change") - low * days * prev > up) | (
        pl.col("_change") - high * days * prev < -down
    )
    candidates = (
        steps.filter(bounded)
        .join(medians.lazy(), on="_aid", how="left", maintain_order="left")
        .filter((excess > up) | (excess < -down))
        .collect()
    )
    # the MAD (a second median) only for the few accounts with candidate steps
    suspects = steps.filter(pl.col("_aid").is_in(candidates["_aid"].unique().implode()))
    mad = (
        suspects.join(medians.lazy(), on="_aid", how="left", maintain_order="left")
        .group_by("_aid")
        .agg(_mad=(pl.col("_rel") - pl.col("_med")).abs().median())
        .collect()
    )
    candidates = candidates.join(mad, on="_aid")
    flagged = candidates.filter(
        (excess > pl.max_horizontal(up, s.spike_mad_k * noise))
        | (excess < -pl.max_horizontal(down, s.drop_mad_k * noise))
    ).with_columns(_spike=excess > 0)
    return (
        _merged_events(flagged, s)
        .group_by("_aid")
        .agg(
            growth_spikes=event.filter(pl.col("_spike")),
            growth_drops=event.filter(~pl.col("_spike")),
        )
    )


def _merged_events(flagged: pl.DataFrame, s: GrowthSettings) -> pl.DataFrame:
    """Flagged steps of one account a few days apart are one event (a purchase over 2 days)."""
    aid, spike, date_ = pl.col("_aid"), pl.col("_spike"), pl.col("date")
    gap = (date_ - date_.shift(1)).dt.total_days()
    new = (aid != aid.shift(1)) | (spike != spike.shift(1)) | (gap > s.event_merge_days)
    return (
        flagged.sort("_aid", "date")
        .with_columns(_event=new.fill_null(True).cum_sum())
        .group_by("_event", maintain_order=True)
        .agg(
            aid.first(),
            spike.first(),
            date_.first(),
            pl.col("_change").sum(),
            pl.col("_prev").first(),
        )
    )


def _score_columns(frame: pl.DataFrame, s: GrowthSettings) -> pl.DataFrame:
    span = pl.col("growth_span_days")
    trend = (1.0 + pl.col("_med")).pow(30.0) - 1.0
    frame = frame.with_columns(
        growth_value=trend,
        growth_total_pct=pl.when(pl.col("_first") > 0).then(pl.col("_last") / pl.col("_first") - 1),
        growth_n_spikes=pl.col("growth_spikes").list.len().fill_null(0).cast(pl.Int64),
        growth_n_drops=pl.col("growth_drops").list.len().fill_null(0).cast(pl.Int64),
        growth_trend_score=(50.0 + 50.0 * trend / s.full_score_growth_30d).clip(0.0, 100.0),
    )
    penalty = s.spike_penalty * pl.col("growth_n_spikes") + s.drop_penalty * pl.col(
        "growth_n_drops"
    )
    per_week = (7.0 * (pl.col("growth_observations") - 1) / span).clip(0.0, 1.0)
    confidence = (span / s.min_days_full_confidence).clip(0.0, 1.0) * per_week
    # Growth that includes bought followers earns no credit: the trend counts at most as neutral.
    trend_score = (
        pl.when(pl.col("growth_n_spikes") > 0)
        .then(pl.min_horizontal(pl.col("growth_trend_score"), pl.lit(s.spike_trend_cap)))
        .otherwise(pl.col("growth_trend_score"))
    )
    score = pl.when(span > 0).then((trend_score - penalty).clip(0.0, 100.0))
    return frame.with_columns(
        growth_score=score,
        growth_confidence=pl.when(score.is_not_null()).then(confidence).otherwise(0.0),
        growth_last_followers=pl.col("_last"),
    ).drop("_first", "_last", "_med")


def growth_frame(metrics: pl.LazyFrame, now: datetime, settings: GrowthSettings) -> pl.DataFrame:
    """Per account (``_aid``) with metric history: trend, spikes, drops, score, confidence.

    ``metrics`` has ``_aid, date, followers`` (Float64); days after ``now`` are ignored.
    Accounts without usable history are absent (the pipeline fills them with nulls).
    """
    # materialised once: the statistics, the candidates and the suspects' MAD all read it
    steps = _steps(_window(metrics, now, settings)).collect().lazy()
    # the median without the nulls (each account's first observation has no step): polars'
    # grouped median is several times faster on a column without nulls
    medians = (
        steps.filter(pl.col("_rel").is_not_null())
        .group_by("_aid")
        .agg(_med=pl.col("_rel").median())
    )
    stats = (
        steps.group_by("_aid")
        .agg(
            growth_observations=pl.len().cast(pl.Int64),
            growth_first_date=pl.col("date").first(),
            growth_last_date=pl.col("date").last(),
            _first=pl.col("followers").first(),
            _last=pl.col("followers").last(),
        )
        .join(medians, on="_aid", how="left")
        .collect()
    )
    span = (pl.col("growth_last_date") - pl.col("growth_first_date")).dt.total_days()
    stats = stats.with_columns(growth_span_days=span.cast(pl.Int64))
    events = _events(steps, stats.select("_aid", "_med"), settings)
    return _score_columns(stats.join(events, on="_aid", how="left"), settings)


def _event_reasons(events: list[dict[str, Any]] | None, code: str, sev: str) -> list[Reason]:
    out = []
    for ev in events or []:
        params = {"date": ev["date"], "change": ev["change"], "change_pct": ev["change_pct"]}
        out.append(Reason(code=code, params=params, severity=sev))
    return out


def _trend_reason(row: Mapping[str, Any], s: GrowthSettings) -> Reason | None:
    trend = row["growth_value"]
    if trend is None:
        return None
    params = {"growth": trend, "days": row["growth_span_days"]}
    if trend < s.declining_below_30d:
        return Reason(code="growth_declining", params=params, severity="warn")
    if trend > -s.declining_below_30d:
        # growth that contains a spike is not praised: the trend is shown as neutral information
        sev = "info" if row["growth_spikes"] else "good"
        return Reason(code="growth_rising", params=params, severity=sev)
    return Reason(code="growth_flat", params=params)


def _reasons(row: Mapping[str, Any], s: GrowthSettings) -> list[Reason]:
    if not row["growth_observations"]:
        return [Reason(code="growth_no_history", severity="warn")]
    if not row["growth_span_days"]:
        return [
            Reason(
                code="growth_too_short", params={"n": row["growth_observations"]}, severity="warn"
            )
        ]
    out = [r for r in [_trend_reason(row, s)] if r is not None]
    out += _event_reasons(row["growth_spikes"], "growth_spike", "alert")
    out += _event_reasons(row["growth_drops"], "growth_drop", "warn")
    if not row["growth_spikes"] and not row["growth_drops"]:
        out.append(Reason(code="growth_no_anomalies", severity="good"))
    if row["growth_span_days"] < s.min_days_full_confidence:
        params = {"days": row["growth_span_days"], "wanted": s.min_days_full_confidence}
        out.append(Reason(code="growth_short_history", params=params))
    return out


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _events_evidence(events: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [{**ev, "date": _iso(ev["date"])} for ev in events or []]


def growth_result(row: Mapping[str, Any], defaults: DomainDefaults) -> ComponentResult:
    """The explained growth component of one row of :func:`vet_frame`'s result."""
    s = defaults.growth
    evidence = {
        "growth_30d": row["growth_value"],
        "growth_total": row["growth_total_pct"],
        "observations": row["growth_observations"] or 0,
        "span_days": row["growth_span_days"],
        "first_date": _iso(row["growth_first_date"]),
        "last_date": _iso(row["growth_last_date"]),
        "window_days": s.window_days,
        "trend_score": row["growth_trend_score"],
        "spikes": _events_evidence(row["growth_spikes"]),
        "drops": _events_evidence(row["growth_drops"]),
    }
    score = row["growth_score"]
    return ComponentResult(
        key=KEY,
        score=None if score is None else float(score),
        confidence=float(row["growth_confidence"]),
        weight=defaults.composite.weights.get(KEY, 0.0),
        value=row["growth_value"],
        evidence=evidence,
        reasons=tuple(_reasons(row, s)),
    )

"""Growth: is the audience growing steadily, and are there jumps that suggest bought followers?

From ``metrics_daily`` over the last ``growth.window_days`` (180) before "now" — seed 002 asks for
the growth trend over 3–6 months:

* trend = exp(30 · median of the per-day log changes) − 1, the relative growth per 30 days; the
  median of the steps ignores a few jumps, so it is the account's *organic* trend;
* a step (from one observation to the next, over ``d`` days) is a **spike** when its change beyond
  the typical change (median per-day change × d) exceeds all of: ``spike_min_share`` of the
  followers before it, ``spike_mad_k`` robust sigmas (1.4826 × MAD of the per-day changes) × d,
  and ``spike_min_followers``; a **drop** likewise downwards (purges, bought followers removed).

Score = clip(50 + 50 · trend ÷ full_score_growth_30d, 0, 100) − spike_penalty per spike −
drop_penalty per drop, at least 0. Confidence = min(1, span ÷ min_days_full_confidence) ×
min(1, observations per week); no history gives no score.
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


def _steps(metrics: pl.LazyFrame, now: datetime, s: GrowthSettings) -> pl.LazyFrame:
    start = now.date() - timedelta(days=s.window_days)
    f = pl.col("followers")
    days = (pl.col("date") - pl.col("date").shift(1)).dt.total_days()
    valid = (pl.col("_aid") == pl.col("_aid").shift(1)) & (days > 0)
    return (
        metrics.filter((pl.col("date") > start) & f.is_not_null() & (f >= 0))
        .select("_aid", "date", "followers")
        .sort(["_aid", "date"])
        .with_columns(_prev=pl.when(valid).then(f.shift(1)), _days=pl.when(valid).then(days))
        .with_columns(_change=f - pl.col("_prev"))
        .with_columns(
            _rate=pl.col("_change") / pl.col("_days"),
            _lrate=pl.when((pl.col("_prev") > 0) & (f > 0)).then(
                (f / pl.col("_prev")).log() / pl.col("_days")
            ),
        )
    )


def _events(steps: pl.LazyFrame, stats: pl.LazyFrame, s: GrowthSettings) -> pl.LazyFrame:
    excess = pl.col("_change") - pl.col("_med_rate") * pl.col("_days")
    noise = _MAD_TO_SIGMA * pl.col("_mad") * pl.col("_days")
    spike_thr = pl.max_horizontal(
        s.spike_min_share * pl.col("_prev"), s.spike_mad_k * noise, pl.lit(s.spike_min_followers)
    )
    drop_thr = pl.max_horizontal(
        s.drop_min_share * pl.col("_prev"), s.drop_mad_k * noise, pl.lit(s.drop_min_followers)
    )
    event = pl.struct(
        pl.col("date"),
        pl.col("_change").cast(pl.Int64).alias("change"),
        (pl.col("_change") / pl.col("_prev")).alias("change_pct"),
    )
    flagged = (
        steps.filter(pl.col("_change").is_not_null())
        .join(stats.select("_aid", "_med_rate", "_mad"), on="_aid")
        .filter((excess > spike_thr) | (excess < -drop_thr))
        .with_columns(_spike=excess > 0)
    )
    return flagged.group_by("_aid").agg(
        growth_spikes=event.filter(pl.col("_spike")),
        growth_drops=event.filter(~pl.col("_spike")),
    )


def growth_frame(metrics: pl.LazyFrame, now: datetime, settings: GrowthSettings) -> pl.LazyFrame:
    """Per account (``_aid``) with metric history: trend, spikes, drops, score, confidence.

    ``metrics`` has ``_aid, date, followers`` (Float64); days after ``now`` are ignored.
    Accounts without usable history are absent (the pipeline fills them with nulls).
    """
    s = settings
    steps = _steps(metrics.filter(pl.col("date") <= now.date()), now, s)
    rate = pl.col("_rate")
    stats = steps.group_by("_aid").agg(
        growth_observations=pl.len().cast(pl.Int64),
        growth_first_date=pl.col("date").first(),
        growth_last_date=pl.col("date").last(),
        _first=pl.col("followers").first(),
        _last=pl.col("followers").last(),
        _med_rate=rate.median(),
        _mad=(rate - rate.median()).abs().median(),
        _med_lrate=pl.col("_lrate").median(),
    )
    out = stats.join(_events(steps, stats, s), on="_aid", how="left")
    span = (pl.col("growth_last_date") - pl.col("growth_first_date")).dt.total_days()
    trend = (pl.col("_med_lrate") * 30.0).exp() - 1.0
    out = out.with_columns(
        growth_span_days=span.cast(pl.Int64),
        growth_value=trend,
        growth_total_pct=pl.when(pl.col("_first") > 0).then(pl.col("_last") / pl.col("_first") - 1),
        growth_n_spikes=pl.col("growth_spikes").list.len().fill_null(0).cast(pl.Int64),
        growth_n_drops=pl.col("growth_drops").list.len().fill_null(0).cast(pl.Int64),
        growth_trend_score=(50.0 + 50.0 * trend / s.full_score_growth_30d).clip(0.0, 100.0),
    )
    penalty = s.spike_penalty * pl.col("growth_n_spikes") + s.drop_penalty * pl.col(
        "growth_n_drops"
    )
    per_week = 7.0 * (pl.col("growth_observations") - 1) / pl.col("growth_span_days")
    confidence = (pl.col("growth_span_days") / s.min_days_full_confidence).clip(0.0, 1.0) * (
        per_week.clip(0.0, 1.0)
    )
    has_steps = pl.col("growth_span_days") > 0
    score = pl.when(has_steps).then((pl.col("growth_trend_score") - penalty).clip(0.0, 100.0))
    return out.with_columns(
        growth_score=score,
        growth_confidence=pl.when(score.is_not_null()).then(confidence).otherwise(0.0),
        growth_last_followers=pl.col("_last"),
    ).drop("_first", "_last", "_med_rate", "_mad", "_med_lrate")


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
        return Reason(code="growth_rising", params=params, severity="good")
    return Reason(code="growth_flat", params=params)


def _reasons(row: Mapping[str, Any], s: GrowthSettings) -> list[Reason]:
    if not row["growth_observations"]:
        return [Reason(code="growth_no_history", severity="warn")]
    if not row["growth_span_days"]:
        return [Reason(code="growth_too_short", params={"n": row["growth_observations"]}, severity="warn")]
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

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
from typing import Any, NamedTuple

import numpy as np
import polars as pl

from resonanz.core.config import DomainDefaults, GrowthSettings
from resonanz.core.vetting.growth_pass import days_in_order, growth_pass, readonly
from resonanz.core.vetting.result import ComponentResult, Reason

KEY = "growth"


class _Window(NamedTuple):
    """The observations in the window, one account's after another, each account's by day.

    ``day`` (days since 1970) and ``followers`` are per row; account ``g`` (``aid[g]``) has the
    rows ``starts[g]:starts[g + 1]``.
    """

    aid: pl.Series
    starts: np.ndarray[Any, Any]
    day: pl.Series
    followers: pl.Series


def _window(
    metrics: pl.LazyFrame, now: datetime, s: GrowthSettings, ids: pl.LazyFrame | None
) -> _Window:
    """The observations in the window, as runs of one account's rows.

    Exports usually come sorted by account and date, so each account's rows are found as a run
    of equal ids (one comparison per row) and only the runs' first ids are looked up in ``ids``
    (``account_id, _aid``): joining every daily row cost more than all of the growth statistics.
    Input in another order is sorted; same-day duplicates keep their order.
    """
    start = now.date() - timedelta(days=s.window_days)
    key = pl.col("_aid" if ids is None else "account_id")
    rows = metrics.filter((pl.col("date") > start) & (pl.col("date") <= now.date())).filter(
        pl.col("followers").is_not_null()
    )
    columns = {
        "_day": pl.col("date").to_physical().cast(pl.Int32),
        "followers": pl.col("followers").cast(pl.Float64),
    }
    new_run = (key != key.shift(1)).fill_null(True)
    first_ids = rows.filter(new_run).select(key)
    if ids is not None:
        first_ids = first_ids.join(ids, on="account_id", how="left", maintain_order="left")
    window, runs = pl.collect_all([rows.select(_new=new_run, **columns), first_ids])
    window = window.rechunk()  # contiguous columns: numpy views without copies
    aid = runs.get_column("_aid").cast(pl.UInt32)
    starts = np.append(np.flatnonzero(window.get_column("_new").to_numpy()), window.height)
    day = window.get_column("_day")
    # accounts in increasing order: no account has two runs
    increasing = bool((aid.cast(pl.Int64).diff().drop_nulls() > 0).all())
    if aid.null_count() == 0 and increasing and days_in_order(starts, readonly(day.to_numpy())):
        return _Window(aid, starts, day, window.get_column("followers"))
    # another order, repeated or unknown accounts: give every row its account and sort
    rows_aid = aid.gather(pl.Series(np.repeat(np.arange(aid.len()), np.diff(starts))))
    window = (
        window.select("_day", "followers", _aid=rows_aid)
        .filter(pl.col("_aid").is_not_null())
        .sort("_aid", "_day", maintain_order=True)
        .rechunk()
    )
    row_aid = window.get_column("_aid")
    first = (row_aid != row_aid.shift(1)).fill_null(True).to_numpy()
    starts = np.append(np.flatnonzero(first), window.height)
    return _Window(
        row_aid.gather(starts[:-1]),
        starts,
        window.get_column("_day"),
        window.get_column("followers"),
    )


def _flagged_steps(
    w: _Window, rows: np.ndarray[Any, Any], spike: np.ndarray[Any, Any]
) -> pl.DataFrame:
    """The flagged steps (``_aid, _spike, date, _change, _prev``) from the rows they end at."""
    here = pl.Series(rows, dtype=pl.Int64)
    account = np.searchsorted(w.starts, rows, side="right") - 1
    prev = w.followers.gather(here - 1)
    return pl.DataFrame(
        {
            "_aid": w.aid.gather(pl.Series(account, dtype=pl.Int64)),
            "_spike": pl.Series(spike, dtype=pl.Boolean),
            "date": w.day.gather(here).cast(pl.Date),
            "_change": w.followers.gather(here) - prev,
            "_prev": prev,
        }
    )


def _events(flagged: pl.DataFrame, s: GrowthSettings) -> pl.DataFrame:
    """Spikes and drops per account, as lists of {date, change, change_pct}."""
    prev = pl.col("_prev")
    event = pl.struct(
        pl.col("date"),
        pl.col("_change").round().cast(pl.Int64).alias("change"),
        (pl.col("_change") / prev).alias("change_pct"),
    )
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


def growth_frame(
    metrics: pl.LazyFrame,
    now: datetime,
    settings: GrowthSettings,
    ids: pl.LazyFrame | None = None,
) -> pl.DataFrame:
    """Per account (``_aid``) with metric history: trend, spikes, drops, score, confidence.

    ``metrics`` has ``_aid, date, followers`` (Float64) — or ``account_id`` instead of ``_aid``
    when ``ids`` (``account_id, _aid``) maps them; rows of other accounts are ignored, as are
    days after ``now``. Accounts without usable history are absent (the pipeline fills them with
    nulls).
    """
    s = settings
    w = _window(metrics, now, s, ids)
    thresholds = (
        s.spike_min_share,
        float(s.spike_min_followers),
        s.drop_min_share,
        float(s.drop_min_followers),
        s.spike_mad_k,
        s.drop_mad_k,
    )
    median, rows, spike = growth_pass(
        w.starts, w.day.to_numpy(), w.followers.to_numpy(), thresholds
    )
    first = pl.Series(w.starts[:-1], dtype=pl.Int64)
    last = pl.Series(w.starts[1:] - 1, dtype=pl.Int64)
    stats = pl.DataFrame(
        {
            "_aid": w.aid,
            "growth_observations": last - first + 1,
            "growth_first_date": w.day.gather(first).cast(pl.Date),
            "growth_last_date": w.day.gather(last).cast(pl.Date),
            "_first": w.followers.gather(first),
            "_last": w.followers.gather(last),
            "_med": pl.Series(median, dtype=pl.Float64).fill_nan(None),
        }
    )
    span = (pl.col("growth_last_date") - pl.col("growth_first_date")).dt.total_days()
    stats = stats.with_columns(growth_span_days=span.cast(pl.Int64))
    events = _events(_flagged_steps(w, rows, spike), s)
    return _score_columns(stats.join(events, on="_aid", how="left"), s)


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

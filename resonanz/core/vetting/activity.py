"""Activity: does the creator post often and regularly enough for the platform?

Over the last ``activity.window_days`` (90) before "now":

* frequency = posts in the window ÷ observed weeks, where the observed span is the window, or less
  when the data starts later (first known post), but at least 7 days — so a feed of only the
  last 12 posts still gives a fair rate, with lower confidence;
* consistency = coefficient of variation (std ÷ mean) of the gaps between consecutive posts in the
  window (needs 3 posts);
* recency = days since the last post; more than ``inactive_after_days`` (30) flags ``inactive``.

Score = (w·frequency score + (1 − w)·consistency score) × recency factor, where frequency score =
100·min(1, rate ÷ expected)^e (expected posts/week per platform), consistency score =
100·clip(1 − CV ÷ cv_for_zero, 0, 1), and the recency factor falls linearly from 1 at
``inactive_after_days`` to 0 at twice that.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import polars as pl

from resonanz.core.config import ActivitySettings, DomainDefaults
from resonanz.core.vetting.result import ComponentResult, Reason

KEY = "activity"
_DAY_US = 86_400_000_000


def _days(expr: pl.Expr) -> pl.Expr:
    return expr.dt.total_microseconds() / _DAY_US


def post_activity(posts: pl.LazyFrame, now: datetime, settings: ActivitySettings) -> pl.LazyFrame:
    """Per account (``_aid``): last/first post, posts in the window, gap mean/std/count.

    ``posts`` has ``_aid, posted_at`` (naive UTC, nothing after ``now``), sorted by ``_aid`` and
    then ``posted_at`` (see :func:`resonanz.core.vetting.pipeline.by_account_and_time`).
    """
    start = now - timedelta(days=settings.window_days)
    in_window = pl.col("posted_at") > start
    same = pl.col("_aid") == pl.col("_aid").shift(1)
    prev_in = pl.col("posted_at").shift(1) > start
    gap = pl.when(same & in_window & prev_in).then(_days(pl.col("posted_at").diff()))
    return (
        posts.select("_aid", "posted_at")
        .with_columns(_gap=gap, _in=in_window)
        .group_by("_aid")
        .agg(
            activity_last_post_at=pl.col("posted_at").max(),
            _first_post_at=pl.col("posted_at").min(),
            activity_posts_in_window=pl.col("_in").sum().cast(pl.Int64),
            _gap_mean=pl.col("_gap").mean(),
            _gap_std=pl.col("_gap").std(),
        )
    )


def activity_columns(
    frame: pl.LazyFrame, now: datetime, settings: ActivitySettings
) -> pl.LazyFrame:
    """Add rate, CV, recency, score, confidence and ``activity_inactive`` to ``frame``.

    ``frame`` needs ``platform, media_count`` and the columns of :func:`post_activity` (null when
    the account has no posts).
    """
    s = settings
    now_lit = pl.lit(now, dtype=pl.Datetime("us"))
    since = _days(now_lit - pl.col("activity_last_post_at"))
    observed = _days(now_lit - pl.col("_first_post_at")).clip(7.0, float(s.window_days))
    expected = pl.col("platform").replace_strict(
        s.expected_posts_per_week, default=None, return_dtype=pl.Float64
    )
    frame = frame.with_columns(
        activity_days_since_last=since,
        activity_observed_days=observed,
        activity_expected_per_week=expected,
        activity_value=pl.col("activity_posts_in_window") / (observed / 7.0),
        activity_gap_cv=pl.when(pl.col("_gap_mean") > 0).then(
            pl.col("_gap_std") / pl.col("_gap_mean")
        ),
    )
    freq = 100.0 * (pl.col("activity_value") / expected).clip(0.0, 1.0).pow(s.frequency_exponent)
    cons = 100.0 * (1.0 - pl.col("activity_gap_cv") / s.cv_for_zero).clip(0.0, 1.0)
    frame = frame.with_columns(activity_frequency_score=freq, activity_consistency_score=cons)
    base = (
        pl.when(pl.col("activity_consistency_score").is_null())
        .then(pl.col("activity_frequency_score"))
        .otherwise(
            s.frequency_weight * pl.col("activity_frequency_score")
            + (1.0 - s.frequency_weight) * pl.col("activity_consistency_score")
        )
    )
    limit = float(s.inactive_after_days)
    recency = (1.0 - (pl.col("activity_days_since_last") - limit) / limit).clip(0.0, 1.0)
    no_posts = pl.col("activity_last_post_at").is_null()
    never = no_posts & (pl.col("media_count") == 0)
    coverage = pl.col("activity_observed_days") / s.window_days
    posts_share = (pl.col("activity_posts_in_window") / s.min_posts_full_confidence).clip(0.0, 1.0)
    score = pl.when(never).then(0.0).otherwise(base * recency)
    return frame.with_columns(
        activity_score=score,
        activity_confidence=pl.when(never)
        .then(0.5)
        .when(score.is_null())
        .then(0.0)
        .otherwise(coverage * (0.5 + 0.5 * posts_share)),
        activity_inactive=(pl.col("activity_days_since_last") > limit) | never.fill_null(False),
    ).drop("_first_post_at", "_gap_mean", "_gap_std")


def _frequency_reason(row: Mapping[str, Any], s: ActivitySettings) -> Reason | None:
    rate, expected = row["activity_value"], row["activity_expected_per_week"]
    if rate is None or expected is None:
        return None
    params = {
        "rate": rate,
        "expected": expected,
        "platform": row["platform"],
        "window_days": s.window_days,
    }
    if rate >= expected:
        return Reason(code="act_frequency_ok", params=params, severity="good")
    return Reason(code="act_frequency_low", params=params, severity="warn")


def _consistency_reason(row: Mapping[str, Any]) -> Reason:
    cv = row["activity_gap_cv"]
    if cv is None:
        return Reason(code="act_consistency_unknown", params={"n": row["activity_posts_in_window"]})
    if cv <= 1.0:
        return Reason(code="act_regular", params={"cv": cv}, severity="good")
    return Reason(code="act_irregular", params={"cv": cv}, severity="warn")


def _reasons(row: Mapping[str, Any], s: ActivitySettings) -> list[Reason]:
    if row["activity_last_post_at"] is None:
        code = "act_no_posts_ever" if row.get("media_count") == 0 else "act_no_posts"
        return [Reason(code=code, severity="warn")]
    out = [r for r in (_frequency_reason(row, s), _consistency_reason(row)) if r is not None]
    days = row["activity_days_since_last"]
    if row["activity_inactive"]:
        out.append(Reason(code="act_inactive", params={"days": days}, severity="alert"))
    else:
        out.append(Reason(code="act_last_post", params={"days": days}))
    if row["activity_observed_days"] < 0.9 * s.window_days:  # a few days short is no news
        params = {"days": row["activity_observed_days"], "wanted": s.window_days}
        out.append(Reason(code="act_short_history", params=params))
    return out


def activity_result(row: Mapping[str, Any], defaults: DomainDefaults) -> ComponentResult:
    """The explained activity component of one row of :func:`vet_frame`'s result."""
    s = defaults.activity
    last = row["activity_last_post_at"]
    evidence = {
        "posts_per_week": row["activity_value"],
        "expected_per_week": row["activity_expected_per_week"],
        "posts_in_window": row["activity_posts_in_window"] or 0,
        "window_days": s.window_days,
        "observed_days": row["activity_observed_days"],
        "gap_cv": row["activity_gap_cv"],
        "days_since_last_post": row["activity_days_since_last"],
        "last_post_at": last.isoformat() if last is not None else None,
        "frequency_score": row["activity_frequency_score"],
        "consistency_score": row["activity_consistency_score"],
        "inactive": bool(row["activity_inactive"]),
    }
    score = row["activity_score"]
    return ComponentResult(
        key=KEY,
        score=None if score is None else float(score),
        confidence=float(row["activity_confidence"]),
        weight=defaults.composite.weights.get(KEY, 0.0),
        value=row["activity_value"],
        evidence=evidence,
        reasons=tuple(_reasons(row, s)),
    )

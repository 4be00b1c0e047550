"""Posting times learned from each account's own history, with the seeds' windows as a prior.

A post's *lift* is its interactions (likes + comments) divided by the median of its account:
1.0 is a typical post, so accounts of every size compare. Posts fall into local-time windows
(``bucket_hours`` wide, weekdays and weekends apart). Each window's expected lift is the
empirical-Bayes posterior mean

    expected = (k · prior + Σ lift) / (k + n)

with ``k = prior_strength`` pseudo-posts at the prior: ``prior_lift`` inside the platform's seed
window (seed 002: Instagram weekdays 11–13, TikTok 18–22), 1.0 elsewhere. With little history the
seed's window wins; with plenty, the account's own best window does.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from resonanz.core.advice.settings import TimingSettings

WEEKDAY, WEEKEND = "weekday", "weekend"
MAX_LIFT = 5.0  # one viral post should not decide a window on its own: lifts are capped here


@dataclass(frozen=True)
class PostingWindow:
    """One recommended window for one account."""

    account_id: str
    rank: int
    days: str  # weekday | weekend
    start_hour: int
    end_hour: int
    expected_lift: float
    posts: int  # the account's own posts in this window
    observed_lift: float | None
    seed_window: bool  # inside the seed's window for the platform
    evidence: str  # own (≥ prior_strength posts) | mixed (fewer) | seed (none: the prior alone)


def _cells(settings: TimingSettings) -> pl.DataFrame:
    starts = list(range(0, 24, settings.bucket_hours))
    return pl.DataFrame(
        {
            "days": [d for d in (WEEKDAY, WEEKEND) for _ in starts],
            "start_hour": starts * 2,
        },
        schema={"days": pl.String, "start_hour": pl.Int64},
    ).with_columns(end_hour=pl.col("start_hour") + settings.bucket_hours)


def _prior(settings: TimingSettings) -> pl.Expr:
    """Prior lift of a (platform, days, hours) cell: the seed's lift inside its window.

    A cell belongs to a window when its midpoint does (11–13 holds the 10–12 cell of 2-hour cells).
    """
    expr = pl.lit(1.0)
    mid = (pl.col("start_hour") + pl.col("end_hour")) / 2
    for platform, window in settings.windows.items():
        inside = (
            (pl.col("platform") == platform) & (mid >= window.start_hour) & (mid < window.end_hour)
        )
        if window.weekdays_only:
            inside = inside & (pl.col("days") == WEEKDAY)
        expr = pl.when(inside).then(pl.lit(settings.prior_lift)).otherwise(expr)
    return expr


def posting_times(
    posts: pl.DataFrame, accounts: pl.DataFrame, settings: TimingSettings
) -> pl.DataFrame:
    """The ``top`` windows per account, best first.

    ``posts`` needs ``account_id``, ``posted_at`` (UTC datetime), ``likes``, ``comments``;
    ``accounts`` needs ``account_id`` and ``platform``. Returns one row per (account, rank) with
    the columns of :class:`PostingWindow`.
    """
    interactions = pl.sum_horizontal(pl.col("likes").fill_null(0), pl.col("comments").fill_null(0))
    known = pl.col("likes").is_not_null() | pl.col("comments").is_not_null()
    stamp = posts.schema.get("posted_at")
    local = pl.col("posted_at")
    if getattr(stamp, "time_zone", None) is None:  # naive stamps are UTC by the data contract
        local = local.dt.replace_time_zone("UTC")
    local = local.dt.convert_time_zone(settings.timezone)
    lifts = (
        posts.lazy()
        .filter(pl.col("posted_at").is_not_null() & known)
        .with_columns(interactions=interactions, local=local)
        .with_columns(median=pl.col("interactions").median().over("account_id"))
        .filter(pl.col("median") > 0)
        .with_columns(
            lift=(pl.col("interactions") / pl.col("median")).clip(0.0, MAX_LIFT),
            days=pl.when(pl.col("local").dt.weekday() >= 6)
            .then(pl.lit(WEEKEND))
            .otherwise(pl.lit(WEEKDAY)),
            start_hour=(pl.col("local").dt.hour().cast(pl.Int64) // settings.bucket_hours)
            * settings.bucket_hours,
        )
        .group_by("account_id", "days", "start_hour")
        .agg(posts=pl.len(), lift_sum=pl.col("lift").sum())
    )
    k = settings.prior_strength
    grid = (
        accounts.lazy()
        .select(pl.col("account_id").cast(pl.String), pl.col("platform").cast(pl.String))
        .join(_cells(settings).lazy(), how="cross")
        .join(lifts, on=["account_id", "days", "start_hour"], how="left")
        .with_columns(
            pl.col("posts").fill_null(0).cast(pl.Int64), pl.col("lift_sum").fill_null(0.0)
        )
        .with_columns(prior=_prior(settings))
        .with_columns(
            expected_lift=(k * pl.col("prior") + pl.col("lift_sum")) / (k + pl.col("posts")),
            observed_lift=pl.when(pl.col("posts") > 0).then(pl.col("lift_sum") / pl.col("posts")),
            seed_window=pl.col("prior") != 1.0,
            evidence=pl.when(pl.col("posts") >= k)
            .then(pl.lit("own"))
            .when(pl.col("posts") > 0)
            .then(pl.lit("mixed"))
            .otherwise(pl.lit("seed")),
        )
        .sort(
            ["account_id", "expected_lift", "posts", "days", "start_hour"],
            descending=[False, True, True, False, False],
        )
        .with_columns(rank=pl.int_range(1, pl.len() + 1).over("account_id"))
        .filter(pl.col("rank") <= settings.top)
    )
    return grid.select(
        "account_id",
        "rank",
        "days",
        "start_hour",
        "end_hour",
        "expected_lift",
        "posts",
        "observed_lift",
        "seed_window",
        "evidence",
    ).collect()


def windows(frame: pl.DataFrame) -> list[PostingWindow]:
    """The rows of :func:`posting_times` as objects."""
    return [PostingWindow(**row) for row in frame.iter_rows(named=True)]

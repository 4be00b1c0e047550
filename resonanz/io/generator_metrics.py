"""Daily follower/following/post counters of every account over the last 180 days.

Organic followers grow smoothly (a per-account monthly rate plus a little random-walk noise,
sometimes an organic viral spurt spread over a week); bought followers arrive as a step within
one or two days and then slowly erode as the platform purges them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from resonanz.io.generator_accounts import Cast
from resonanz.io.generator_base import (
    FIRST_DAY_ORDINAL,
    PLATFORM_BLOG,
    WINDOW_DAYS,
    masked,
    smoothstep,
)
from resonanz.io.generator_fraud import Frauds

_PURGE_PER_DAY = 0.0015


@dataclass
class Growth:
    """Follower history of a chunk: the daily matrix and today's split into organic and bought."""

    followers: np.ndarray  # (accounts, days) int64
    bought_count: np.ndarray  # followers bought in the step (0 = none)
    followers_now: np.ndarray  # today's followers (last day of the matrix)
    bought_now: np.ndarray  # bought followers still there today


def grow_followers(rng: np.random.Generator, cast: Cast, fr: Frauds) -> Growth:
    """Draw every account's daily follower counts ending at today's organic count plus purchases."""
    n = cast.n_accounts
    days = np.arange(WINDOW_DAYS, dtype=np.float64)
    organic = cast.organic.astype(np.float64)
    monthly = np.select(
        [fr.inactive, organic < 1e5, organic < 1e6],
        [rng.normal(-0.008, 0.004, n), rng.normal(0.02, 0.02, n), rng.normal(0.012, 0.015, n)],
        rng.normal(0.006, 0.01, n),
    )
    t = days[None, :] - (WINDOW_DAYS - 1)
    curve = np.exp(monthly[:, None] / 30.0 * t)
    walk = np.cumsum(rng.normal(0.0, 0.0012, (n, WINDOW_DAYS)), axis=1)
    curve *= np.exp(walk - walk[:, -1:])
    spurt_len = rng.integers(6, 11, n)
    spurt = smoothstep((days[None, :] - fr.viral_day[:, None]) / spurt_len[:, None])
    spurt = np.where(fr.viral_day[:, None] >= 0, spurt, 0.0)
    curve *= (1.0 + fr.viral_gain[:, None] * spurt) / (1.0 + fr.viral_gain[:, None])
    organic_daily = organic[:, None] * curve

    step = np.maximum(fr.step_day, 0)
    before = organic_daily[np.arange(n), np.maximum(step - 1, 0)]
    bought_count = np.where(fr.bought, np.round(fr.bought_frac * before), 0).astype(np.int64)
    since = days[None, :] - step[:, None]
    arrived = np.clip((since + 1) / fr.ramp_days[:, None], 0.0, 1.0)
    kept = np.exp(-_PURGE_PER_DAY * np.maximum(since, 0.0))
    bought_daily = np.where(fr.bought[:, None], bought_count[:, None] * arrived * kept, 0.0)
    followers = np.round(organic_daily + bought_daily).astype(np.int64)
    bought_now = np.round(bought_daily[:, -1]).astype(np.int64)
    return Growth(followers, bought_count, followers[:, -1].copy(), bought_now)


def metrics_frame(
    rng: np.random.Generator,
    cast: Cast,
    growth: Growth,
    account_ids: pl.Series,
    post_account: np.ndarray,
    post_day: np.ndarray,
) -> tuple[pl.DataFrame, np.ndarray]:
    """The ``metrics_daily`` table and every account's total post count today (media_count)."""
    n = cast.n_accounts
    per_day = np.bincount(post_account * WINDOW_DAYS + post_day, minlength=n * WINDOW_DAYS)
    posts = cast.prior_posts[:, None] + np.cumsum(per_day.reshape(n, WINDOW_DAYS), axis=1)
    steps = rng.integers(-2, 4, (n, WINDOW_DAYS))
    steps[:, -1] = 0
    # Walk backwards from today's following count so the last day matches the accounts table.
    back = np.cumsum(steps[:, ::-1], axis=1)[:, ::-1]
    following = np.maximum(cast.following[:, None] - back + steps, 0)
    following[:, -1] = cast.following
    day = np.tile(np.arange(WINDOW_DAYS, dtype=np.int32) + FIRST_DAY_ORDINAL, n)
    frame = pl.DataFrame(
        {
            "account_id": account_ids.gather(np.repeat(np.arange(n), WINDOW_DAYS)),
            "date": pl.Series(day).cast(pl.Date),
            "followers": growth.followers.ravel(),
            "following": masked(
                pl.Series(following.ravel()), np.repeat(cast.platform != PLATFORM_BLOG, WINDOW_DAYS)
            ),
            "posts": posts.ravel(),
        }
    )
    return frame, posts[:, -1].copy()

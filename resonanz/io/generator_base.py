"""Shared pieces of the demo market generator: configuration, the fixed clock, vectorised helpers.

The generator builds every table column-wise from numpy arrays; strings are assembled with polars
from vocabulary banks by index, so no Python loop runs per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import polars as pl

NOW = datetime(2026, 11, 1, tzinfo=UTC)
"""The demo world's "now": fixed, so the same seed always gives the same world."""
WINDOW_DAYS = 180
"""Days of history: posts and daily metrics cover the last 180 days before :data:`NOW`."""
FIRST_DAY = (NOW - timedelta(days=WINDOW_DAYS)).date()
"""Date of the first metrics_daily row (day index 0); the last one is the day before NOW."""

US_PER_MIN = 60_000_000
US_PER_HOUR = 60 * US_PER_MIN
US_PER_DAY = 24 * US_PER_HOUR
NOW_US = int(NOW.timestamp()) * 1_000_000
WINDOW_START_US = NOW_US - WINDOW_DAYS * US_PER_DAY
FIRST_DAY_ORDINAL = (FIRST_DAY - date(1970, 1, 1)).days
DST_END_US = int(datetime(2026, 10, 25, 1, tzinfo=UTC).timestamp()) * 1_000_000

PLATFORM_INSTAGRAM, PLATFORM_TIKTOK, PLATFORM_YOUTUBE, PLATFORM_BLOG = 0, 1, 2, 3
LANG_DE, LANG_EN = 0, 1


@dataclass(frozen=True)
class WorldConfig:
    """Knobs of the demo world. Fraud shares are fractions of all accounts (drawn per account).

    Pod members (``pod_share``) come from active Instagram/TikTok accounts under 1M followers, in
    pods of ``pod_size`` accounts; ``undisclosed_ads_share`` is the share of accounts whose
    sponsored posts are mostly unlabelled. ``max_comments_per_post`` caps the stored ordinary
    comments per post (pod comments come on top); ``follower_sample_size`` is the follower sample
    per account. ``chunk_size`` creators are generated (and held in memory) at a time.
    """

    chunk_size: int = 5_000
    follower_sample_size: int = 50
    max_comments_per_post: int = 8
    bought_followers_share: float = 0.03
    bot_followers_share: float = 0.04
    pod_share: float = 0.03
    bought_likes_share: float = 0.03
    undisclosed_ads_share: float = 0.05
    inactive_share: float = 0.04
    pod_size: tuple[int, int] = (5, 12)


def ragged_arange(counts: np.ndarray) -> np.ndarray:
    """``[0..c0-1, 0..c1-1, ...]`` for non-negative counts, without a Python loop."""
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    starts = np.cumsum(counts) - counts
    return np.arange(total, dtype=np.int64) - np.repeat(starts, counts)


def format_ids(prefix: str, start: int, n: int, width: int) -> pl.Series:
    """Ids ``prefix + zero-padded number`` for numbers ``start+1 .. start+n``."""
    nums = pl.Series(np.arange(start + 1, start + n + 1, dtype=np.int64))
    return (prefix + nums.cast(pl.String).str.zfill(width)).rename("id")


def pick(rng: np.random.Generator, weights: Sequence[float], n: int) -> np.ndarray:
    """``n`` category indices drawn with the given (unnormalised) weights."""
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(p), size=n, p=p / p.sum())


def concat(parts: Sequence[pl.Series | str]) -> pl.Series:
    """Row-wise concatenation of string Series and literals; null parts are skipped."""
    cols = {f"c{i}": p for i, p in enumerate(parts) if isinstance(p, pl.Series)}
    if not cols:
        raise ValueError("concat needs at least one Series")
    exprs = [
        pl.col(f"c{i}") if isinstance(p, pl.Series) else pl.lit(p, dtype=pl.String)
        for i, p in enumerate(parts)
    ]
    frame = pl.DataFrame(cols)
    return frame.select(pl.concat_str(exprs, ignore_nulls=True).alias("s")).to_series()


def masked(series: pl.Series, keep: np.ndarray) -> pl.Series:
    """The series with rows where ``keep`` is false set to null."""
    return pl.select(pl.when(pl.lit(pl.Series(keep))).then(pl.lit(series))).to_series()


class Bank:
    """Strings grouped by an integer key (e.g. niche x language), picked uniformly per row."""

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        flat = [s for g in groups for s in g]
        self.counts = np.array([len(g) for g in groups], dtype=np.int64)
        self.offsets = np.cumsum(self.counts) - self.counts
        self.values = pl.Series(flat, dtype=pl.String)

    def pick(self, rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
        """One random entry index per row from that row's group."""
        u = rng.random(len(group))
        return self.offsets[group] + (u * self.counts[group]).astype(np.int64)

    def take(self, idx: np.ndarray) -> pl.Series:
        """The strings at the given entry indices."""
        return self.values.gather(idx)

    def draw(self, rng: np.random.Generator, group: np.ndarray) -> pl.Series:
        """One random string per row from that row's group."""
        return self.take(self.pick(rng, group))


class TemplateBank:
    """Templates with one ``{x}`` slot, grouped like :class:`Bank`."""

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        self.pre = Bank([[t.split("{x}", 1)[0] for t in g] for g in groups])
        self.post = Bank([[t.split("{x}", 1)[1] if "{x}" in t else "" for t in g] for g in groups])

    def fill(self, rng: np.random.Generator, group: np.ndarray, slot: pl.Series) -> pl.Series:
        """Pick a template per row and put ``slot`` into it."""
        idx = self.pre.pick(rng, group)
        return concat([self.pre.take(idx), slot, self.post.take(idx)])


def smoothstep(x: np.ndarray) -> np.ndarray:
    """0 below 0, 1 above 1, a smooth S in between."""
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)

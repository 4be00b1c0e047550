"""Which accounts of a chunk cheat, and how: the ground truth the detectors are scored on.

Also draws the honest surprises a detector must not flag: organic viral growth spurts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from resonanz.io.generator_accounts import Cast
from resonanz.io.generator_base import (
    PLATFORM_BLOG,
    PLATFORM_INSTAGRAM,
    PLATFORM_TIKTOK,
    WINDOW_DAYS,
    WorldConfig,
)


@dataclass
class Frauds:
    """Per-account fraud flags and parameters (arrays over the chunk's accounts)."""

    bought: np.ndarray  # bought followers in one step
    bought_frac: np.ndarray  # step size as a share of the followers just before it
    step_day: np.ndarray  # day index of the step (-1 = none)
    ramp_days: np.ndarray  # 1 or 2 days for the step
    bot_frac: np.ndarray  # share of organic followers that are bots (slowly accrued)
    pod: np.ndarray  # local pod number (-1 = none)
    pod_members: np.ndarray  # account indices, grouped by pod
    pod_start: np.ndarray  # per pod: offset into pod_members
    pod_size: np.ndarray  # per pod: number of members
    pod_offset: int  # global number of the chunk's first pod
    bought_likes: np.ndarray
    undisclosed: np.ndarray
    inactive: np.ndarray
    inactive_gap: np.ndarray  # days without posts before now (0 = active)
    viral_day: np.ndarray  # day of an organic growth spurt (-1 = none)
    viral_gain: np.ndarray

    @property
    def n_pods(self) -> int:
        """Pods formed in the chunk."""
        return len(self.pod_size)


def assign_frauds(
    rng: np.random.Generator, cast: Cast, cfg: WorldConfig, pod_offset: int
) -> Frauds:
    """Draw the chunk's frauds with the configured shares."""
    n = cast.n_accounts
    social = cast.platform != PLATFORM_BLOG
    feed = (cast.platform == PLATFORM_INSTAGRAM) | (cast.platform == PLATFORM_TIKTOK)
    inactive = rng.random(n) < cfg.inactive_share
    bought = social & (rng.random(n) < cfg.bought_followers_share)
    bot_fraud = social & (rng.random(n) < cfg.bot_followers_share)
    bot_frac = np.where(
        bot_fraud, rng.uniform(0.25, 0.6, n), np.minimum(rng.beta(1.3, 28.0, n), 0.2)
    )
    viral = social & ~bought & ~inactive & (rng.random(n) < 0.05)
    members, start, size = _pods(rng, cast, feed & ~inactive & (cast.organic < 1e6), cfg)
    pod = np.full(n, -1, dtype=np.int64)
    pod[members] = np.repeat(np.arange(len(size)), size)
    return Frauds(
        bought=bought,
        bought_frac=np.where(bought, rng.uniform(0.15, 0.6, n), 0.0),
        step_day=np.where(bought, rng.integers(20, WINDOW_DAYS - 15, n), -1),
        ramp_days=rng.integers(1, 3, n),
        bot_frac=bot_frac,
        pod=pod,
        pod_members=members,
        pod_start=start,
        pod_size=size,
        pod_offset=pod_offset,
        bought_likes=feed & (rng.random(n) < cfg.bought_likes_share),
        undisclosed=rng.random(n) < cfg.undisclosed_ads_share,
        inactive=inactive,
        inactive_gap=np.where(inactive, rng.integers(60, 121, n), 0),
        viral_day=np.where(viral, rng.integers(10, WINDOW_DAYS - 12, n), -1),
        viral_gain=np.where(viral, rng.uniform(0.05, 0.15, n), 0.0),
    )


def _pods(
    rng: np.random.Generator, cast: Cast, eligible: np.ndarray, cfg: WorldConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Group pod accounts into pods of one platform, similar niche and size.

    Returns the members (account indices, pod by pod), each pod's start offset and size;
    chosen accounts left over after the last full pod stay outside.
    """
    lo, hi = cfg.pod_size
    share = cfg.pod_share * cast.n_accounts / max(int(eligible.sum()), 1)
    chosen = eligible & (rng.random(cast.n_accounts) < share)
    members: list[np.ndarray] = []
    sizes: list[int] = []
    for platform in (PLATFORM_INSTAGRAM, PLATFORM_TIKTOK):
        idx = np.flatnonzero(chosen & (cast.platform == platform))
        order = np.lexsort((np.log10(cast.organic[idx]), cast.acc(cast.niche1)[idx]))
        idx = idx[order]
        cuts = np.cumsum(rng.integers(lo, hi + 1, len(idx) // lo + 1))
        cuts = cuts[cuts <= len(idx)]
        if len(cuts) == 0:
            continue
        bounds = np.concatenate([[0], cuts])
        members.append(idx[: bounds[-1]])
        sizes.extend(np.diff(bounds).tolist())
    if not sizes:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty
    size = np.array(sizes, dtype=np.int64)
    return np.concatenate(members), np.cumsum(size) - size, size

"""Follower pools and per-account follower samples.

Two pools are drawn once per world: ordinary people (German-style usernames, normal profiles) and
bots/bought followers (no profile picture, 0–5 posts, following far more than follow them, often
more than 1,500, usernames with long digit runs, empty bios, inactive). Every account's sample
mixes the two in the proportion of its true fake-follower share. Pool members also write the
comments, so the same handle looks the same wherever it shows up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from resonanz.io import demo_vocab as vocab
from resonanz.io.generator_accounts import FIRST_SLUG, Cast
from resonanz.io.generator_base import FIRST_DAY_ORDINAL, WINDOW_DAYS, Bank, concat, masked, pick

_LAST_SLUG = pl.Series([vocab.ascii_slug(n) for n in vocab.LAST_NAMES], dtype=pl.String)
_WORDS = Bank(
    [("loves", "life", "art", "photo", "xo", "mama", "reist", "official", "liebt", "world", "mia")]
)
_LETTERS = pl.Series(list("abcdefghijklmnoprstuvwxyz"), dtype=pl.String)
_TODAY_ORDINAL = FIRST_DAY_ORDINAL + WINDOW_DAYS

REAL_POOL = (20_000, 200_000, 40)  # minimum, maximum, per creator
BOT_POOL = (5_000, 60_000, 12)


def _prime_at_least(n: int) -> int:
    """The smallest prime >= n (trial division; n is a few hundred thousand)."""
    while True:
        if n > 1 and all(n % d for d in range(2, int(n**0.5) + 1)):
            return n
        n += 1


@dataclass
class Pools:
    """The world's follower pools: one frame of profiles; bots start at ``n_real``."""

    profiles: pl.DataFrame  # follower_username, followers, following, posts, ... last_post_at
    n_real: int
    n_bots: int

    def username(self, idx: np.ndarray) -> pl.Series:
        """Usernames of pool members."""
        return self.profiles["follower_username"].gather(idx)


def _digits(rng: np.random.Generator, n: int, lo: int, hi: int) -> pl.Series:
    """Random digit strings with lo..hi digits (leading zeros allowed)."""
    width = rng.integers(lo, hi + 1, n)
    value = rng.integers(0, 10**width)
    frame = pl.DataFrame({"v": value, "w": width})
    return frame.select(pl.col("v").cast(pl.String).str.zfill(pl.col("w"))).to_series()


def _real_names(rng: np.random.Generator, n: int) -> pl.Series:
    """German-style usernames, at most 4 digits in a row, in no style a creator handle uses."""
    fn = FIRST_SLUG.gather(rng.integers(0, len(FIRST_SLUG), n))
    ln = _LAST_SLUG.gather(rng.integers(0, len(_LAST_SLUG), n))
    d2 = _digits(rng, n, 2, 4)
    options = [
        concat([fn, ".", ln]),
        concat([fn, ln, "_"]),
        concat([fn, ".", ln, d2]),
        concat([fn, ".", ln.str.slice(0, 1), d2]),
        concat([ln, ".", fn]),
        concat([fn, "_", _WORDS.draw(rng, np.zeros(n, dtype=np.int64))]),
        concat([fn, "_", _WORDS.draw(rng, np.zeros(n, dtype=np.int64)), d2]),
        concat([fn, d2]),
        concat(["the.", fn, ln]),
    ]
    style = pick(rng, [0.1, 0.08, 0.22, 0.16, 0.05, 0.06, 0.12, 0.15, 0.06], n)
    return pl.concat(options).gather(style * n + np.arange(n))


def _bot_names(rng: np.random.Generator, n: int) -> pl.Series:
    """Bot-style usernames: every one has a run of at least 5 digits."""
    fn = FIRST_SLUG.gather(rng.integers(0, len(FIRST_SLUG), n))
    junk = concat([_LETTERS.gather(rng.integers(0, len(_LETTERS), n)) for _ in range(4)])
    options = [
        concat([fn, "_", _digits(rng, n, 6, 9)]),
        concat(["user", _digits(rng, n, 8, 10)]),
        concat([junk, _digits(rng, n, 5, 8)]),
        concat([fn, _LAST_SLUG.gather(rng.integers(0, len(_LAST_SLUG), n)), _digits(rng, n, 5, 6)]),
        concat([fn, ".", _digits(rng, n, 7, 7), "x"]),
    ]
    style = pick(rng, [0.3, 0.2, 0.2, 0.2, 0.1], n)
    return pl.concat(options).gather(style * n + np.arange(n))


def _unique(names: pl.Series, size: int) -> pl.Series:
    out = names.unique(maintain_order=True).head(size)
    if len(out) < size:  # pragma: no cover - the patterns have millions of combinations
        raise RuntimeError("follower pool too small")
    return out


def _last_post(rng: np.random.Generator, days_ago: np.ndarray, posts: np.ndarray) -> pl.Series:
    ordinal = (_TODAY_ORDINAL - np.maximum(days_ago, 0)).astype(np.int32)
    return masked(pl.Series(ordinal).cast(pl.Date), posts > 0)


def _pool_size(creators: int, bounds: tuple[int, int, int]) -> int:
    low, high, per_creator = bounds
    return _prime_at_least(min(max(creators * per_creator, low), high))


def build_pools(rng: np.random.Generator, creators: int) -> Pools:
    """Draw the real-follower and bot pools, sized for the world (primes: see sample_followers)."""
    n_real, n_bots = _pool_size(creators, REAL_POOL), _pool_size(creators, BOT_POOL)
    real = _unique(_real_names(rng, int(n_real * 1.6)), n_real)
    bots = _unique(_bot_names(rng, int(n_bots * 1.3)), n_bots)
    r_posts = np.where(rng.random(n_real) < 0.06, 0, rng.lognormal(np.log(60), 1.3, n_real))
    r_days = np.where(
        rng.random(n_real) < 0.1, rng.integers(365, 1500, n_real), rng.exponential(25, n_real)
    )
    b_posts = rng.integers(0, 6, n_bots)
    b_following = np.where(
        rng.random(n_bots) < 0.55, rng.integers(1500, 7500, n_bots), rng.integers(300, 1500, n_bots)
    )
    frame = pl.DataFrame(
        {
            "follower_username": pl.concat([real, bots]),
            "followers": np.concatenate(
                [rng.lognormal(np.log(250), 1.2, n_real), rng.poisson(8, n_bots)]
            ).astype(np.int64),
            "following": np.concatenate(
                [np.clip(rng.lognormal(np.log(350), 0.8, n_real), 0, 7500), b_following]
            ).astype(np.int64),
            "posts": np.concatenate([r_posts, b_posts]).astype(np.int64),
            "has_profile_pic": np.concatenate(
                [rng.random(n_real) < 0.93, rng.random(n_bots) < 0.12]
            ),
            "is_private": np.concatenate([rng.random(n_real) < 0.38, rng.random(n_bots) < 0.1]),
            "bio_length": np.concatenate(
                [
                    np.where(rng.random(n_real) < 0.35, 0, rng.integers(5, 151, n_real)),
                    np.where(rng.random(n_bots) < 0.9, 0, rng.integers(5, 41, n_bots)),
                ]
            ),
            "has_external_url": np.concatenate(
                [rng.random(n_real) < 0.06, rng.random(n_bots) < 0.03]
            ),
            "last_post_at": _last_post(
                rng,
                np.concatenate([r_days, rng.integers(200, 1500, n_bots)]).astype(np.int64),
                np.concatenate([r_posts.astype(np.int64), b_posts]),
            ),
        }
    )
    return Pools(frame, n_real, n_bots)


def sample_followers(
    rng: np.random.Generator,
    pools: Pools,
    account_ids: pl.Series,
    followers_now: np.ndarray,
    fake_share: np.ndarray,
    size: int,
) -> pl.DataFrame:
    """Up to ``size`` followers per account, the fake ones drawn with the account's fake share.

    Members are picked as ``(start + stride * j) mod pool_size``: with a prime pool size that
    gives distinct followers per account without a Python loop.
    """
    n_acc = len(followers_now)
    n = np.minimum(size, followers_now)
    n_fake = rng.binomial(n, np.clip(fake_share, 0.0, 1.0))
    n_real = n - n_fake
    idx = np.concatenate(
        [
            _strided(rng, n_real, pools.n_real),
            pools.n_real + _strided(rng, n_fake, pools.n_bots),
        ]
    )
    acc = np.concatenate([np.repeat(np.arange(n_acc), n_real), np.repeat(np.arange(n_acc), n_fake)])
    order = np.lexsort((rng.random(len(acc)), acc))
    idx, acc = idx[order], acc[order]
    return pl.concat(
        [pl.DataFrame({"account_id": account_ids.gather(acc)}), pools.profiles[idx]],
        how="horizontal",
    )


def _strided(rng: np.random.Generator, counts: np.ndarray, pool: int) -> np.ndarray:
    start = rng.integers(0, pool, len(counts))
    stride = rng.integers(1, pool, len(counts))
    rows = np.repeat(np.arange(len(counts)), counts)
    j = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    return (start[rows] + stride[rows] * j) % pool


def fake_share(cast: Cast, bot_frac: np.ndarray, bought_now: np.ndarray) -> np.ndarray:
    """True share of fake followers today: slowly accrued bots plus bought followers."""
    followers = cast.organic + bought_now
    return (cast.organic * bot_frac + bought_now) / np.maximum(followers, 1)

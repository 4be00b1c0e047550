"""Follower pools and per-account follower samples.

Two pools are drawn once per world: ordinary people (German-style usernames, normal profiles) and
fake accounts (bots and bought followers). Every account's sample mixes the two in the proportion
of its true fake-follower share. Pool members also write the comments, so the same handle looks
the same wherever it shows up. :func:`follower_truth` tells, per pool username, which is fake.

The profiles follow published descriptions only, never fitted to any labelled data set:

* ordinary people follow about as many accounts as follow them ("an ordinary Instagrammer may
  have a rate closer to 1:1", Argo Strategy, "How to tell if someone is buying Instagram
  followers", 2021), some never post or hide their profile, and 8 % are **mass followers**
  following 1,500–7,500 accounts — real people whom audience-quality reports count apart from
  fakes (share: resonanz assumption);
* fake accounts come in three kinds (shares are resonanz assumptions):
  - **empty bots** (50 %): no profile picture, no or a handful of posts, following
    thousands, followed by few, empty bio, usernames with long digit runs — the tells every
    fake-follower guide lists (no photo, random numbers in the name, following thousands, few
    or no posts, no bio) and the rules of Cresci et al., "Fame for sale" (2015);
  - **stolen identities** (35 %): a copied profile picture and a real-looking name with small
    variations, a few reposted posts — as documented by the New York Times' "The Follower
    Factory" (2018: bots copying real users' names and photos) and Ghost Data's 2018 study of
    20,000 bought Instagram bots (they follow many accounts and post little beyond reposts);
  - **private dormant accounts** (15 %): private, (almost) no posts, following many.
  All three follow far more accounts than follow them; the Instagram limit is 7,500.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    bot_kind: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

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
        concat([fn, ".", _LETTERS.gather(rng.integers(0, len(_LETTERS), n)), ".", ln]),
        concat([fn, "_", ln, "_", _WORDS.draw(rng, np.zeros(n, dtype=np.int64))]),
    ]
    # about a third of ordinary usernames carry a few digits (a year, a number): resonanz
    # assumption; the last two styles give the digit-free names room for 200,000 people
    style = pick(rng, [0.08, 0.06, 0.12, 0.08, 0.06, 0.03, 0.08, 0.08, 0.05, 0.2, 0.16], n)
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


def _name_variants(rng: np.random.Generator, n: int) -> pl.Series:
    """Real-looking names with the small changes of copied identities (0–2 digits)."""
    fn = FIRST_SLUG.gather(rng.integers(0, len(FIRST_SLUG), n))
    ln = _LAST_SLUG.gather(rng.integers(0, len(_LAST_SLUG), n))
    d1 = _digits(rng, n, 1, 2)
    options = [
        concat([fn, "_", ln, "_"]),
        concat([fn, ".", ln, "."]),
        concat([fn, ln.str.slice(0, 1), ln]),
        concat(["_", fn, ".", ln]),
        concat([fn, "__", ln, d1]),
        concat([fn, ln, "x"]),
        concat([ln, "_", fn, d1]),
    ]
    style = pick(rng, [0.2, 0.15, 0.15, 0.1, 0.15, 0.1, 0.15], n)
    return pl.concat(options).gather(style * n + np.arange(n))


def _unique(names: pl.Series, size: int, taken: pl.Series | None = None) -> pl.Series:
    out = names.unique(maintain_order=True)
    if taken is not None:
        out = out.filter(~out.is_in(taken.implode()))
    out = out.head(size)
    if len(out) < size:  # pragma: no cover - the patterns have millions of combinations
        raise RuntimeError("follower pool too small")
    return out


def _last_post(rng: np.random.Generator, days_ago: np.ndarray, posts: np.ndarray) -> pl.Series:
    ordinal = (_TODAY_ORDINAL - np.maximum(days_ago, 0)).astype(np.int32)
    return masked(pl.Series(ordinal).cast(pl.Date), posts > 0)


def _pool_size(creators: int, bounds: tuple[int, int, int]) -> int:
    low, high, per_creator = bounds
    return _prime_at_least(min(max(creators * per_creator, low), high))


MAX_FOLLOWING = 7_500
"""Instagram's limit on accounts followed."""
BOT_KINDS = ("empty_bot", "stolen_identity", "private_dormant")
_BOT_KIND_WEIGHTS = (0.5, 0.35, 0.15)


def _lognormal(
    rng: np.random.Generator, median: np.ndarray | float, sigma: np.ndarray | float, n: int
) -> np.ndarray:
    return np.exp(np.log(median) + sigma * rng.standard_normal(n))


def _people(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Ordinary people: following tracks followers (about 1:1), a few lurkers and hidden ones."""
    followers = _lognormal(rng, 250.0, 1.1, n)
    following = _lognormal(rng, 300.0 * (followers / 250.0) ** 0.5, 0.75, n)
    # mass followers: real people who follow thousands (audience reports count them apart)
    mass = rng.random(n) < 0.08
    following = np.where(mass, rng.uniform(1_500, MAX_FOLLOWING, n), following)
    posts = np.where(rng.random(n) < 0.08, 0, _lognormal(rng, 50.0, 1.3, n))
    days = np.where(rng.random(n) < 0.1, rng.integers(365, 1500, n), rng.exponential(25, n))
    return {
        "followers": followers,
        "following": np.minimum(following, MAX_FOLLOWING),
        "posts": posts,
        "has_profile_pic": rng.random(n) < 0.92,
        "is_private": rng.random(n) < 0.38,
        "bio_length": np.where(rng.random(n) < 0.4, 0, rng.integers(5, 151, n)),
        "has_external_url": rng.random(n) < 0.06,
        "days": days,
    }


def _fakes(rng: np.random.Generator, kind: np.ndarray) -> dict[str, np.ndarray]:
    """Fake accounts of the three kinds (see the module docstring); columns as in _people."""
    n = len(kind)
    # per kind: empty bot, stolen identity, private dormant
    followers = _lognormal(rng, np.array([12.0, 60.0, 20.0])[kind], 1.2, n)
    following = _lognormal(rng, np.array([1800.0, 1100.0, 700.0])[kind], 0.9, n)
    some_posts = np.where(
        kind == 1, _lognormal(rng, 8.0, 0.8, n), rng.integers(1, 6, n).astype(np.float64)
    )
    no_posts = rng.random(n) < np.array([0.7, 0.25, 0.85])[kind]
    empty_bio = rng.random(n) < np.array([0.92, 0.55, 0.9])[kind]
    return {
        "followers": followers,
        "following": np.minimum(following, MAX_FOLLOWING),
        "posts": np.where(no_posts, 0, some_posts),
        "has_profile_pic": rng.random(n) < np.array([0.1, 0.95, 0.55])[kind],
        "is_private": (kind == 2) | (rng.random(n) < np.array([0.1, 0.25, 1.0])[kind]),
        "bio_length": np.where(empty_bio, 0, rng.integers(5, 61, n)),
        "has_external_url": rng.random(n) < 0.03,
        "days": rng.integers(200, 1500, n).astype(np.float64),
    }


def build_pools(rng: np.random.Generator, creators: int) -> Pools:
    """Draw the real-follower and fake-account pools, sized for the world (primes: see
    sample_followers). Fake usernames never equal a real one."""
    n_real, n_bots = _pool_size(creators, REAL_POOL), _pool_size(creators, BOT_POOL)
    real = _unique(_real_names(rng, int(n_real * 1.6)), n_real)
    kind = pick(rng, _BOT_KIND_WEIGHTS, n_bots)
    looks_real = (kind == 1) | ((kind == 2) & (rng.random(n_bots) < 0.5))
    n_look = int(looks_real.sum())
    bots = pl.Series("follower_username", [""] * n_bots, dtype=pl.String)
    bots = bots.scatter(
        np.flatnonzero(looks_real), _unique(_name_variants(rng, int(n_look * 1.6)), n_look, real)
    )
    bots = bots.scatter(
        np.flatnonzero(~looks_real),
        _unique(_bot_names(rng, int((n_bots - n_look) * 1.3)), n_bots - n_look),
    )
    people, fakes = _people(rng, n_real), _fakes(rng, kind)
    cols = {k: np.concatenate([people[k], fakes[k]]) for k in people}
    posts = np.round(cols["posts"]).astype(np.int64)
    frame = pl.DataFrame(
        {
            "follower_username": pl.concat([real, bots]),
            "followers": np.round(cols["followers"]).astype(np.int64),
            "following": np.round(cols["following"]).astype(np.int64),
            "posts": posts,
            "has_profile_pic": cols["has_profile_pic"],
            "is_private": cols["is_private"],
            "bio_length": cols["bio_length"].astype(np.int64),
            "has_external_url": cols["has_external_url"],
            "last_post_at": _last_post(rng, cols["days"].astype(np.int64), posts),
        }
    )
    return Pools(frame, n_real, n_bots, kind)


def follower_truth(creators: int, seed: int) -> pl.DataFrame:
    """Which pool usernames of the world ``generate_world(creators, seed)`` are fake.

    Columns ``follower_username``, ``is_fake`` and ``fake_kind`` (one of :data:`BOT_KINDS`, null
    for real people). Join it to ``follower_samples`` on ``follower_username``: usernames are
    unique in the pools, so every sampled follower gets its label. The pools depend on the
    creator count and seed only (not on the ``WorldConfig``).
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))
    pools = build_pools(rng, creators)
    kinds = pl.Series("fake_kind", BOT_KINDS, dtype=pl.String).gather(pools.bot_kind)
    return pl.DataFrame(
        {
            "follower_username": pools.profiles["follower_username"],
            "is_fake": np.arange(pools.n_real + pools.n_bots) >= pools.n_real,
            "fake_kind": pl.concat([pl.Series([None] * pools.n_real, dtype=pl.String), kinds]),
        }
    )


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

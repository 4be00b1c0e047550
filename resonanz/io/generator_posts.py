"""Posts of one chunk: when they were published, in which format, and how people engaged.

Engagement follows the published benchmarks (engagement rate = (likes + comments) / followers):
Instagram about 6 % for nano/micro accounts falling to about 1.77 % at 10M+, TikTok about 18 %
falling to about 2.88 %, YouTube by views. Bots and bought followers do not engage, so an account
with fake followers shows a lower engagement rate on its total follower count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from resonanz.core.contracts import POST_FORMATS
from resonanz.io.generator_accounts import Cast
from resonanz.io.generator_base import (
    DST_END_US,
    FIRST_DAY,
    NOW_US,
    PLATFORM_BLOG,
    PLATFORM_INSTAGRAM,
    PLATFORM_TIKTOK,
    PLATFORM_YOUTUBE,
    US_PER_DAY,
    US_PER_HOUR,
    US_PER_MIN,
    WINDOW_DAYS,
    WINDOW_START_US,
    masked,
    ragged_arange,
)
from resonanz.io.generator_fraud import Frauds

FMT = {name: i for i, name in enumerate(POST_FORMATS)}
_FORMAT_NAMES = pl.Series(POST_FORMATS, dtype=pl.String)

# Local posting hour weights (0..23 h) per platform: Instagram weekday lunch and early evening,
# TikTok 18–22 h, YouTube afternoons, blogs in the morning.
_HOURS = np.array(
    [
        [.2, .1, .05, .05, .05, .1, .4, .8, 1, 1.2, 1.6, 2.6, 3, 2.4, 1.5, 1.3, 1.5, 2, 2.4, 2.3,
         1.8, 1.2, .7, .4],
        [.5, .3, .15, .1, .1, .1, .2, .4, .5, .6, .7, .8, 1, 1, 1, 1.1, 1.3, 1.6, 2.6, 3, 3.2, 3,
         2.2, 1],
        [.2, .1, .05, .05, .05, .1, .2, .3, .5, .7, .9, 1.1, 1.3, 1.5, 2, 2.6, 2.8, 2.6, 2, 1.6,
         1.2, .9, .6, .4],
        [.1, .05, .05, .05, .2, .6, 1.6, 2.4, 2.2, 1.6, 1.2, 1, 1.2, 1, .8, .7, .7, .8, .9, 1, .9,
         .6, .4, .2],
    ]
)  # fmt: skip
_HOUR_CDF = np.cumsum(_HOURS / _HOURS.sum(axis=1, keepdims=True), axis=1)

# Format weights per platform over POST_FORMATS (feed, carousel, reel, short, story, video, live,
# article).
_FORMATS = np.array(
    [
        [0.32, 0.30, 0.38, 0, 0, 0, 0, 0],
        [0, 0, 0, 0.12, 0, 0.85, 0.03, 0],
        [0, 0, 0, 0.42, 0, 0.55, 0.03, 0],
        [0, 0, 0, 0, 0, 0, 0, 1.0],
    ]
)
_FORMAT_CDF = np.cumsum(_FORMATS / _FORMATS.sum(axis=1, keepdims=True), axis=1)
_FORMAT_LIFT = np.array([1.0, 1.1, 1.25, 1.0, 1.0, 1.0, 0.7, 1.0])

# Median engagement rate by log10(real followers), per platform (interpolated, flat outside).
_ER_X = np.array([2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 7.0])
_ER_Y = {
    PLATFORM_INSTAGRAM: np.array([.075, .066, .060, .052, .040, .027, .020, .018, .0177]),
    PLATFORM_TIKTOK: np.array([.22, .20, .18, .15, .10, .075, .055, .042, .0288]),
}  # fmt: skip
_YT_VIEW_X = np.array([3.0, 4.0, 5.0, 6.0, 7.0])
_YT_VIEW_Y = np.array([0.5, 0.3, 0.18, 0.1, 0.06])
_RATIO_MEDIAN = np.array([32.0, 45.0, 22.0, 30.0])


@dataclass
class PostDraw:
    """The chunk's posts as arrays, sorted by account and time."""

    acc: np.ndarray
    t_us: np.ndarray
    day: np.ndarray
    fmt: np.ndarray
    lang: np.ndarray
    niche: np.ndarray
    platform: np.ndarray
    story: np.ndarray
    first_of_account: np.ndarray  # index of each account's first post
    pod_post: np.ndarray  # pod comments: post index per comment
    pod_author: np.ndarray  # pod comments: commenting account per comment

    @property
    def n(self) -> int:
        """Posts in the chunk."""
        return len(self.acc)


def _post_counts(rng: np.random.Generator, cast: Cast, fr: Frauds) -> np.ndarray:
    n = cast.n_accounts
    low = np.array([12, 14, 12, 12])[cast.platform]
    high = np.array([30, 40, 26, 20])[cast.platform]
    counts = rng.integers(low, high + 1)
    heavy = (cast.platform == PLATFORM_TIKTOK) & (rng.random(n) < 0.08)
    counts = np.where(heavy, rng.integers(120, 361, n), counts)
    return np.where(fr.inactive, rng.integers(6, 21, n), counts)


def _post_times(
    rng: np.random.Generator, platform: np.ndarray, last_day: np.ndarray, counts: np.ndarray
) -> np.ndarray:
    """UTC microseconds: a day in the account's active window, a local hour by platform habit.

    An account's posts are spread over its window in a jittered rhythm (the k-th of n posts near
    (k + 0.5) / n of the window), the way a creator with a schedule posts.
    """
    n = len(platform)
    per_post = np.repeat(counts, counts)
    frac = np.clip((ragged_arange(counts) + 0.5 + rng.normal(0.0, 0.35, n)) / per_post, 0, 1)
    day = np.minimum(np.floor(frac * last_day), last_day - 1).astype(np.int64)
    weekday = (FIRST_DAY.weekday() + day) % 7
    # Instagram creators favour weekdays: move about half of their weekend posts into the week.
    to_week = (platform == PLATFORM_INSTAGRAM) & (weekday >= 5) & (rng.random(n) < 0.45)
    day = np.where(to_week, np.maximum(day - weekday + rng.integers(0, 5, n), 0), day)
    hour = (rng.random(n)[:, None] > _HOUR_CDF[platform]).sum(axis=1)
    local = WINDOW_START_US + day * US_PER_DAY + hour * US_PER_HOUR
    local += rng.integers(0, 60, n) * US_PER_MIN + rng.integers(0, 60, n) * 1_000_000
    utc = local - np.where(local < DST_END_US, 2, 1) * US_PER_HOUR
    return np.clip(utc, WINDOW_START_US, NOW_US - US_PER_MIN)


def draw_posts(rng: np.random.Generator, cast: Cast, fr: Frauds) -> PostDraw:
    """Draw when each account posted and in which format and language."""
    counts = _post_counts(rng, cast, fr)
    acc = np.repeat(np.arange(cast.n_accounts), counts)
    platform = cast.platform[acc]
    last_day = (WINDOW_DAYS - fr.inactive_gap)[acc]
    t_us = _post_times(rng, platform, last_day, counts)
    order = np.lexsort((t_us, acc))
    t_us = t_us[order]
    n = len(acc)
    fmt = (rng.random(n)[:, None] > _FORMAT_CDF[platform]).sum(axis=1)
    story = (platform == PLATFORM_INSTAGRAM) & (t_us > NOW_US - US_PER_DAY) & (rng.random(n) < 0.5)
    fmt = np.where(story, FMT["story"], fmt)
    lang = cast.acc(cast.lang)[acc] ^ (rng.random(n) < 0.06)
    n1 = cast.acc(cast.niche1)[acc]
    n2 = cast.acc(cast.niche2)[acc]
    niche = np.where((n2 >= 0) & (rng.random(n) < 0.3), n2, n1)
    first = np.cumsum(counts) - counts
    pod_post, pod_author = _pod_comments(rng, fr, acc, ~story)
    return PostDraw(
        acc=acc,
        t_us=t_us,
        day=(t_us - WINDOW_START_US) // US_PER_DAY,
        fmt=fmt,
        lang=lang.astype(np.int64),
        niche=niche,
        platform=platform,
        story=story,
        first_of_account=first,
        pod_post=pod_post,
        pod_author=pod_author,
    )


def _pod_comments(
    rng: np.random.Generator,
    fr: Frauds,
    acc: np.ndarray,
    commentable: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Every pod member comments on almost every post of every other member of its pod."""
    if fr.n_pods == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    pod = fr.pod[acc]
    posts = np.flatnonzero((pod >= 0) & commentable)
    peers = fr.pod_size[pod[posts]] - 1
    post_rep = np.repeat(posts, peers)
    slot = np.arange(len(post_rep)) - np.repeat(np.cumsum(peers) - peers, peers)
    start = fr.pod_start[pod[post_rep]]
    # Rank of the post's author inside its pod; peers are the other members, in order.
    members = fr.pod_members
    rank = np.zeros(len(fr.pod), dtype=np.int64)
    rank[members] = np.arange(len(members)) - np.repeat(fr.pod_start, fr.pod_size)
    own = rank[acc[post_rep]]
    author = members[start + slot + (slot >= own)]
    keep = rng.random(len(post_rep)) < 0.9
    return post_rep[keep], author[keep]


def _interp(x: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    return np.interp(x, xs, ys)


def engagement(
    rng: np.random.Generator, cast: Cast, fr: Frauds, posts: PostDraw
) -> tuple[pl.DataFrame, np.ndarray]:
    """Likes, comments, shares, saves, views and reach per post; and which have bought likes."""
    n_acc = cast.n_accounts
    real = np.maximum(cast.organic * (1.0 - fr.bot_frac), 10.0)
    log_real = np.log10(real)
    er_ig = _interp(log_real, _ER_X, _ER_Y[PLATFORM_INSTAGRAM])
    er_tt = _interp(log_real, _ER_X, _ER_Y[PLATFORM_TIKTOK])
    er = np.where(cast.platform == PLATFORM_TIKTOK, er_tt, er_ig) * rng.lognormal(0, 0.35, n_acc)
    ratio = np.clip(rng.lognormal(np.log(_RATIO_MEDIAN[cast.platform]), 0.35), 8, 150)
    insights = (cast.platform == PLATFORM_INSTAGRAM) & (rng.random(n_acc) < 0.08)

    a, n = posts.acc, posts.n
    age_h = (NOW_US - posts.t_us) / US_PER_HOUR
    lift = rng.lognormal(0, 0.45, n) * _FORMAT_LIFT[posts.fmt] * (1 - np.exp(-age_h / 8))
    viral = (fr.viral_day[a] >= 0) & (np.abs(posts.day - fr.viral_day[a]) <= 1)
    lift = np.where(viral, lift * rng.uniform(8, 20, n), lift)
    views_yt = real[a] * _interp(log_real[a], _YT_VIEW_X, _YT_VIEW_Y) * lift * 1.5
    inter = np.where(
        posts.platform == PLATFORM_YOUTUBE,
        views_yt * 0.045 * rng.lognormal(0, 0.3, n),
        real[a] * er[a] * lift,
    )
    comments = rng.poisson(inter / (1 + ratio[a]))
    likes = rng.poisson(inter * ratio[a] / (1 + ratio[a]))
    pod_count = np.bincount(posts.pod_post, minlength=n)
    comments += pod_count
    likes += pod_count
    inflated = fr.bought_likes[a] & (rng.random(n) < 0.6) & ~posts.story
    likes = np.where(inflated, likes * rng.uniform(4, 12, n) + rng.poisson(60, n), likes)
    likes = likes.astype(np.int64)
    frame = _engagement_frame(rng, posts, likes, comments, views_yt, insights[a], real[a], lift)
    return frame, inflated


def _engagement_frame(
    rng: np.random.Generator,
    posts: PostDraw,
    likes: np.ndarray,
    comments: np.ndarray,
    views_yt: np.ndarray,
    insights: np.ndarray,
    real: np.ndarray,
    lift: np.ndarray,
) -> pl.DataFrame:
    n, plat, fmt = posts.n, posts.platform, posts.fmt
    blog, story = plat == PLATFORM_BLOG, posts.story
    tiktok, ig = plat == PLATFORM_TIKTOK, plat == PLATFORM_INSTAGRAM
    blog_comments = rng.poisson(0.5 + real**0.5 * 0.05)
    comments = np.where(blog, blog_comments, comments)
    like_view = np.where(tiktok, 0.08, 0.05) * rng.lognormal(0, 0.3, n)
    views = np.where(plat == PLATFORM_YOUTUBE, views_yt, likes / like_view)
    views = np.where(story, real * rng.uniform(0.05, 0.12, n), views).astype(np.int64)
    has_views = ~blog & (~ig | (fmt == FMT["reel"]) | story)
    shares = rng.poisson(likes * np.where(tiktok, 0.02, 0.03) * rng.lognormal(0, 0.5, n))
    saves = rng.poisson(likes * np.where(fmt == FMT["carousel"], 0.12, 0.05))
    reach = np.maximum(real * rng.uniform(0.15, 0.45, n) * np.sqrt(lift), likes + comments)
    public = ~blog & ~story
    return pl.DataFrame(
        {
            "likes": masked(pl.Series(likes), public),
            "comments": masked(pl.Series(comments), ~story),
            "shares": masked(pl.Series(shares), public & (tiktok | insights)),
            "saves": masked(pl.Series(saves), public & (tiktok | insights)),
            "views": masked(pl.Series(views), has_views),
            "reach": masked(pl.Series(reach.astype(np.int64)), insights),
        }
    )


def format_names(fmt: np.ndarray) -> pl.Series:
    """Format codes to their contract names."""
    return _FORMAT_NAMES.gather(fmt)


def is_video(fmt: np.ndarray) -> np.ndarray:
    """Posts in a video format (reel, short, video, live)."""
    return np.isin(fmt, [FMT["reel"], FMT["short"], FMT["video"], FMT["live"]])

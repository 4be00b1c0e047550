"""Comments under a chunk's posts, in German and English.

Ordinary comments are meaningful (questions, personal stories), generic praise, emoji-only or spam;
accounts with many fake followers attract more spam and emoji. At most ``max_comments_per_post``
ordinary comments are stored per post (the ``comments`` metric counts all of them); engagement-pod
members add their own comments within minutes of publishing, on top of that cap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

from resonanz.io import demo_texts as tx
from resonanz.io import demo_vocab as vocab
from resonanz.io.generator_accounts import Cast
from resonanz.io.generator_base import (
    NOW_US,
    Bank,
    TemplateBank,
    format_ids,
)
from resonanz.io.generator_followers import Pools
from resonanz.io.generator_fraud import Frauds
from resonanz.io.generator_posts import PostDraw

MEANINGFUL, PRAISE, EMOJI, SPAM = 0, 1, 2, 3
_MIX_NORMAL = np.array([0.28, 0.40, 0.24, 0.08])
_MIX_SUSPECT = np.array([0.12, 0.36, 0.30, 0.22])
_LIKES_MEAN = np.array([1.5, 0.4, 0.2, 0.0])

_TOPICS = Bank([tx.TOPICS[n][lang] for n in vocab.NICHE_NAMES for lang in (0, 1)])
_QUESTIONS = TemplateBank(tx.COMMENT_QUESTIONS)
_STORIES = Bank(tx.COMMENT_STORIES)
_PRAISE = Bank(tx.COMMENT_PRAISE)
_EMOJI = Bank([tx.COMMENT_EMOJI])
_SPAM = Bank(tx.COMMENT_SPAM)
_POD = Bank(tx.COMMENT_POD)


@dataclass
class _Rows:
    """Comment rows before ordering: post index, author, text, time (µs), likes."""

    post: np.ndarray
    author: pl.Series
    text: pl.Series
    t: np.ndarray
    likes: np.ndarray


def _texts(
    rng: np.random.Generator, kind: np.ndarray, lang: np.ndarray, niche: np.ndarray
) -> pl.Series:
    """One comment text per row, by kind and language."""
    n = len(kind)
    out = pl.Series([None] * n, dtype=pl.String)
    question = (kind == MEANINGFUL) & (rng.random(n) < 0.55)
    parts: list[tuple[np.ndarray, Callable[[np.ndarray], pl.Series]]] = [
        (
            question,
            lambda r: _QUESTIONS.fill(rng, lang[r], _TOPICS.draw(rng, niche[r] * 2 + lang[r])),
        ),
        ((kind == MEANINGFUL) & ~question, lambda r: _STORIES.draw(rng, lang[r])),
        (kind == PRAISE, lambda r: _PRAISE.draw(rng, lang[r])),
        (kind == EMOJI, lambda r: _EMOJI.draw(rng, np.zeros(len(r), dtype=np.int64))),
        (kind == SPAM, lambda r: _SPAM.draw(rng, lang[r])),
    ]
    for mask, make in parts:
        rows = np.flatnonzero(mask)
        if len(rows):
            out = out.scatter(rows, make(rows))
    return out


def _ordinary(
    rng: np.random.Generator,
    fr: Frauds,
    posts: PostDraw,
    organic_comments: np.ndarray,
    cap: int,
    pools: Pools,
) -> _Rows:
    """Stored ordinary comments (at most ``cap`` per post, never more than the metric)."""
    k = np.minimum(np.minimum(organic_comments, rng.poisson(3.2, posts.n)), cap)
    k = np.where(posts.story, 0, k)
    post = np.repeat(np.arange(posts.n), k)
    m = len(post)
    suspect = (fr.bot_frac > 0.2) | fr.bought
    mix = np.where(suspect[posts.acc[post]][:, None], _MIX_SUSPECT, _MIX_NORMAL)
    kind = (rng.random(m)[:, None] > np.cumsum(mix, axis=1)).sum(axis=1)
    kind = np.minimum(kind, SPAM)
    lang = posts.lang[post] ^ (rng.random(m) < 0.15)
    author = np.where(
        kind == SPAM,
        pools.n_real + rng.integers(0, pools.n_bots, m),
        rng.integers(0, pools.n_real, m),
    )
    delay = np.round(rng.lognormal(np.log(90.0 * 60), 1.3, m)) * 1_000_000
    return _Rows(
        post=post,
        author=pools.username(author),
        text=_texts(rng, kind, lang.astype(np.int64), posts.niche[post]),
        t=np.minimum(posts.t_us[post] + delay.astype(np.int64) + 1_000_000, NOW_US - 1_000_000),
        likes=rng.poisson(_LIKES_MEAN[kind]),
    )


def _pod(rng: np.random.Generator, cast: Cast, posts: PostDraw) -> _Rows:
    """Pod comments: the pod peers' handles, generic praise, 1–15 minutes after publishing."""
    post, m = posts.pod_post, len(posts.pod_post)
    delay = rng.integers(60, 15 * 60, m) * 1_000_000
    return _Rows(
        post=post,
        author=cast.handle.gather(posts.pod_author),
        text=_POD.draw(rng, posts.lang[post]),
        t=np.minimum(posts.t_us[post] + delay, NOW_US - 1_000_000),
        likes=rng.poisson(1.0, m),
    )


def comments_frame(
    rng: np.random.Generator,
    cast: Cast,
    fr: Frauds,
    posts: PostDraw,
    post_ids: pl.Series,
    comments_metric: np.ndarray,
    pools: Pools,
    cap: int,
    comment_offset: int,
) -> pl.DataFrame:
    """The ``comments`` table of the chunk, ordered by post and time."""
    pod_count = np.bincount(posts.pod_post, minlength=posts.n)
    ordinary = _ordinary(rng, fr, posts, np.maximum(comments_metric - pod_count, 0), cap, pools)
    pod = _pod(rng, cast, posts)
    post = np.concatenate([ordinary.post, pod.post])
    t = np.concatenate([ordinary.t, pod.t])
    order = np.lexsort((t, post))
    n = len(post)
    return pl.DataFrame(
        {
            "comment_id": format_ids("c-", comment_offset, n, 9),
            "post_id": post_ids.gather(post[order]),
            "author": pl.concat([ordinary.author, pod.author]).gather(order),
            "text": pl.concat([ordinary.text, pod.text]).gather(order),
            "commented_at": pl.Series(t[order]).cast(pl.Datetime("us", "UTC")),
            "likes": np.concatenate([ordinary.likes, pod.likes])[order].astype(np.int64),
        }
    )

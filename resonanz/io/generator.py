"""The seeded demo market generator: a realistic German-speaking creator market, with ground truth.

``generate_world(creators, seed)`` yields the world in chunks of creators (each chunk a dict of
Arrow tables in the contract's schemas, plus ``ground_truth``); ``write_world`` streams it to one
file per table. The same seed always gives the same world, byte for byte. Nothing is read from
disk: every figure comes from published benchmarks (engagement rates by platform and tier,
like:comment ratios, posting habits) written into the generator modules.

Frauds are recorded per account in ``ground_truth`` so detectors can be scored: bought followers
(a step in the daily follower count, fake followers in the sample, a lower engagement rate), bot
followers (fake followers without a step), engagement pods, bought likes, undisclosed ads and
inactive accounts. The demo world's ground truth alone proves nothing about the real world.

Example::

    from resonanz.io.generator import generate_world
    for chunk in generate_world(creators=100, seed=1):
        print(chunk["accounts"].num_rows, chunk["posts"].num_rows)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa

from resonanz.core.contracts import TABLE_MODELS, arrow_schema
from resonanz.io.generator_accounts import (
    Cast,
    accounts_frame,
    assign_handles,
    creators_frame,
    draw_cast,
)
from resonanz.io.generator_audience import audience_frame
from resonanz.io.generator_base import (
    FIRST_DAY_ORDINAL,
    WorldConfig,
    format_ids,
    masked,
)
from resonanz.io.generator_captions import build_captions
from resonanz.io.generator_comments import comments_frame
from resonanz.io.generator_followers import Pools, build_pools, fake_share, sample_followers
from resonanz.io.generator_fraud import Frauds, assign_frauds
from resonanz.io.generator_metrics import Growth, grow_followers, metrics_frame
from resonanz.io.generator_posts import PostDraw, draw_posts, engagement, format_names
from resonanz.io.writers import EXTENSIONS, open_writer

__all__ = [
    "GROUND_TRUTH_SCHEMA",
    "TABLES",
    "WorldConfig",
    "generate_world",
    "schema_of",
    "write_world",
]

GROUND_TRUTH_SCHEMA = pa.schema(
    [
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("bought_followers", pa.bool_(), nullable=False),
        pa.field("bought_followers_date", pa.date32()),
        pa.field("bought_followers_count", pa.int64()),
        pa.field("bot_follower_share", pa.float64(), nullable=False),
        pa.field("fake_follower_share", pa.float64(), nullable=False),
        pa.field("pod_id", pa.string()),
        pa.field("bought_likes", pa.bool_(), nullable=False),
        pa.field("undisclosed_ad_post_ids", pa.string(), nullable=False),
        pa.field("inactive", pa.bool_(), nullable=False),
    ]
)
"""One row per account: which frauds the generator planted (see the module docstring)."""

TABLES: tuple[str, ...] = (*TABLE_MODELS, "ground_truth")
"""Every table ``generate_world`` yields, in dependency order."""


def schema_of(table: str) -> pa.Schema:
    """The Arrow schema of a generated table (contract tables and ``ground_truth``)."""
    return GROUND_TRUTH_SCHEMA if table == "ground_truth" else arrow_schema(table)


@dataclass
class _Counters:
    """Running id counters and handle hashes, carried from chunk to chunk."""

    creators: int = 0
    accounts: int = 0
    posts: int = 0
    comments: int = 0
    pods: int = 0
    seen_handles: dict[int, np.ndarray] = field(default_factory=dict)


def _arrow(frame: pl.DataFrame, table: str) -> pa.Table:
    schema = schema_of(table)
    out = frame.select(schema.names).to_arrow(compat_level=pl.CompatLevel.oldest())
    return out.cast(schema)


def _posts_frame(
    cast: Cast, posts: PostDraw, post_ids: pl.Series, eng: pl.DataFrame, text: pl.DataFrame
) -> pl.DataFrame:
    head = pl.DataFrame(
        {
            "post_id": post_ids,
            "account_id": cast.account_ids().gather(posts.acc),
            "posted_at": pl.Series(posts.t_us).cast(pl.Datetime("us", "UTC")),
            "format": format_names(posts.fmt),
        }
    )
    return pl.concat([head, eng, text], how="horizontal")


def _ground_truth(
    cast: Cast,
    fr: Frauds,
    growth: Growth,
    fake: np.ndarray,
    inflated_accounts: np.ndarray,
    undisclosed_ids: pl.DataFrame,
) -> pl.DataFrame:
    n = cast.n_accounts
    ids = cast.account_ids()
    step_date = pl.Series((fr.step_day + FIRST_DAY_ORDINAL).astype(np.int32)).cast(pl.Date)
    pod_ids = format_ids("pod-", fr.pod_offset, max(fr.n_pods, 1), 4).gather(np.maximum(fr.pod, 0))
    bots = cast.organic * fr.bot_frac / np.maximum(growth.followers_now, 1)
    frame = pl.DataFrame(
        {
            "account_id": ids,
            "bought_followers": fr.bought,
            "bought_followers_date": masked(step_date, fr.bought),
            "bought_followers_count": masked(pl.Series(growth.bought_count), fr.bought),
            "bot_follower_share": np.round(bots, 4),
            "fake_follower_share": np.round(fake, 4),
            "pod_id": masked(pod_ids, fr.pod >= 0),
            "bought_likes": inflated_accounts,
            "_row": np.arange(n),
            "inactive": fr.inactive,
        }
    )
    joined = frame.join(undisclosed_ids, on="_row", how="left", maintain_order="left")
    return joined.with_columns(pl.col("undisclosed_ad_post_ids").fill_null(""))


def _undisclosed_ids(posts: PostDraw, post_ids: pl.Series, undisclosed: np.ndarray) -> pl.DataFrame:
    frame = pl.DataFrame({"_row": posts.acc[undisclosed], "pid": post_ids.filter(undisclosed)})
    return frame.group_by("_row", maintain_order=True).agg(
        pl.col("pid").str.join(" ").alias("undisclosed_ad_post_ids")
    )


def _chunk(
    rng: np.random.Generator, n: int, state: _Counters, cfg: WorldConfig, pools: Pools
) -> dict[str, pa.Table]:
    """Generate one chunk of ``n`` creators and advance the counters."""
    cast = draw_cast(rng, n, state.creators, state.accounts)
    assign_handles(rng, cast, state.seen_handles)
    fr = assign_frauds(rng, cast, cfg, state.pods)
    growth = grow_followers(rng, cast, fr)
    posts = draw_posts(rng, cast, fr)
    post_ids = format_ids("p-", state.posts, posts.n, 8)
    account_ids = cast.account_ids()
    eng, inflated = engagement(rng, cast, fr, posts)
    text, undisclosed = build_captions(rng, cast, fr, posts)
    comments = comments_frame(
        rng,
        cast,
        fr,
        posts,
        post_ids,
        eng["comments"].fill_null(0).to_numpy(),
        pools,
        cfg.max_comments_per_post,
        state.comments,
    )
    metrics, media_count = metrics_frame(rng, cast, growth, account_ids, posts.acc, posts.day)
    fake = fake_share(cast, fr.bot_frac, growth.bought_now)
    frames = {
        "creators": creators_frame(cast),
        "accounts": accounts_frame(rng, cast, growth.followers_now, media_count),
        "posts": _posts_frame(cast, posts, post_ids, eng, text),
        "comments": comments,
        "follower_samples": sample_followers(
            rng, pools, account_ids, growth.followers_now, fake, cfg.follower_sample_size
        ),
        "audience": audience_frame(rng, cast, account_ids, fake),
        "metrics_daily": metrics,
        "ground_truth": _ground_truth(
            cast,
            fr,
            growth,
            fake,
            np.bincount(posts.acc[inflated], minlength=cast.n_accounts) > 0,
            _undisclosed_ids(posts, post_ids, undisclosed),
        ),
    }
    state.creators += cast.n_creators
    state.accounts += cast.n_accounts
    state.posts += posts.n
    state.comments += comments.height
    state.pods += fr.n_pods
    return {name: _arrow(frame, name) for name, frame in frames.items()}


def generate_world(
    creators: int, seed: int, config: WorldConfig | None = None
) -> Iterator[dict[str, pa.Table]]:
    """Yield the demo world chunk by chunk (``config.chunk_size`` creators per chunk).

    Each chunk maps every name in :data:`TABLES` to an Arrow table: the contract tables in
    ``arrow_schema(table)`` and ``ground_truth`` in :data:`GROUND_TRUTH_SCHEMA`. Ids run on across
    chunks (``cr-000001``, ``acc-000001``, ``p-00000001``, ``c-000000001``), so the chunks
    concatenate into one consistent world. The same ``creators``, ``seed`` and ``config`` give
    identical tables.
    """
    if creators < 0:
        raise ValueError("creators must be >= 0")
    if seed < 0:
        raise ValueError("seed must be >= 0")
    cfg = config or WorldConfig()
    if cfg.chunk_size < 1:
        raise ValueError("chunk_size must be >= 1")
    pools = build_pools(
        np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,))), creators
    )
    state = _Counters()
    for i, start in enumerate(range(0, creators, cfg.chunk_size)):
        n = min(cfg.chunk_size, creators - start)
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1, i)))
        yield _chunk(rng, n, state, cfg, pools)


def write_world(
    out_dir: Path,
    creators: int,
    seed: int,
    fmt: str = "csv",
    progress: Callable[[int], None] | None = None,
    config: WorldConfig | None = None,
) -> dict[str, Path]:
    """Generate the world and write one file per table (``creators.csv``, …, ``ground_truth.csv``).

    ``fmt`` is ``csv``, ``jsonl`` or ``parquet`` (see :mod:`resonanz.io.writers` for the
    layouts). The world is streamed chunk by chunk, so memory stays bounded for any size.
    ``progress(n)`` is called after each chunk with the number of creators written so far.
    Returns table name -> file path.
    """
    if fmt not in EXTENSIONS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(EXTENSIONS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {t: out_dir / f"{t}{EXTENSIONS[fmt]}" for t in TABLES}
    done = 0
    with ExitStack() as stack:
        writers = {t: stack.enter_context(open_writer(paths[t], schema_of(t), fmt)) for t in TABLES}
        for chunk in generate_world(creators, seed, config):
            for table, data in chunk.items():
                writers[table].write(data)
            done += chunk["creators"].num_rows
            if progress is not None:
                progress(done)
    return paths

"""The metric components do not depend on the order of the input rows.

The batch path tests whether posts and history come sorted by account and time and sorts only
when they do not; engagement takes each account's latest posts by their position from the end of
its rows. Shuffled input must give the same result as sorted input.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal, assert_series_equal

from resonanz.core.config import load_defaults
from resonanz.core.vetting.pipeline import metric_components, metric_vetting

D = load_defaults()
NOW = datetime(2024, 6, 30, 12)
FORMATS = ["feed", "reel", "story", "video", "live", None]


def _market(seed: int, accounts: int) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    acc = pl.DataFrame(
        {
            "account_id": [f"a{i}" for i in range(accounts)],
            "platform": rng.choice(["instagram", "tiktok", "youtube"], accounts).tolist(),
            "followers": rng.choice([None, 500.0, 20_000.0, 3e5], accounts).tolist(),
        },
        schema={"account_id": pl.String, "platform": pl.String, "followers": pl.Float64},
    )
    posts, history = [], []
    for i in range(accounts):
        n = int(rng.integers(0, 40))
        # distinct times per account (ties have no defined order)
        minutes = rng.choice(200 * 24 * 60, size=n, replace=False)
        for m in minutes:
            posts.append(
                {
                    "account_id": f"a{i}",
                    "posted_at": NOW - timedelta(minutes=int(m)),
                    "likes": float(rng.integers(0, 5000)),
                    "comments": float(rng.integers(0, 200)),
                    "views": None if rng.random() < 0.5 else float(rng.integers(0, 90_000)),
                    "format": FORMATS[int(rng.integers(0, len(FORMATS)))],
                }
            )
        level = float(rng.integers(100, 100_000))
        for d in range(int(rng.integers(0, 60))):
            level *= 1 + float(rng.normal(0.001, 0.01))
            history.append(
                {"account_id": f"a{i}", "date": NOW.date() - timedelta(days=d), "followers": level}
            )
    post_schema = {
        "account_id": pl.String,
        "posted_at": pl.Datetime("us"),
        **dict.fromkeys(("likes", "comments", "views"), pl.Float64),
        "format": pl.String,
    }
    schema = {"account_id": pl.String, "date": pl.Date, "followers": pl.Float64}
    return acc, pl.DataFrame(posts, schema=post_schema), pl.DataFrame(history, schema=schema)


def _components(acc: pl.DataFrame, posts: pl.DataFrame, history: pl.DataFrame) -> pl.DataFrame:
    frame, _ = metric_components(acc, posts, history, D, now=NOW)
    return frame.collect().sort("_aid")


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), accounts=st.integers(1, 12))
def test_shuffled_rows_give_the_same_components(seed: int, accounts: int) -> None:
    acc, posts, history = _market(seed, accounts)
    ordered = _components(
        acc, posts.sort("account_id", "posted_at"), history.sort("account_id", "date")
    )
    shuffled = _components(acc, posts.sample(fraction=1.0, shuffle=True, seed=seed), history)
    # the gaps' mean and spread are sums in another order: equal up to rounding
    assert_frame_equal(shuffled, ordered, check_exact=False, rel_tol=1e-9)
    assert ordered["engagement_posts_recent"].max() <= D.engagement.recent_posts


def test_metric_vetting_is_the_composite_of_the_metric_components() -> None:
    """The quick vetting's score is the weighted mean of engagement, activity and growth alone."""
    acc, posts, history = _market(11, 12)
    spiking = history.with_columns(
        followers=pl.when(
            (pl.col("account_id") == "a0") & (pl.col("date") > NOW.date() - timedelta(days=5))
        )
        .then(pl.col("followers") * 3)
        .otherwise(pl.col("followers"))
    )
    vetted = metric_vetting(acc, posts, spiking, D, now=NOW)
    assert vetted.height == acc.height
    w = D.composite.weights
    keys = ("engagement", "activity", "growth")
    num = pl.sum_horizontal([w[k] * pl.col(f"{k}_score").fill_null(0.0) for k in keys])
    den = pl.sum_horizontal([w[k] * pl.col(f"{k}_score").is_not_null() for k in keys])
    expected = vetted.select(pl.when(den > 0).then(num / den)).to_series()
    assert vetted["score"].drop_nulls().len() > 0
    assert_series_equal(vetted["score"], expected, check_names=False)
    flags = set(vetted["flags"].explode().drop_nulls())
    assert "follower_spike" in flags
    assert not flags & {"fake_followers", "spam_comments", "undisclosed_ads", "brand_unsafe"}

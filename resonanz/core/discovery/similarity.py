"""Audience similarity and follower overlap for lookalikes; how the parts combine.

Audience: per dimension (age, gender, country, city; ``[discovery] audience_dimensions``) each
account's bucket shares form a vector; the similarity of two accounts is the cosine of their
vectors, averaged over the dimensions both have. Followers: the Jaccard index of two follower
samples (shared names / all names), when both samples are big enough. The lookalike score is the
weighted mean of content, audience and follower similarity with ``[discovery.lookalike_weights]``;
a part that is unknown for a pair drops out and the other weights are re-spread.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from resonanz.core.discovery.settings import LookalikeWeights


def audience_similarity(
    audience: pl.DataFrame, target: str, dimensions: Sequence[str]
) -> pl.DataFrame:
    """``account_id``, ``audience_similarity`` (0–1) of every account against ``target``.

    ``audience`` has ``account_id``, ``dimension``, ``bucket``, ``share``. Accounts sharing no
    dimension with the target are left out.

    >>> aud = pl.DataFrame({"account_id": ["a", "a", "b", "b", "c", "c"],
    ...     "dimension": ["age"] * 6, "bucket": ["18-24", "25-34"] * 3,
    ...     "share": [0.8, 0.2, 0.7, 0.3, 0.1, 0.9]})
    >>> sim = audience_similarity(aud, "a", ["age"]).sort("account_id")
    >>> sim["audience_similarity"].round(2).to_list()
    [1.0, 0.99, 0.35]
    """
    data = audience.filter(pl.col("dimension").is_in(list(dimensions))).select(
        pl.col("account_id").cast(pl.String),
        pl.col("dimension").cast(pl.String),
        pl.col("bucket").cast(pl.String),
        pl.col("share").cast(pl.Float64).fill_nan(0.0).fill_null(0.0).clip(0.0),
    )
    parts: list[pl.DataFrame] = []
    for dim in dimensions:
        sub = data.filter(pl.col("dimension") == dim)
        if target not in set(sub["account_id"].to_list()):
            continue
        wide = sub.pivot("bucket", index="account_id", values="share", aggregate_function="sum")
        wide = wide.fill_null(0.0)
        ids = wide["account_id"]
        matrix = wide.drop("account_id").to_numpy().astype(np.float64)
        norms = np.linalg.norm(matrix, axis=1)
        ok = norms > 0
        unit = np.zeros_like(matrix)
        unit[ok] = matrix[ok] / norms[ok, None]
        t = int(np.flatnonzero((ids == target).to_numpy())[0])
        if not ok[t]:
            continue
        sims = unit @ unit[t]
        parts.append(pl.DataFrame({"account_id": ids, "_sim": sims}).filter(pl.Series(ok)))
    if not parts:
        return pl.DataFrame(schema={"account_id": pl.String, "audience_similarity": pl.Float64})
    return (
        pl.concat(parts)
        .group_by("account_id")
        .agg(pl.col("_sim").mean().clip(0.0, 1.0).alias("audience_similarity"))
    )


def top_buckets(audience: pl.DataFrame, account: str, dimensions: Sequence[str]) -> dict[str, str]:
    """The largest bucket per dimension of one account (for "both mostly 18–24, Berlin")."""
    rows = (
        audience.filter(
            (pl.col("account_id") == account) & pl.col("dimension").is_in(list(dimensions))
        )
        .sort("share", descending=True)
        .unique("dimension", keep="first")
    )
    return {str(d): str(b) for d, b in rows.select("dimension", "bucket").iter_rows()}


def follower_overlap(samples: pl.DataFrame, target: str, min_sample: int) -> pl.DataFrame:
    """``account_id``, ``shared_followers``, ``follower_similarity`` (Jaccard) against ``target``.

    Only accounts whose sample (and the target's) has at least ``min_sample`` names; accounts
    sharing nobody get 0.

    >>> s = pl.DataFrame({"account_id": ["a", "a", "b", "b", "c"],
    ...                   "follower_username": ["x", "y", "y", "z", "q"]})
    >>> follower_overlap(s, "a", 1).sort("account_id")["follower_similarity"].round(2).to_list()
    [1.0, 0.33, 0.0]
    """
    names = samples.select(
        pl.col("account_id").cast(pl.String), pl.col("follower_username").cast(pl.String)
    ).unique()
    sizes = names.group_by("account_id").agg(pl.len().alias("sample_size"))
    mine = names.filter(pl.col("account_id") == target)
    shared = (
        names.join(mine.select("follower_username"), on="follower_username")
        .group_by("account_id")
        .agg(pl.len().alias("shared_followers"))
    )
    return overlap_from_counts(sizes, shared, mine.height, min_sample)


def overlap_from_counts(
    sizes: pl.DataFrame, shared: pl.DataFrame, target_size: int, min_sample: int
) -> pl.DataFrame:
    """Jaccard from counts: ``sizes`` (``account_id``, ``sample_size``) and ``shared``
    (``account_id``, ``shared_followers`` with the target, whose sample has ``target_size``).

    The store counts in SQL and passes the counts here; :func:`follower_overlap` counts names.
    """
    schema = {
        "account_id": pl.String,
        "shared_followers": pl.Int64,
        "follower_similarity": pl.Float64,
    }
    if target_size < min_sample:
        return pl.DataFrame(schema=schema)
    big = sizes.select(
        pl.col("account_id").cast(pl.String), pl.col("sample_size").cast(pl.Int64)
    ).filter(pl.col("sample_size") >= min_sample)
    counts = shared.select(
        pl.col("account_id").cast(pl.String), pl.col("shared_followers").cast(pl.Int64)
    )
    return (
        big.join(counts, on="account_id", how="left")
        .with_columns(pl.col("shared_followers").fill_null(0))
        .with_columns(
            (
                pl.col("shared_followers")
                / (pl.col("sample_size") + target_size - pl.col("shared_followers"))
            ).alias("follower_similarity")
        )
        .select(list(schema))
    )


def combined_similarity(weights: LookalikeWeights) -> pl.Expr:
    """Weighted mean of ``content_similarity``, ``audience_similarity`` and
    ``follower_similarity`` over the parts that are known (null parts drop out)."""
    parts = (
        ("content_similarity", weights.content),
        ("audience_similarity", weights.audience),
        ("follower_similarity", weights.followers),
    )
    num: pl.Expr = pl.lit(0.0)
    den: pl.Expr = pl.lit(0.0)
    for name, w in parts:
        known = pl.col(name).is_not_null()
        num = num + pl.when(known).then(pl.col(name) * w).otherwise(0.0)
        den = den + pl.when(known).then(pl.lit(w)).otherwise(0.0)
    return pl.when(den > 0).then(num / den)

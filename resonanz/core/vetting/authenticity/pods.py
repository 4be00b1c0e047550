"""Engagement pods from the co-commenter graph: who comments regularly, fast and mutually.

An engagement pod is a group of creators who agree to like and comment on each other's posts right
after publishing, to push them in the platforms' ranking. Its trace in the data:

1. **regular fast commenters** — for an account, a commenter who comments on at least
   ``pod_min_share`` (60 %) of its recent posts (of at least ``pod_min_posts`` posts with comments)
   with a median delay of at most ``pod_fast_minutes`` (60) after publishing. The account's own
   replies do not count. Such a tie is a directed edge *commenter → account*;
2. **reciprocity** — the commenter is itself an account in the store (same handle, same platform),
   and the account regularly and fast comments on *its* posts too: a mutual edge;
3. **the group** — connected components of the mutual edges; ``pod_min_size`` (3) or more accounts
   form a pod. Its id is ``pod:<smallest account_id>``, its members are listed by handle.

A fan who comments on every post, even fast, is no pod unless they are a creator in the store who
gets the same service back, and in a group. ``authenticity_fast_commenters`` still counts such
commenters, so a group of them outside the store can be reported as a suspicion.

Everything is polars joins and group-bys over all accounts at once; the components come from
min-label propagation (a few join rounds, as pods are small and dense) — no graph library in core.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import polars as pl

from resonanz.core.config import AuthenticitySettings

_US_PER_MIN = 60_000_000

POD_EDGE = pl.Struct(
    {
        "source": pl.String,
        "target": pl.String,
        "share": pl.Float64,
        "delay_min": pl.Float64,
        "mutual": pl.Boolean,
    }
)
"""One directed edge of a pod: ``source`` comments on ``share`` of ``target``'s posts, a median
``delay_min`` minutes after publishing; ``mutual`` when ``target`` does the same for ``source``."""


def handle_key(expr: pl.Expr) -> pl.Expr:
    """A handle or comment author as compared: trimmed, without "@", lower case."""
    return expr.str.strip_chars().str.strip_chars_start("@").str.to_lowercase()


def comment_ties(
    window: pl.LazyFrame,
    comments: pl.LazyFrame,
    accounts: pl.LazyFrame,
    min_share: float = 0.0,
    min_posts: int = 0,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per (account, commenter): posts commented, share, median delay; and posts with comments.

    ``window`` has ``_aid, post_id, posted_at`` (each account's recent posts); ``comments`` has
    ``post_id, author, commented_at`` (authors as written: :func:`handle_key` is applied here,
    after the comments on other posts are gone); ``accounts`` has ``_aid, _handle_key``. Returns
    the ties ``_aid, author, n_posts, comment_posts, share, delay_min`` (own replies removed) with
    ``share ≥ min_share`` on accounts with ``comment_posts ≥ min_posts`` (only those can be
    regular: the median delay of the many one-off commenters is never needed), and per account
    ``_aid, authenticity_comment_posts, authenticity_comment_times_known``.
    """
    rows = comments.join(
        window.select("_aid", "post_id", "posted_at"), on="post_id", how="inner"
    ).with_columns(author=handle_key(pl.col("author")))
    per_account = rows.group_by("_aid").agg(
        authenticity_comment_posts=pl.col("post_id").n_unique().cast(pl.Int64),
        authenticity_comment_times_known=pl.col("commented_at").is_not_null().any(),
    )
    delay = (pl.col("commented_at") - pl.col("posted_at")).dt.total_microseconds() / _US_PER_MIN
    first = (
        rows.join(accounts.select("_aid", "_handle_key"), on="_aid", how="left")
        .filter(pl.col("author") != pl.col("_handle_key").fill_null(""))
        .group_by("_aid", "post_id", "author")
        .agg(delay_min=delay.clip(lower_bound=0.0).min())
    )
    first_df, per_account_df = pl.collect_all([first, per_account])
    ties = (
        first_df.group_by("_aid", "author")
        .agg(n_posts=pl.len().cast(pl.Int64))
        .join(per_account_df.select("_aid", "authenticity_comment_posts"), on="_aid", how="left")
        .rename({"authenticity_comment_posts": "comment_posts"})
        .with_columns(share=pl.col("n_posts") / pl.col("comment_posts"))
        .filter((pl.col("share") >= min_share) & (pl.col("comment_posts") >= min_posts))
    )
    delays = (
        first_df.join(ties.select("_aid", "author"), on=["_aid", "author"], how="semi")
        .group_by("_aid", "author")
        .agg(delay_min=pl.col("delay_min").median())
    )
    return ties.join(delays, on=["_aid", "author"], how="left"), per_account_df


def _components(edges: pl.DataFrame) -> pl.DataFrame:
    """``node, component`` (smallest node id) of the undirected graph ``a, b`` (both directions)."""
    labels = edges.select(node=pl.col("a"), label=pl.col("a")).unique()
    for _ in range(max(labels.height, 1)):
        spread = (
            edges.join(labels, left_on="b", right_on="node")
            .group_by("a")
            .agg(pl.col("label").min())
            .rename({"a": "node", "label": "_in"})
        )
        new = (
            labels.join(spread, on="node", how="left")
            .with_columns(label=pl.min_horizontal("label", "_in"))
            .drop("_in")
        )
        if new.sort("node").equals(labels.sort("node")):
            break
        labels = new
    return labels.rename({"label": "component"})


def pod_columns(
    ties: pl.LazyFrame, accounts: pl.LazyFrame, settings: AuthenticitySettings
) -> pl.DataFrame:
    """Per account (``_aid``): fast regular commenters, reciprocity, pod id, members, edges.

    ``ties`` comes from :func:`comment_ties`; ``accounts`` has ``_aid, account_id, platform,
    handle, _handle_key``. Accounts without any tie are absent (the caller fills nulls).
    """
    s = settings
    acc = accounts.select("_aid", "account_id", "platform", "handle", "_handle_key")
    regular = (
        ties.filter(
            (pl.col("share") >= s.pod_min_share)
            & (pl.col("comment_posts") >= s.pod_min_posts)
            & (pl.col("delay_min") <= s.pod_fast_minutes)
        )
        .join(acc.select("_aid", "platform"), on="_aid", how="left")
        .join(
            acc.select(_src="_aid", author="_handle_key", platform="platform").unique(
                ["author", "platform"], keep="first"
            ),
            on=["author", "platform"],
            how="left",
        )
    )
    regular_df = regular.collect()  # read three times below
    edges = regular_df.filter(pl.col("_src").is_not_null()).select(
        "_aid", "_src", "share", "delay_min"
    )
    mutual = edges.join(edges.select(_aid="_src", _src="_aid"), on=["_aid", "_src"], how="semi")
    summary = regular_df.group_by("_aid").agg(
        authenticity_fast_commenters=pl.len().cast(pl.Int64),
        authenticity_fast_commenters_in_store=pl.col("_src").is_not_null().sum().cast(pl.Int64),
    )
    recip = mutual.group_by("_aid").agg(authenticity_reciprocal=pl.len().cast(pl.Int64))
    out = summary.join(recip, on="_aid", how="left")
    pods = _pods(mutual, edges, acc.collect(), s)
    return out.join(pods, on="_aid", how="full", coalesce=True)


def _pods(
    mutual: pl.DataFrame, edges: pl.DataFrame, acc: pl.DataFrame, s: AuthenticitySettings
) -> pl.DataFrame:
    """Pods (components of the mutual edges with ≥ ``pod_min_size`` members) and their evidence."""
    comp = _components(mutual.select(a="_aid", b="_src"))
    sizes = comp.group_by("component").agg(size=pl.len())
    comp = comp.join(sizes.filter(pl.col("size") >= s.pod_min_size), on="component", how="semi")
    members = comp.join(acc, left_on="node", right_on="_aid", how="left")
    pod_ids = members.group_by("component").agg(
        authenticity_pod_id=pl.lit("pod:") + pl.col("account_id").min(),
        authenticity_pod_members=pl.col("handle").sort(),
        authenticity_pod_size=pl.len().cast(pl.Int64),
    )
    inside = edges.join(comp.rename({"node": "_aid"}), on="_aid").join(
        comp.rename({"node": "_src", "component": "_c2"}), on="_src"
    )
    inside = inside.filter(pl.col("component") == pl.col("_c2")).join(
        mutual.select("_aid", "_src", mutual=pl.lit(True)), on=["_aid", "_src"], how="left"
    )
    inside = inside.with_columns(pl.col("mutual").fill_null(False))
    named = inside.join(acc.select("_aid", target="handle"), on="_aid").join(
        acc.select(_src="_aid", source="handle"), on="_src"
    )
    pod_edges = (
        named.sort("source", "target")
        .group_by("component")
        .agg(
            authenticity_pod_edges=pl.struct("source", "target", "share", "delay_min", "mutual"),
            _mutual_pairs=pl.col("mutual").sum() / 2.0,  # each mutual pair has two edges
        )
    )
    incoming = inside.group_by("_aid").agg(
        authenticity_pod_share=pl.col("share").mean(),
        authenticity_pod_delay_min=pl.col("delay_min").median(),
    )
    per_pod = pod_ids.join(pod_edges, on="component", how="left").with_columns(
        authenticity_pod_density=pl.col("_mutual_pairs")
        / (pl.col("authenticity_pod_size") * (pl.col("authenticity_pod_size") - 1) / 2.0)
    )
    return (
        comp.rename({"node": "_aid"})
        .join(per_pod.drop("_mutual_pairs"), on="component", how="left")
        .join(incoming, on="_aid", how="left")
        .drop("component")
    )


def pod_graph(row: Mapping[str, Any], handle: str | None = None) -> dict[str, Any] | None:
    """Nodes and edges of the account's pod, ready to draw (``None`` when it is in no pod).

    ``row`` is a row of the authenticity frame (``authenticity_pod_*`` columns and ``handle``) or
    the authenticity component's ``evidence`` of a stored report (``pod_id``, ``pod_members``,
    ``pod_edges``; pass ``handle``). Nodes are the members (``is_self`` marks the account), on a
    circle (``x``, ``y``); edges are directed: ``source`` comments on ``share`` of ``target``'s
    posts, a median ``delay_min`` minutes after publishing, ``mutual`` when returned. For a plotly
    network scatter: one line trace per edge (width ∝ share), one marker trace for the nodes.
    """
    pod_id = row.get("authenticity_pod_id", row.get("pod_id"))
    members = row.get("authenticity_pod_members", row.get("pod_members"))
    if pod_id is None or not members:
        return None
    me = handle if handle is not None else row.get("handle")
    n = len(members)
    nodes = [
        {
            "id": member,
            "is_self": member == me,
            "x": round(math.cos(2 * math.pi * i / n), 6),
            "y": round(math.sin(2 * math.pi * i / n), 6),
        }
        for i, member in enumerate(members)
    ]
    edges = row.get("authenticity_pod_edges", row.get("pod_edges")) or ()
    return {"pod_id": pod_id, "nodes": nodes, "edges": [dict(e) for e in edges]}

"""The authenticity frame: every account's engagement authenticity as flat columns, vectorised.

Over each account's last ``recent_posts`` (12) posts (stories excluded; counts only from posts at
least ``min_post_age_hours`` old, whose likes and comments have settled):

* **like:comment ratio** = Σ likes ÷ Σ comments (likes per comment) — the ratio of totals, not the
  median of per-post ratios: a post without comments has no ratio, and on real small accounts
  half the recent posts often have none. Out of line when beyond the platform × tier norm
  (``[authenticity] norms``), in the top (bottom) 5 % of comparable accounts in the frame
  (platform × tier, when there are ≥ ``min_peers``), and too far beyond the norm for chance
  (:func:`poisson_chance` ≤ ``max_chance``). The percentile alone never penalises;
* **bought likes** — a post is *lifted* with ≥ ``bought_post_factor`` (3) times the account's
  typical likes (lower quartile of its posts' likes); it has bought likes when its comments stay
  so far below what those likes bring at the account's own ratio (median likes per comment of its
  un-lifted posts) that chance explains it at most 1 in 1,000. Which count moved tells bought
  likes (likes up, comments not) from a conversation (comments up) and a viral post (both up).
  Flagged with ≥ ``bought_min_posts`` (2) such posts and ≥ ``bought_min_share`` (20 %) of them;
* **erratic engagement** — robust CV = 1.4826·MAD ÷ median of likes + comments per post (scale
  free: no follower count needed) above ``erratic_cv``; outliers are posts with ≥ 3× or ≤ ⅓ of
  the median;
* **engagement pods** from the co-commenter graph (:mod:`.pods`).

Score = 100 minus the configured penalty of each finding. Confidence = ``counts_confidence_weight``
× min(1, measured posts ÷ 12) + the rest × min(1, posts with comments ÷ 12), the latter halved when
comment times are unknown; each part 0 below its minimum (``min_posts``, ``pod_min_posts``).
No counts and no comments: no score. Missing values are never read as 0.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl

from resonanz.core.config import AuthenticitySettings, DomainDefaults
from resonanz.core.frames import to_naive_utc
from resonanz.core.tiers import tier_columns
from resonanz.core.vetting.authenticity.pods import POD_EDGE, comment_ties, handle_key, pod_columns

KEY = "authenticity"

_INPUT: dict[str, dict[str, Any]] = {
    "accounts": {
        "account_id": pl.String,
        "platform": pl.String,
        "handle": pl.String,
        "followers": pl.Float64,
        "tier": pl.String,
    },
    "posts": {
        "post_id": pl.String,
        "account_id": pl.String,
        "posted_at": pl.Datetime("us"),
        "likes": pl.Float64,
        "comments": pl.Float64,
        "format": pl.String,
    },
    "comments": {"post_id": pl.String, "author": pl.String, "commented_at": pl.Datetime("us")},
}

FLAGS: dict[str, str] = {
    "engagement_pod": "a pod: store accounts commenting regularly, fast and mutually",
    "possible_engagement_pod": "a group of regular fast commenters whose reciprocity is unknown",
    "bought_likes": "posts with far more likes per comment than the account's own ratio",
    "likes_without_comments": "likes per comment above the norm and the peers",
    "comments_without_likes": "likes per comment below the norm and the peers",
    "erratic_engagement": "interactions per post vary more than authenticity.erratic_cv",
}
"""Every flag in ``authenticity_flags``, with its meaning."""

_COUNTS = (
    *("posts_recent", "posts_measured", "likes_total", "comments_total", "own_ratio"),
    *("bought_posts", "bought_share", "bought_post_ids", "interactions_median", "robust_cv"),
    "outlier_posts",
)
_RATIO = ("norm_low", "norm_high", "norm_source", "percentile", "peers")
_PODS = (
    *("comment_posts", "comment_times_known", "fast_commenters", "fast_commenters_in_store"),
    *("reciprocal", "pod_id", "pod_members", "pod_size", "pod_share", "pod_delay_min"),
    *("pod_density", "pod_edges"),
)
_FINDINGS = ("ratio_high", "ratio_low", "bought_likes", "erratic", "pod", "group", "flags")
AUTHENTICITY_COLUMNS: tuple[str, ...] = tuple(
    f"{KEY}_{c}" for c in ("score", "confidence", "value", *_COUNTS, *_RATIO, *_PODS, *_FINDINGS)
)
"""The component's columns (besides ``account_id, handle, platform, tier``), in order."""


def _convert(name: str, source: Any, target: Any) -> pl.Expr:
    if target == pl.Datetime("us"):
        return to_naive_utc(name, source)
    col = pl.col(name)
    col = col.cast(target, strict=False)
    if target == pl.Float64:  # counts: negative or NaN means unknown
        col = col.fill_nan(None)
        col = pl.when(col >= 0).then(col)
    return col


def _normalise(frame: pl.DataFrame | pl.LazyFrame | None, table: str) -> pl.LazyFrame | None:
    """The columns read from ``table``, typed; absent ones null; None when the table is absent."""
    spec = _INPUT[table]
    if frame is None:
        return None
    schema = frame.collect_schema()
    if len(schema) == 0:
        return None
    exprs = [
        _convert(n, schema[n], t).alias(n) if n in schema else pl.lit(None, dtype=t).alias(n)
        for n, t in spec.items()
    ]
    return frame.lazy().select(exprs)


def _accounts(accounts: pl.DataFrame, defaults: DomainDefaults, band_set: str) -> pl.LazyFrame:
    acc = _normalise(accounts, "accounts")
    if acc is None:
        acc = pl.LazyFrame(schema=_INPUT["accounts"])
    tier, _, _ = tier_columns(pl.col("followers"), pl.col("platform"), defaults.tiers, band_set)
    return (
        acc.filter(pl.col("account_id").is_not_null())
        .unique("account_id", keep="first", maintain_order=True)
        .with_row_index("_aid")
        .with_columns(handle=pl.coalesce("handle", "account_id"), tier=pl.coalesce("tier", tier))
        .with_columns(_handle_key=handle_key(pl.col("handle")))
    )


def poisson_chance(expected: pl.Expr, observed: pl.Expr) -> pl.Expr:
    """Upper bound on the chance of a Poisson count at least as far from ``expected`` as
    ``observed`` (either side): exp(o − e + o·ln(e ÷ o)), the Chernoff bound; 1 when o = e.

    It needs no special functions and errs on the side of chance (it is larger than the exact
    tail), so a finding it supports is not noise of small counts.
    """
    log_term = pl.when(observed > 0).then(observed * (expected / observed).log()).otherwise(0.0)
    return (observed - expected + log_term).clip(upper_bound=0.0).exp()


def _count_columns(window: pl.LazyFrame, now: datetime, s: AuthenticitySettings) -> pl.LazyFrame:
    """Per account: totals, own ratio, bought-likes posts, dispersion and outliers."""
    settled = pl.col("posted_at") <= now - timedelta(hours=s.min_post_age_hours)
    known = pl.col("likes").is_not_null() & pl.col("comments").is_not_null()
    likes, comments = pl.col("likes"), pl.col("comments")
    # Which count moved? Bought likes lift a post's likes while its comments stay typical; a
    # conversation lifts the comments, a viral post both. A post is "lifted" with ≥ 3× the
    # account's typical likes (the lower quartile: bought likes on up to 3/4 of the posts cannot
    # raise it); the account's own ratio is the median likes per comment of its other posts.
    typical_likes = likes.quantile(s.typical_likes_quantile, "linear").over("_aid")
    lifted = (likes >= s.bought_post_factor * typical_likes) & (typical_likes > 0)
    ratio = pl.when(comments > 0).then(likes / comments).when(likes > 0).then(float("inf"))
    own = pl.col("_ratio").filter(~pl.col("_lifted")).median().over("_aid")
    base = pl.when(own.is_finite() & (own > 0)).then(own)
    expected = likes / pl.col("_base")
    bought = pl.col("_lifted") & (comments < expected)
    bought = bought & (poisson_chance(expected, comments) <= s.max_chance)
    measured = (
        window.filter(settled & known)
        .with_columns(_inter=likes + comments, _ratio=ratio, _lifted=lifted.fill_null(False))
        .with_columns(_base=base)
        .with_columns(_bought=bought.fill_null(False))
    )
    inter, med = pl.col("_inter"), pl.col("_inter").median()
    f = s.outlier_factor
    counts = measured.group_by("_aid").agg(
        authenticity_posts_measured=pl.len().cast(pl.Int64),
        authenticity_likes_total=likes.sum(),
        authenticity_comments_total=comments.sum(),
        authenticity_own_ratio=pl.col("_base").first(),
        authenticity_bought_posts=pl.col("_bought").sum().cast(pl.Int64),
        authenticity_bought_post_ids=pl.col("post_id").filter(pl.col("_bought")).drop_nulls(),
        authenticity_interactions_median=med,
        authenticity_robust_cv=pl.when(med > 0).then(1.4826 * (inter - med).abs().median() / med),
        authenticity_outlier_posts=((inter >= f * med) | (inter <= med / f)).sum().cast(pl.Int64),
    )
    recent = window.group_by("_aid").agg(authenticity_posts_recent=pl.len().cast(pl.Int64))
    return recent.join(counts, on="_aid", how="left").with_columns(
        authenticity_bought_share=pl.col("authenticity_bought_posts")
        / pl.col("authenticity_posts_measured")
    )


def _norm_exprs(s: AuthenticitySettings) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Expressions: low, high and source of the first norm matching platform (and tier)."""
    low: pl.Expr = pl.lit(None, dtype=pl.Float64)
    high: pl.Expr = pl.lit(None, dtype=pl.Float64)
    source: pl.Expr = pl.lit(None, dtype=pl.String)
    for norm in reversed(s.norms):  # the first listed match wins
        cond = pl.col("platform") == norm.platform
        if norm.tier is not None:
            cond = cond & (pl.col("tier") == norm.tier)
        low = pl.when(cond).then(pl.lit(norm.low)).otherwise(low)
        high = pl.when(cond).then(pl.lit(norm.high)).otherwise(high)
        source = pl.when(cond).then(pl.lit(norm.source)).otherwise(source)
    return low, high, source


def _ratio_columns(frame: pl.LazyFrame, s: AuthenticitySettings) -> pl.LazyFrame:
    """Ratio, norm, percentile among platform × tier peers, and the out-of-line findings."""
    lk, cm = pl.col("authenticity_likes_total"), pl.col("authenticity_comments_total")
    counts_ok = pl.col("authenticity_posts_measured").fill_null(0) >= s.min_posts
    rank = pl.when(counts_ok & (cm > 0)).then(lk / cm).when(counts_ok & (lk > 0)).then(float("inf"))
    low, high, source = _norm_exprs(s)
    frame = frame.with_columns(
        authenticity_value=pl.when(cm > 0).then(lk / cm),
        _rank=rank,
        authenticity_norm_low=low,
        authenticity_norm_high=high,
        authenticity_norm_source=source,
        _counts_ok=counts_ok,
    )
    group = ["platform", "tier"]
    peers = pl.col("_rank").count().over(group).cast(pl.Int64)
    frame = frame.with_columns(
        authenticity_peers=peers,
        authenticity_percentile=(pl.col("_rank").rank("average").over(group) - 0.5) / peers,
    )
    few_peers = pl.col("authenticity_peers") < s.min_peers
    pct = pl.col("authenticity_percentile")
    high_col, low_col = pl.col("authenticity_norm_high"), pl.col("authenticity_norm_low")
    # beyond the norm, and too far beyond it for chance (the Poisson tail of the comments)
    ratio_high = (pl.col("_rank") > high_col) & (poisson_chance(lk / high_col, cm) <= s.max_chance)
    ratio_low = (pl.col("_rank") < low_col) & (poisson_chance(lk / low_col, cm) <= s.max_chance)
    return frame.with_columns(
        authenticity_ratio_high=(
            ratio_high & (few_peers | (pct >= s.ratio_high_percentile))
        ).fill_null(False),
        authenticity_ratio_low=(
            ratio_low & (few_peers | (pct <= s.ratio_low_percentile))
        ).fill_null(False),
        authenticity_bought_likes=(
            counts_ok
            & (pl.col("authenticity_bought_posts") >= s.bought_min_posts)
            & (pl.col("authenticity_bought_share") >= s.bought_min_share)
        ).fill_null(False),
        authenticity_erratic=(
            counts_ok & (pl.col("authenticity_robust_cv") > s.erratic_cv)
        ).fill_null(False),
    ).drop("_rank")


def _score_columns(frame: pl.LazyFrame, s: AuthenticitySettings) -> pl.LazyFrame:
    """Pod findings, penalties, score, confidence and flags."""
    comment_posts = pl.col("authenticity_comment_posts").fill_null(0)
    pods_ok = comment_posts >= s.pod_min_posts
    pod = pl.col("authenticity_pod_id").is_not_null()
    group = ~pod & (pl.col("authenticity_fast_commenters").fill_null(0) >= s.group_min_commenters)
    frame = frame.with_columns(authenticity_pod=pod, authenticity_group=group)
    findings = {
        "pod": ("engagement_pod", s.pod_penalty),
        "group": ("possible_engagement_pod", s.group_penalty),
        "bought_likes": ("bought_likes", s.bought_likes_penalty),
        "ratio_high": ("likes_without_comments", s.ratio_high_penalty),
        "ratio_low": ("comments_without_likes", s.ratio_low_penalty),
        "erratic": ("erratic_engagement", s.erratic_penalty),
    }
    penalty = pl.sum_horizontal(
        [pl.col(f"{KEY}_{k}").cast(pl.Float64) * p for k, (_, p) in findings.items()]
    )
    full = float(s.min_posts_full_confidence)
    measured = pl.col("authenticity_posts_measured").fill_null(0)
    c_counts = pl.when(pl.col("_counts_ok")).then((measured / full).clip(0.0, 1.0)).otherwise(0.0)
    timing = pl.when(pl.col("authenticity_comment_times_known").fill_null(False)).then(1.0)
    c_comments = pl.when(pods_ok).then(
        (comment_posts / full).clip(0.0, 1.0) * timing.otherwise(0.5)
    )
    w = s.counts_confidence_weight
    flags = [pl.when(pl.col(f"{KEY}_{k}")).then(pl.lit(name)) for k, (name, _) in findings.items()]
    return frame.with_columns(
        authenticity_score=pl.when(pl.col("_counts_ok") | pods_ok).then(
            (100.0 - penalty).clip(0.0, 100.0)
        ),
        authenticity_confidence=(w * c_counts + (1.0 - w) * c_comments.fill_null(0.0)).clip(0, 1),
        authenticity_flags=pl.concat_list(flags).list.drop_nulls(),
    )


def _recent_window(posts: pl.LazyFrame, now: datetime, defaults: DomainDefaults) -> pl.LazyFrame:
    fmt = pl.col("format")
    excluded = list(defaults.engagement.exclude_formats)
    return (
        posts.filter((pl.col("posted_at") <= now) & (fmt.is_null() | ~fmt.is_in(excluded)))
        .sort(["_aid", "posted_at"], descending=[False, True], maintain_order=True)
        .filter(pl.int_range(pl.len()).over("_aid") < defaults.authenticity.recent_posts)
    )


def _pod_frame(
    window: pl.LazyFrame, comments: pl.LazyFrame | None, acc: pl.LazyFrame, s: AuthenticitySettings
) -> pl.LazyFrame:
    """The pod columns per ``_aid`` (all null when there are no comments)."""
    empty = {
        "_aid": pl.UInt32,
        "authenticity_comment_posts": pl.Int64,
        "authenticity_comment_times_known": pl.Boolean,
    }
    if comments is None:
        per_acc = pl.DataFrame(schema=empty)
        ties = _no_ties()
    else:
        c = comments.filter(pl.col("post_id").is_not_null() & pl.col("author").is_not_null())
        window = window.filter(pl.col("post_id").is_not_null())
        ties, per_acc = comment_ties(window, c, acc, s.pod_min_share, s.pod_min_posts)
    pods = pod_columns(ties.lazy(), acc, s)
    return per_acc.lazy().join(pods.lazy(), on="_aid", how="full", coalesce=True)


def _no_ties() -> pl.DataFrame:
    schema = {"_aid": pl.UInt32, "author": pl.String, "n_posts": pl.Int64}
    schema |= {"comment_posts": pl.Int64, "share": pl.Float64, "delay_min": pl.Float64}
    return pl.DataFrame(schema=schema)


def authenticity_frame(
    accounts: pl.DataFrame,
    posts: pl.DataFrame,
    comments: pl.DataFrame | None,
    defaults: DomainDefaults,
    band_set: str = "default",
    now: datetime | None = None,
) -> pl.DataFrame:
    """Engagement authenticity of every account: one row each (``account_id, handle, platform,
    tier`` and :data:`AUTHENTICITY_COLUMNS`).

    ``accounts``: ``account_id, platform`` (+ ``handle, followers``, optional ``tier``);
    ``posts``: ``account_id, posted_at`` (+ ``post_id, likes, comments, format``); ``comments``:
    ``post_id, author`` (+ ``commented_at``), or None. Missing columns or tables lower the
    confidence; nothing is read as 0. ``now`` (naive = UTC) defaults to the latest post.
    """
    s = defaults.authenticity
    acc = _accounts(accounts, defaults, band_set).collect().lazy()
    p_in = _normalise(posts, "posts")
    p_in = p_in if p_in is not None else pl.LazyFrame(schema=_INPUT["posts"])
    if now is None:
        latest = p_in.select(pl.col("posted_at").max()).collect().item()
        now = latest if latest is not None else datetime(1970, 1, 1)
    elif now.tzinfo is not None:
        now = now.astimezone(UTC).replace(tzinfo=None)
    p = p_in.join(acc.select("account_id", "_aid"), on="account_id").drop("account_id")
    # materialised once: the counts and the comment ties both read it
    window = _recent_window(p, now, defaults).collect().lazy()
    frame = (
        acc.join(_count_columns(window, now, s), on="_aid", how="left")
        .join(_pod_frame(window, _normalise(comments, "comments"), acc, s), on="_aid", how="left")
        .with_columns(
            pl.col("authenticity_posts_recent").fill_null(0),
            # counted wherever comments were seen; unknown (null) where none were
            pl.when(pl.col("authenticity_comment_posts").is_not_null()).then(
                pl.col(
                    "authenticity_fast_commenters",
                    "authenticity_fast_commenters_in_store",
                    "authenticity_reciprocal",
                ).fill_null(0)
            ),
            pl.col("authenticity_pod_edges").fill_null(pl.lit([], dtype=pl.List(POD_EDGE))),
        )
    )
    frame = _score_columns(_ratio_columns(frame, s), s)
    out = frame.sort("_aid").select(
        "account_id", "handle", "platform", "tier", *AUTHENTICITY_COLUMNS
    )
    return out.collect()

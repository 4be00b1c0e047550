"""Engagement rate: how many followers (or viewers) interact with a creator's recent posts.

Per post: ER = (likes + comments) ÷ followers; on the video platforms named in
``engagement.by_views_platforms`` (TikTok, YouTube) ÷ views when the post's views are known.
A post whose likes or comments are unknown has no ER (never counted as 0). The account's value is
the median ER over its last ``recent_posts`` (12) posts — the median resists single viral posts.

The value is compared with a benchmark figure (``[benchmarks]`` in ``defaults.toml``): the first
figure of the chosen set that matches platform, tier and follower range; else the fallback (see
docs/scoring.md). Score = 100 / (1 + ratio^-k) with ratio = ER ÷ benchmark, so meeting the
benchmark scores 50, twice it 80 (k = 2), half of it 20. Everything is vectorised over all
accounts at once; :func:`engagement_result` explains one row of the result.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import polars as pl

from resonanz.core.config import BenchmarkFigure, DomainDefaults, EngagementSettings, TierSettings
from resonanz.core.vetting.result import ComponentResult, Reason

KEY = "engagement"


def post_engagement(
    posts: pl.LazyFrame, accounts: pl.LazyFrame, settings: EngagementSettings
) -> pl.LazyFrame:
    """Per account (``_aid``): median ER over the recent posts, posts used, posts by views.

    ``posts`` has ``_aid, posted_at, likes, comments, views, format``, sorted by ``_aid`` and
    then ``posted_at`` (see :func:`resonanz.core.vetting.pipeline.by_account_and_time`);
    ``accounts`` has ``_aid, platform, followers``. Posts after "now" must already be removed.
    """
    fmt, aid = pl.col("format"), pl.col("_aid")
    # each account's rows end where the next account's begin: the position from the end of the
    # account's rows without a window expression (the latest post is 0)
    row = pl.int_range(pl.len(), dtype=pl.UInt32)
    last_row = pl.when((aid != aid.shift(-1)).fill_null(True)).then(row).backward_fill()
    recent = (
        posts.filter(fmt.is_null() | ~fmt.is_in(list(settings.exclude_formats)))
        .filter(last_row - row < settings.recent_posts)
        .join(
            accounts.select("_aid", "platform", "followers"),
            on="_aid",
            how="left",
            maintain_order="left",
        )
        .with_columns(aid.set_sorted())  # sorted accounts: faster groups
    )
    by_views = pl.col("platform").is_in(list(settings.by_views_platforms)) & (pl.col("views") > 0)
    denominator = (
        pl.when(by_views)
        .then(pl.col("views"))
        .when(pl.col("followers") > 0)
        .then(pl.col("followers"))
    )
    er = (pl.col("likes") + pl.col("comments")) / denominator
    return (
        recent.with_columns(_er=er, _by_views=by_views)
        .group_by("_aid")
        .agg(
            engagement_value=pl.col("_er").median(),
            engagement_posts_used=pl.col("_er").count().cast(pl.Int64),
            engagement_posts_recent=pl.len().cast(pl.Int64),
            engagement_posts_by_views=(pl.col("_by_views") & pl.col("_er").is_not_null())
            .sum()
            .cast(pl.Int64),
        )
    )


def _figure_range(fig: BenchmarkFigure, tiers: TierSettings, band_set: str) -> tuple[float, float]:
    """The follower range a figure covers (for the nearest-figure fallback); empty if none."""
    low, high = 0.0, math.inf
    if fig.tier is not None:
        bands = tiers.bands_for(band_set, fig.platform)
        try:
            tier_low, tier_high = bands.bounds(fig.tier)
        except KeyError:
            return 1.0, 0.0  # the band set has no such tier: the figure never applies
        low, high = float(tier_low), math.inf if tier_high is None else float(tier_high)
    if fig.min_followers is not None:
        low = max(low, float(fig.min_followers))
    if fig.max_followers is not None:
        high = min(high, float(fig.max_followers))
    return low, high


def _matches(fig: BenchmarkFigure) -> pl.Expr:
    cond = pl.col("platform") == fig.platform
    if fig.tier is not None:
        cond = cond & (pl.col("tier") == fig.tier)
    if fig.min_followers is not None:
        cond = cond & (pl.col("followers") >= fig.min_followers)
    if fig.max_followers is not None:
        cond = cond & (pl.col("followers") < fig.max_followers)
    return cond


def _distance(fig: BenchmarkFigure, tiers: TierSettings, band_set: str) -> pl.Expr | None:
    """log10 distance of the account's followers to the figure's range (null: other platform)."""
    low, high = _figure_range(fig, tiers, band_set)
    if low >= high:
        return None
    f = pl.col("followers").clip(lower_bound=1.0)
    below = pl.when(f < low).then((low / f).log10())
    if math.isfinite(high):
        dist = below.when(f >= high).then((f / high).log10()).otherwise(0.0)
    else:
        dist = below.otherwise(0.0)
    known = (pl.col("platform") == fig.platform) & pl.col("followers").is_not_null()
    return pl.when(known).then(dist)


def benchmark_id_exprs(
    defaults: DomainDefaults, band_set: str, benchmark_set: str
) -> tuple[pl.Expr, pl.Expr]:
    """Expressions for the id of the exactly matching figure and of the nearest figure."""
    bset = defaults.benchmarks.benchmark_set(benchmark_set)
    exact: pl.Expr = pl.lit(None, dtype=pl.String)
    for fig in reversed(bset.figures):  # the first listed match wins
        exact = pl.when(_matches(fig)).then(pl.lit(fig.id)).otherwise(exact)
    nearest: pl.Expr = pl.lit(None, dtype=pl.String)
    if bset.fallback != "nearest":
        return exact, nearest
    ranked = sorted(bset.figures, key=lambda fig: fig.value)  # ties: the lower figure
    dists = [(f, d) for f in ranked if (d := _distance(f, defaults.tiers, band_set)) is not None]
    if dists:
        best = pl.min_horizontal([d for _, d in dists])
        for fig, dist in reversed(dists):
            nearest = pl.when(dist == best).then(pl.lit(fig.id)).otherwise(nearest)
    return exact, nearest


def engagement_columns(
    frame: pl.LazyFrame, defaults: DomainDefaults, band_set: str, benchmark_set: str
) -> pl.LazyFrame:
    """Add benchmark, ratio, percentile, score and confidence to the per-account ``frame``.

    ``frame`` needs ``platform, tier, followers, engagement_value, engagement_posts_used``.
    """
    s = defaults.engagement
    bset = defaults.benchmarks.benchmark_set(benchmark_set)
    values = {f.id: f.value for f in bset.figures}
    exact, nearest = benchmark_id_exprs(defaults, band_set, benchmark_set)
    value = pl.col("engagement_value")
    peers = value.count().over(["platform", "tier"]).cast(pl.Int64)
    frame = frame.with_columns(
        _exact=exact,
        _nearest=nearest,
        engagement_peers=peers,
        engagement_percentile=(value.rank("average").over(["platform", "tier"]) - 0.5) / peers,
    )
    bench_id = pl.coalesce("_exact", "_nearest")
    peer_ok = pl.lit(bset.fallback != "none") & (pl.col("engagement_peers") >= s.min_peers)
    match = (
        pl.when(pl.col("_exact").is_not_null())
        .then(pl.lit("exact"))
        .when(pl.col("_nearest").is_not_null())
        .then(pl.lit("nearest"))
        .when(peer_ok)
        .then(pl.lit("peers"))
        .otherwise(pl.lit("none"))
    )
    frame = frame.with_columns(
        engagement_benchmark_id=bench_id,
        engagement_benchmark=bench_id.replace_strict(values, default=None, return_dtype=pl.Float64),
        engagement_benchmark_match=match,
    ).drop("_exact", "_nearest")
    ratio = value / pl.col("engagement_benchmark")
    curve = 100.0 / (1.0 + ratio.pow(-s.score_steepness))
    match_col = pl.col("engagement_benchmark_match")
    score = (
        pl.when(value.is_null())
        .then(None)
        .when(ratio.is_not_null())
        .then(pl.when(ratio <= 0).then(0.0).otherwise(curve))
        .when(match_col == "peers")
        .then(100.0 * pl.col("engagement_percentile"))
    )
    factor = (
        pl.when(match_col == "exact")
        .then(1.0)
        .when(match_col == "nearest")
        .then(s.nearest_confidence)
        .otherwise(s.peer_confidence)
    )
    posts_share = (pl.col("engagement_posts_used") / s.min_posts_full_confidence).clip(0.0, 1.0)
    return frame.with_columns(
        engagement_ratio=ratio,
        engagement_score=score.clip(0.0, 100.0),
        engagement_confidence=pl.when(score.is_null()).then(0.0).otherwise(posts_share * factor),
    )


def _num(row: Mapping[str, Any], key: str) -> float | None:
    value = row.get(key)
    return None if value is None else float(value)


def _level_reason(row: Mapping[str, Any], s: EngagementSettings, fig: BenchmarkFigure) -> Reason:
    ratio = float(row["engagement_ratio"])
    params = {
        "er": row["engagement_value"],
        "benchmark": fig.value,
        "label_de": fig.label_de,
        "label_en": fig.label_en,
        "source": fig.source,
        "ratio": ratio,
    }
    if ratio >= s.ratio_good:
        return Reason(code="er_above_benchmark", params=params, severity="good")
    if ratio >= s.ratio_below:
        return Reason(code="er_at_benchmark", params=params, severity="info")
    if ratio >= s.ratio_low:
        return Reason(code="er_below_benchmark", params=params, severity="warn")
    return Reason(code="er_far_below_benchmark", params=params, severity="warn")


def _data_reasons(row: Mapping[str, Any], s: EngagementSettings) -> list[Reason]:
    recent, used = row["engagement_posts_recent"] or 0, row["engagement_posts_used"] or 0
    if recent == 0:
        return [Reason(code="er_no_posts", severity="warn")]
    if used == 0:
        code = "er_followers_unknown" if row["followers"] is None else "er_no_counts"
        return [Reason(code=code, params={"n": recent}, severity="warn")]
    out = []
    if used < s.min_posts_full_confidence:
        params = {"n": used, "wanted": s.min_posts_full_confidence}
        out.append(Reason(code="er_few_posts", params=params, severity="warn"))
    if row["engagement_posts_by_views"]:
        params = {"n_views": row["engagement_posts_by_views"], "n": used}
        out.append(Reason(code="er_basis_views", params=params))
    return out


def _benchmark_reasons(
    row: Mapping[str, Any], defaults: DomainDefaults, fig: BenchmarkFigure | None
) -> list[Reason]:
    s, match = defaults.engagement, row["engagement_benchmark_match"]
    where = {"platform": row["platform"], "tier": row["tier"]}
    out = []
    if match == "nearest" and fig is not None:
        out.append(
            Reason(
                code="er_benchmark_nearest",
                params={**where, "label_de": fig.label_de, "label_en": fig.label_en},
            )
        )
    elif match == "peers":
        out.append(Reason(code="er_benchmark_peers", params=where))
    elif match == "none":
        out.append(Reason(code="er_no_benchmark", params=where, severity="warn"))
    if fig is not None and row["engagement_ratio"] is not None:
        out.append(_level_reason(row, s, fig))
        if row["engagement_ratio"] > s.ratio_unusually_high:
            params = {"ratio": row["engagement_ratio"]}
            out.append(Reason(code="er_unusually_high", params=params, severity="warn"))
    if row["engagement_percentile"] is not None and (row["engagement_peers"] or 0) >= 2:
        params = {
            **where,
            "percentile": row["engagement_percentile"],
            "peers": row["engagement_peers"],
        }
        out.append(Reason(code="er_percentile", params=params))
    return out


def engagement_result(row: Mapping[str, Any], defaults: DomainDefaults) -> ComponentResult:
    """The explained engagement component of one row of :func:`vet_frame`'s result."""
    bset = defaults.benchmarks.benchmark_set(row["benchmark_set"])
    fig = bset.figure(row["engagement_benchmark_id"]) if row["engagement_benchmark_id"] else None
    reasons = _data_reasons(row, defaults.engagement)
    if row["engagement_value"] is not None:
        reasons += _benchmark_reasons(row, defaults, fig)
    used, by_views = row["engagement_posts_used"] or 0, row["engagement_posts_by_views"] or 0
    basis = "views" if used and by_views == used else "mixed" if by_views else "followers"
    evidence = {
        "median_er": _num(row, "engagement_value"),
        "posts_used": used,
        "posts_recent": row["engagement_posts_recent"] or 0,
        "posts_by_views": by_views,
        "basis": basis,
        "benchmark": fig.value if fig else None,
        "benchmark_id": fig.id if fig else None,
        "benchmark_label": fig.label_en if fig else None,
        "benchmark_source": fig.source if fig else None,
        "benchmark_statistic": fig.statistic if fig else None,
        "benchmark_match": row["engagement_benchmark_match"],
        "benchmark_set": row["benchmark_set"],
        "ratio": _num(row, "engagement_ratio"),
        "percentile": _num(row, "engagement_percentile"),
        "peers": row["engagement_peers"],
    }
    return ComponentResult(
        key=KEY,
        score=_num(row, "engagement_score"),
        confidence=float(row["engagement_confidence"]),
        weight=defaults.composite.weights.get(KEY, 0.0),
        value=_num(row, "engagement_value"),
        evidence=evidence,
        reasons=tuple(reasons),
    )

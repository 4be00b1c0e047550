"""Candidate options for the planner: one row per bookable account × deliverable with its fee and
the expected value for the brief's goal (docs/planning.md, "resonanz plan").

Expected value of one unit (every rate is ``[low, mid, high]`` in ``[planner.value]``):

* audience = followers × real-audience share (``follower_quality_real_share``, else
  ``follower_quality_reachable_share``, else ``default_real_share``) × in-target share
  (``audience_fit_value`` with its lower/upper bounds when the brief has a target and the
  audience is known; ``unknown_in_target`` when it has a target but the audience is unknown;
  1 without a target);
* awareness = audience × ``reach_rate[deliverable]``, for the deliverables the platform offers
  (``[planner.value.deliverables]``; a platform not listed offers all);
* engagement = awareness × the account's median engagement rate (``engagement_value``, else
  ``default_engagement_rate``);
* conversions = engagement × ``conversion_rate``.

``value_low`` / ``value_high`` multiply the low / high ends of every factor, so an unknown input
widens the range rather than zeroing the value. The cluster (audience overlap) is the account's
top niche (and region, when a ``region`` column exists) on its platform; ``cluster_size`` is the
summed audience of the cluster's accounts in the goal's units (without the reach rate).

>>> import polars as pl
>>> from resonanz.core.brief import PlanBrief
>>> from resonanz.core.planning.settings import builtin_planner
>>> v = pl.DataFrame({"account_id": ["a"], "handle": ["x"], "platform": ["instagram"],
...     "tier": ["micro"], "followers": [10_000], "is_private": [False], "score": [60.0],
...     "follower_quality_real_share": [0.8]})
>>> f = pl.DataFrame({"account_id": ["a"], "deliverable": ["feed_post"], "fee_eur": [100.0],
...     "fee_low_eur": [70.0], "fee_high_eur": [130.0]})
>>> round(candidates(v, f, PlanBrief(budget_eur=1000), builtin_planner())["value"][0])
1600
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from resonanz.core.brief import PlanBrief
from resonanz.core.planning.settings import PlannerSettings, PlannerValue

if TYPE_CHECKING:
    from resonanz.core.config import DomainDefaults

CANDIDATE_COLUMNS: tuple[str, ...] = (
    "account_id", "handle", "platform", "tier", "deliverable", "fee_eur", "fee_low_eur",
    "fee_high_eur", "value", "value_low", "value_high", "real_share_known", "in_target_known",
)  # fmt: skip
"""The columns of :func:`candidates` (plus ``cluster`` and ``cluster_size`` when clustered)."""


def _num(frame: pl.DataFrame, name: str) -> pl.Expr:
    if name in frame.columns:
        return pl.col(name).cast(pl.Float64, strict=False).fill_nan(None)
    return pl.lit(None, dtype=pl.Float64)


def _triple(
    known: pl.Expr, lo: pl.Expr, hi: pl.Expr, default: tuple[float, float, float]
) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(low, mid, high) of a factor: the known value (with its bounds) or the default range."""
    return (
        pl.coalesce(lo, known, pl.lit(default[0])),
        pl.coalesce(known, pl.lit(default[1])),
        pl.coalesce(hi, known, pl.lit(default[2])),
    )


def _bookable(vetted: pl.DataFrame, brief: PlanBrief, v: PlannerValue, relevant: bool) -> pl.Expr:
    """Scored, public accounts of a bookable tier, on the brief's platforms and niches."""
    keep = pl.col("score").is_not_null() if "score" in vetted.columns else pl.lit(False)
    if "is_private" in vetted.columns:
        keep = keep & ~pl.col("is_private").fill_null(False)
    if "tier" in vetted.columns and v.excluded_tiers:
        keep = keep & ~pl.col("tier").cast(pl.String).fill_null("").is_in(list(v.excluded_tiers))
    if relevant:  # off-niche creators are no candidates for a niche brief
        keep = keep & (pl.col("content_fit_score").fill_null(100.0) >= v.min_content_fit)
    if brief.platforms:
        keep = keep & pl.col("platform").str.to_lowercase().is_in(list(brief.platforms))
    return keep


def candidates(
    vetted: pl.DataFrame,
    fees: pl.DataFrame,
    brief: PlanBrief,
    defaults: DomainDefaults | PlannerSettings,
) -> pl.DataFrame:
    """Bookable options with fee and expected value for ``brief.goal`` (see module docstring).

    ``vetted`` holds vetting rows (``vet_frame``); ``fees`` the rows of ``fee_frame``
    (``account_id``, ``deliverable``, ``fee_eur``, ``fee_low_eur``, ``fee_high_eur``). Only
    accounts that are not private and have a score are kept; ``brief.platforms`` and
    ``brief.formats`` filter when given. Options without a positive fee are dropped.
    """
    s = defaults if isinstance(defaults, PlannerSettings) else defaults.planner
    v = s.value
    relevant = brief.has_topics and "content_fit_score" in vetted.columns
    acc = vetted.filter(_bookable(vetted, brief, v, relevant))

    real = pl.coalesce(
        _num(acc, "follower_quality_real_share"), _num(acc, "follower_quality_reachable_share")
    ).clip(0.0, 1.0)
    real_lo, real_mid, real_hi = _triple(real, real, real, v.default_real_share)
    one = pl.lit(1.0)
    if brief.has_target:
        fit = _num(acc, "audience_fit_value").clip(0.0, 1.0)
        fit_lo = _num(acc, "audience_fit_lower").clip(0.0, 1.0)
        fit_hi = _num(acc, "audience_fit_upper").clip(0.0, 1.0)
        fit_lo = pl.when(fit.is_null()).then(None).otherwise(fit_lo)
        fit_hi = pl.when(fit.is_null()).then(None).otherwise(fit_hi)
        in_lo, in_mid, in_hi = _triple(fit, fit_lo, fit_hi, v.unknown_in_target)
        in_known = fit.is_not_null()
    else:
        in_lo, in_mid, in_hi, in_known = one, one, one, pl.lit(True)
    goal_lo, goal_mid, goal_hi = one, one, one
    if relevant:  # relevance to the brief's niches scales the value: score ÷ 100
        cf = (_num(acc, "content_fit_score") / 100.0).clip(0.0, 1.0)
        goal_lo, goal_mid, goal_hi = _triple(cf, cf, cf, v.unknown_content_fit)
    if brief.goal in ("engagement", "conversions"):
        er = _num(acc, "engagement_value").clip(0.0, 1.0)
        er_lo, er_mid, er_hi = _triple(er, er, er, v.default_engagement_rate)
        goal_lo, goal_mid, goal_hi = goal_lo * er_lo, goal_mid * er_mid, goal_hi * er_hi
    if brief.goal == "conversions":
        c = v.conversion_rate
        goal_lo, goal_mid, goal_hi = goal_lo * c[0], goal_mid * c[1], goal_hi * c[2]
    followers = _num(acc, "followers").clip(0.0).fill_null(0.0)
    str_col = [
        (pl.col(n).cast(pl.String) if n in acc.columns else pl.lit(None, dtype=pl.String)).alias(n)
        for n in ("handle", "tier")
    ]
    base = acc.select(
        pl.col("account_id").cast(pl.String),
        *str_col,
        pl.col("platform").cast(pl.String),
        (followers * real_lo * in_lo * goal_lo).alias("_aud_lo"),
        (followers * real_mid * in_mid * goal_mid).alias("_aud"),
        (followers * real_hi * in_hi * goal_hi).alias("_aud_hi"),
        real.is_not_null().alias("real_share_known"),
        in_known.alias("in_target_known"),
        _cluster(acc).alias("cluster"),
    )
    f = fees.select(
        pl.col("account_id").cast(pl.String),
        pl.col("deliverable").cast(pl.String),
        *(_num(fees, c).alias(c) for c in ("fee_eur", "fee_low_eur", "fee_high_eur")),
    )
    if brief.formats:
        f = f.filter(pl.col("deliverable").is_in(list(brief.formats)))
    offered = pl.DataFrame(
        [(p, d) for p, kinds in v.deliverables.items() for d in kinds],
        schema={"platform": pl.String, "deliverable": pl.String},
        orient="row",
    )
    rates = pl.DataFrame(
        {
            "deliverable": list(v.reach_rate),
            "_r_lo": [r[0] for r in v.reach_rate.values()],
            "_r": [r[1] for r in v.reach_rate.values()],
            "_r_hi": [r[2] for r in v.reach_rate.values()],
        }
    )
    out = (
        base.join(f, on="account_id", how="inner")
        .join(rates, on="deliverable", how="inner")
        .join(
            offered.with_columns(pl.lit(True).alias("_offered")),
            on=["platform", "deliverable"],
            how="left",
        )
        .filter(
            ~pl.col("platform").is_in(offered["platform"].unique().to_list())
            | pl.col("_offered").fill_null(False)
        )
        .filter(pl.col("fee_eur") > 0)
        .with_columns(
            (pl.col("_aud") * pl.col("_r")).alias("value"),
            (pl.col("_aud_lo") * pl.col("_r_lo")).alias("value_low"),
            (pl.col("_aud_hi") * pl.col("_r_hi")).alias("value_high"),
        )
    )
    if out["cluster"].null_count() == out.height:
        return out.select(CANDIDATE_COLUMNS)
    sizes = (
        out.unique("account_id").group_by("cluster").agg(pl.col("_aud").sum().alias("cluster_size"))
    )
    return out.join(sizes, on="cluster", how="left", nulls_equal=False).select(
        *CANDIDATE_COLUMNS, "cluster", "cluster_size"
    )


def _cluster(acc: pl.DataFrame) -> pl.Expr:
    """Platform/niche[/region] of the account, or null when no niche or region is known."""
    parts = [c for c in ("content_fit_top_niche", "niche", "region") if c in acc.columns]
    if not parts:
        return pl.lit(None, dtype=pl.String)
    label = pl.concat_str([pl.col(c).cast(pl.String) for c in parts], separator="/")
    return pl.when(label.is_not_null()).then(
        pl.concat_str([pl.col("platform"), label], separator=":")
    )

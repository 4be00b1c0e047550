"""The composite resonanz score, the red flags, and the (descriptive) tier component.

resonanz score = Σ wᵢ·scoreᵢ ÷ Σ wᵢ over the components that have a score, with the weights of
``[composite.weights]`` (shown in every report). Composite confidence = Σ wᵢ·confidenceᵢ ÷ Σ wᵢ
over *all* weighted components, so a component without data (confidence 0) lowers it. The tier is
descriptive (bigger is not better for a brand): it has no score and weight 0.

>>> from resonanz.core.config import load_defaults
>>> load_defaults().composite.weights["engagement"]
0.5
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from resonanz.core.config import DomainDefaults
from resonanz.core.vetting.authenticity import FLAGS as AUTH_FLAGS
from resonanz.core.vetting.result import ComponentResult, Reason

SCORED_COMPONENTS: tuple[str, ...] = (
    "engagement",
    "activity",
    "growth",
    "authenticity",
    "follower_quality",
    "content_fit",
    "brand_safety",
    "audience_fit",
)
"""Components with a 0–100 score, in report order (after the tier)."""

FLAGS: dict[str, str] = {
    "follower_spike": "a sudden follower jump (possibly bought followers)",
    "follower_drop": "a sudden follower drop (purge of fake followers?)",
    "declining_followers": "the follower trend falls",
    "inactive": "no post for longer than activity.inactive_after_days",
    "low_engagement": "engagement below engagement.ratio_low × benchmark",
    "unusually_high_engagement": "engagement above ratio_unusually_high × benchmark",
    "private_user": "below the first creator tier (under 1k followers)",
    "private_account": "the profile is private",
    "low_confidence": "composite confidence below composite.low_confidence_below",
    "fake_followers": "estimated fake-follower share ≥ follower_quality's flag threshold",
    "brand_unsafe": "brand-safety hits of alert severity in captions or bio",
    "competitor_partner": "earlier partnerships with a competitor named in the brief",
    **AUTH_FLAGS,
}
"""Every flag :func:`composite_columns` can set, with its meaning."""


def composite_weights(defaults: DomainDefaults) -> dict[str, float]:
    """The weights of the scored components (missing ones count 0)."""
    return {key: defaults.composite.weights.get(key, 0.0) for key in SCORED_COMPONENTS}


def composite_columns(
    frame: pl.LazyFrame,
    defaults: DomainDefaults,
    applicable: frozenset[str] | None = None,
) -> pl.LazyFrame:
    """Add ``score``, ``confidence`` and ``flags`` from the component columns of ``frame``.

    Components outside ``applicable`` (e.g. audience fit without a target) count in neither.
    """
    weights = {
        k: w
        for k, w in composite_weights(defaults).items()
        if w > 0 and (applicable is None or k in applicable)
    }
    total = sum(weights.values())
    num = pl.sum_horizontal([w * pl.col(f"{k}_score").fill_null(0.0) for k, w in weights.items()])
    den = pl.sum_horizontal([w * pl.col(f"{k}_score").is_not_null() for k, w in weights.items()])
    conf = pl.sum_horizontal([w * pl.col(f"{k}_confidence") for k, w in weights.items()]) / total
    frame = frame.with_columns(
        score=pl.when(den > 0).then((num / den).clip(0.0, 100.0)),
        confidence=conf.fill_null(0.0).clip(0.0, 1.0),
    )
    # rankings: thin evidence pulls a score towards neutral instead of letting it top the list
    frame = frame.with_columns(
        rank_score=50.0 + (pl.col("score") - 50.0) * pl.col("confidence"),
    )
    return frame.with_columns(flags=flag_expr(defaults))


def flag_expr(defaults: DomainDefaults) -> pl.Expr:
    """Expression: the list of flag names (see :data:`FLAGS`) that apply to each row."""
    e, g = defaults.engagement, defaults.growth
    conditions = {
        "follower_spike": pl.col("growth_n_spikes") > 0,
        "follower_drop": pl.col("growth_n_drops") > 0,
        "declining_followers": pl.col("growth_score").is_not_null()
        & (pl.col("growth_value") < g.declining_below_30d),
        "inactive": pl.col("activity_inactive"),
        "low_engagement": pl.col("engagement_ratio") < e.ratio_low,
        "unusually_high_engagement": pl.col("engagement_ratio") > e.ratio_unusually_high,
        "private_user": pl.col("tier_lower") == 0,
        "private_account": pl.col("is_private"),
        "low_confidence": pl.col("confidence") < defaults.composite.low_confidence_below,
        "fake_followers": pl.col("follower_quality_flag"),
        "brand_unsafe": pl.col("brand_safety_severity") == "alert",
        "competitor_partner": pl.col("content_fit_competitors").list.len() > 0,
    }
    parts = [pl.when(cond.fill_null(False)).then(pl.lit(name)) for name, cond in conditions.items()]
    own = pl.concat_list(parts).list.drop_nulls()
    authenticity = pl.col("authenticity_flags").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    return pl.concat_list([own, authenticity])


def _tier_reasons(row: Mapping[str, Any]) -> list[Reason]:
    followers = row["followers"]
    out = []
    if followers is None:
        out.append(Reason(code="tier_followers_unknown", severity="warn"))
    elif row["tier_lower"] == 0:
        params = {"followers": followers, "threshold": row["tier_upper"]}
        out.append(Reason(code="tier_private_user", params=params, severity="warn"))
    else:
        params = {"tier": row["tier"], "followers": followers, "lower": row["tier_lower"]}
        code = "tier_assigned" if row["tier_upper"] is None else "tier_assigned_band"
        out.append(Reason(code=code, params={**params, "upper": row["tier_upper"]}))
    if followers is not None and row["followers_source"] == "history":
        out.append(Reason(code="tier_followers_from_history", params={"followers": followers}))
    if row["is_private"]:
        out.append(Reason(code="account_private", severity="warn"))
    return out


def tier_result(row: Mapping[str, Any], defaults: DomainDefaults) -> ComponentResult:
    """The tier component of one row: descriptive, no score, weight 0."""
    evidence = {
        "followers": row["followers"],
        "followers_source": row["followers_source"],
        "band_set": row["band_set"],
        "lower": row["tier_lower"],
        "upper": row["tier_upper"],
    }
    return ComponentResult(
        key="tier",
        score=None,
        confidence=float(row["tier_confidence"]),
        weight=defaults.composite.weights.get("tier", 0.0),
        value=row["tier"],
        evidence=evidence,
        reasons=tuple(_tier_reasons(row)),
    )

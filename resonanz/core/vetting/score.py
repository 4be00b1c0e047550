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

from collections.abc import Callable, Collection, Mapping
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
    "comment_quality",
    "follower_quality",
    "content_fit",
    "brand_safety",
    "disclosure",
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
    "spam_comments": "spam share of the comments ≥ comments.scoring.spam_share_high",
    "few_meaningful_comments": "meaningful share of the comments < meaningful_share_low",
    "emoji_only_comments": "emoji-only share of the comments ≥ emoji_share_high (vanity)",
    "undisclosed_ads": "a sponsored post among the recent posts carries no ad label at all",
    **AUTH_FLAGS,
}
"""Every flag :func:`composite_columns` can set, with its meaning."""


def composite_weights(defaults: DomainDefaults) -> dict[str, float]:
    """The weights of the scored components (missing ones count 0)."""
    return {key: defaults.composite.weights.get(key, 0.0) for key in SCORED_COMPONENTS}


def _disclosure_applies(row: Mapping[str, Any]) -> bool:
    checked = row.get("disclosure_posts_checked") or 0
    return checked == 0 or (row.get("disclosure_commercial_posts") or 0) > 0


ROW_APPLIES: dict[str, tuple[pl.Expr, Any]] = {
    # posts were checked and none was an ad: nothing to judge, which is not missing evidence
    # (no posts at all is, and lowers the confidence)
    "disclosure": (
        (pl.col("disclosure_posts_checked").fill_null(0) == 0)
        | (pl.col("disclosure_commercial_posts").fill_null(0) > 0),
        _disclosure_applies,
    ),
}
"""Components that count only on some rows: (polars condition, the same test on a row dict)."""


def applies(key: str, row: Mapping[str, Any], applicable: frozenset[str] | None) -> bool:
    """Whether component ``key`` counts in the composite of this vetting row."""
    if applicable is not None and key not in applicable:
        return False
    test = ROW_APPLIES.get(key)
    return test is None or bool(test[1](row))


def composite_columns(
    frame: pl.LazyFrame,
    defaults: DomainDefaults,
    applicable: frozenset[str] | None = None,
) -> pl.LazyFrame:
    """Add ``score``, ``confidence`` and ``flags`` from the component columns of ``frame``.

    Components outside ``applicable`` (e.g. audience fit without a target) count in neither, nor
    do components whose :data:`ROW_APPLIES` condition fails on a row (ad disclosure when the
    checked posts hold no ad).
    """
    weights = {
        k: w
        for k, w in composite_weights(defaults).items()
        if w > 0 and (applicable is None or k in applicable)
    }
    w_expr = {
        k: pl.when(ROW_APPLIES[k][0]).then(w).otherwise(0.0) if k in ROW_APPLIES else pl.lit(w)
        for k, w in weights.items()
    }
    total = pl.sum_horizontal(list(w_expr.values()))
    num = pl.sum_horizontal([w * pl.col(f"{k}_score").fill_null(0.0) for k, w in w_expr.items()])
    den = pl.sum_horizontal([w * pl.col(f"{k}_score").is_not_null() for k, w in w_expr.items()])
    conf = (
        pl.sum_horizontal([w * pl.col(f"{k}_confidence").fill_null(0.0) for k, w in w_expr.items()])
        / total
    )
    frame = frame.with_columns(
        score=pl.when(den > 0).then((num / den).clip(0.0, 100.0)),
        confidence=conf.fill_null(0.0).fill_nan(0.0).clip(0.0, 1.0),
    )
    # rankings: thin evidence pulls a score towards neutral instead of letting it top the list
    frame = frame.with_columns(
        rank_score=50.0 + (pl.col("score") - 50.0) * pl.col("confidence"),
    )
    return frame.with_columns(flags=flag_expr(defaults, frame.collect_schema().names()))


def flag_expr(defaults: DomainDefaults, columns: Collection[str] | None = None) -> pl.Expr:
    """Expression: the list of flag names (see :data:`FLAGS`) that apply to each row.

    With ``columns``, only the flags whose inputs are among them (a frame of some components).
    """
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
        "spam_comments": pl.col("comment_quality_flag_spam"),
        "few_meaningful_comments": pl.col("comment_quality_flag_low_meaningful"),
        "emoji_only_comments": pl.col("comment_quality_flag_emoji_heavy"),
        "undisclosed_ads": pl.col("disclosure_undisclosed_posts") > 0,
    }
    present = set(columns) if columns is not None else None
    raised = {
        name: cond.fill_null(False)
        for name, cond in conditions.items()
        if present is None or set(cond.meta.root_names()) <= present
    }
    # one bit per flag, and each distinct combination turned into its list once: building a
    # list per row from a column per flag cost ~1 µs a row
    bits = [cond.cast(pl.UInt64) * (1 << bit) for bit, cond in enumerate(raised.values())]
    mask = pl.sum_horizontal(bits) if bits else pl.lit(0, dtype=pl.UInt64)
    own = mask.map_batches(
        _mask_lists(tuple(raised)), return_dtype=pl.List(pl.String), is_elementwise=True
    )
    if present is not None and "authenticity_flags" not in present:
        return own
    authenticity = pl.col("authenticity_flags").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    return pl.concat_list([own, authenticity])


def _mask_lists(names: tuple[str, ...]) -> Callable[[pl.Series], pl.Series]:
    """Function: bit masks (bit ``i`` = ``names[i]``) to lists of names, in ``names`` order."""

    def lists(mask: pl.Series) -> pl.Series:
        distinct = mask.unique().sort()
        combos = [[n for bit, n in enumerate(names) if (int(m) >> bit) & 1] for m in distinct]
        table = pl.Series(combos, dtype=pl.List(pl.String))
        return table.gather(distinct.search_sorted(mask))

    return lists


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

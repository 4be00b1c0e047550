"""Discovery filters and sort orders over one row per account (pure Polars).

The candidate frame (built by the store from vetting, fees, creators and the search index) has
these columns; a missing column counts as unknown:

``account_id``, ``handle``, ``platform``, ``tier``, ``city``, ``country``, ``language``,
``niches`` (list), ``hashtags`` (list, recent posts, folded), ``engagement_rate`` (fraction),
``real_share`` (share of real followers, 0–1), ``audience_fit`` and ``content_fit`` (0–100),
``score`` and ``rank_score`` (0–100), ``fee_eur`` (fair fee of one deliverable), ``relevance``
(full-text rank, higher is better).

A filter on a figure keeps only rows whose figure is known and in range: "at least 80 % real
audience" cannot be promised for an account without a follower sample. Text filters compare
folded values (case, umlauts and accents ignored), so ``--city koeln`` finds "Köln".
"""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from resonanz.core.content.text import fold, fold_values

SortKey = Literal["relevance", "score", "engagement", "fit"]
SORT_KEYS: tuple[str, ...] = ("relevance", "score", "engagement", "fit")


class DiscoveryFilters(BaseModel):
    """What a discovery search is narrowed to; every field is optional (empty: no filter)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    platforms: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    niches: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    min_engagement: float | None = Field(None, ge=0.0, description="Engagement rate, fraction.")
    max_engagement: float | None = Field(None, ge=0.0)
    min_quality: float | None = Field(None, ge=0.0, le=1.0, description="Real-audience share.")
    min_audience_fit: float | None = Field(None, ge=0.0, le=100.0)
    min_score: float | None = Field(None, ge=0.0, le=100.0)
    min_fee: float | None = Field(None, ge=0.0, description="EUR, fair fee of one deliverable.")
    max_fee: float | None = Field(None, ge=0.0)


def _col(frame: pl.DataFrame, name: str, dtype: pl.DataType) -> pl.Expr:
    if name in frame.columns:
        return pl.col(name).cast(dtype, strict=False)
    return pl.lit(None, dtype=dtype)


def _num(frame: pl.DataFrame, name: str) -> pl.Expr:
    return _col(frame, name, pl.Float64()).fill_nan(None)


def _in(frame: pl.DataFrame, name: str, wanted: tuple[str, ...]) -> pl.Expr:
    return fold(_col(frame, name, pl.String())).is_in(fold_values(wanted))


def _any_in(frame: pl.DataFrame, name: str, wanted: tuple[str, ...]) -> pl.Expr:
    if name not in frame.columns:
        return pl.lit(False)
    values = pl.col(name).cast(pl.List(pl.String), strict=False)
    folded = values.list.eval(fold(pl.element()).str.strip_chars_start("#"))
    wanted_f = [w.lstrip("#") for w in fold_values(wanted)]
    return folded.list.eval(pl.element().is_in(wanted_f)).list.any().fill_null(False)


def _range(expr: pl.Expr, low: float | None, high: float | None) -> pl.Expr:
    cond = pl.lit(True)
    if low is not None:
        cond = cond & (expr >= low)
    if high is not None:
        cond = cond & (expr <= high)
    return cond.fill_null(False)


def filter_expr(frame: pl.DataFrame, f: DiscoveryFilters) -> pl.Expr:
    """One boolean expression: the rows of ``frame`` that pass every set filter."""
    cond = pl.lit(True)
    for name, wanted in (
        ("platform", f.platforms),
        ("tier", f.tiers),
        ("city", f.cities),
        ("country", f.countries),
        ("language", f.languages),
    ):
        if wanted:
            cond = cond & _in(frame, name, wanted).fill_null(False)
    if f.niches:
        cond = cond & _any_in(frame, "niches", f.niches)
    if f.hashtags:
        cond = cond & _any_in(frame, "hashtags", f.hashtags)
    ranges = (
        ("engagement_rate", f.min_engagement, f.max_engagement),
        ("real_share", f.min_quality, None),
        ("audience_fit", f.min_audience_fit, None),
        ("score", f.min_score, None),
        ("fee_eur", f.min_fee, f.max_fee),
    )
    for name, low, high in ranges:
        if low is not None or high is not None:
            cond = cond & _range(_num(frame, name), low, high)
    return cond


def apply_filters(frame: pl.DataFrame, f: DiscoveryFilters) -> pl.DataFrame:
    """The rows of ``frame`` that pass every set filter (order kept).

    >>> frame = pl.DataFrame({"account_id": ["a", "b"], "city": ["Köln", "Berlin"],
    ...                       "real_share": [0.9, None]})
    >>> apply_filters(frame, DiscoveryFilters(cities=("koeln",)))["account_id"].to_list()
    ['a']
    >>> apply_filters(frame, DiscoveryFilters(min_quality=0.5))["account_id"].to_list()
    ['a']
    """
    return frame.filter(filter_expr(frame, f))


def fit_expr(frame: pl.DataFrame, content_weight: float) -> pl.Expr:
    """Fit for a brief (0–100): weighted mean of content and audience fit, of those known."""
    content, audience = _num(frame, "content_fit"), _num(frame, "audience_fit")
    wc, wa = content_weight, 1.0 - content_weight
    both = (content * wc + audience * wa) / (wc + wa) if wc + wa > 0 else content
    return (
        pl.when(content.is_not_null() & audience.is_not_null())
        .then(both)
        .otherwise(pl.coalesce(content, audience))
    )


def sort_frame(frame: pl.DataFrame, key: str, content_weight: float = 0.5) -> pl.DataFrame:
    """Rows best first by ``key``; unknown values last; ties by rank score, then account id.

    ``relevance`` without a text query falls back to ``fit`` when fit is known, else to the
    score.
    """
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort {key!r}; one of {', '.join(SORT_KEYS)}")
    frame = frame.with_columns(fit_expr(frame, content_weight).alias("fit"))
    primary = {
        "relevance": _num(frame, "relevance"),
        "score": _num(frame, "score"),
        "engagement": _num(frame, "engagement_rate"),
        "fit": pl.col("fit"),
    }[key]
    keys = [primary, pl.col("fit"), _num(frame, "rank_score")]
    if key == "relevance" and frame.get_column("relevance", default=None) is None:
        keys = keys[1:]
    return frame.sort(
        [*keys, pl.col("account_id")],
        descending=[True] * len(keys) + [False],
        nulls_last=True,
    )

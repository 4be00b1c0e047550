"""Fair fee ranges per account and deliverable, vectorised over vetting rows.

Method (docs/planning.md "Fair fees"; every number in ``[fees]`` of defaults.toml):

1. base = followers / 1000 × midpoint of seed 002's "$10–$20 pro 1.000 Follower pro Beitrag",
   in EUR via ``[currency]``;
2. the base is clamped to seed 002's price band of the platform and tier when there is one;
3. fair = base × engagement factor × real-audience factor × platform × format, where the
   engagement factor is (ER / tier benchmark) ^ exponent clipped to [min, max] and the
   real-audience factor is 1 − fake share of the follower sample (floored at ``min_real_share``);
   an unknown ratio or share leaves the fee unchanged and lowers the confidence instead;
4. low / high = fair × (10 / 15) and (20 / 15) (the seed's rate spread), widened when data is
   missing.

A product exchange (``product_value_eur``) is shown and subtracted from the cash fee.

>>> import polars as pl
>>> from resonanz.core.config import load_defaults
>>> row = pl.DataFrame({"account_id": ["a"], "platform": ["instagram"], "followers": [50_000.0],
...     "tier": ["micro"], "engagement_ratio": [1.0], "follower_quality_fake_share": [0.0]})
>>> out = fee_frame(row, load_defaults(), deliverables=("feed_post",))
>>> round(out["fee_eur"][0])
690
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl
from pydantic import BaseModel, ConfigDict

from resonanz.core.fees.settings import DELIVERABLES
from resonanz.core.vetting.result import Reason

if TYPE_CHECKING:  # config imports fees.settings, which imports this package
    from resonanz.core.config import DomainDefaults

FQ_FAKE = "follower_quality_fake_share"

FEE_COLUMNS: tuple[str, ...] = (
    "account_id",
    "deliverable",
    "fee_low_eur",
    "fee_eur",
    "fee_high_eur",
    "fee_confidence",
    "cash_fee_eur",
    "product_value_eur",
    "fee_base_eur",
    "fee_base_raw_eur",
    "fee_band_low_eur",
    "fee_band_high_eur",
    "fee_engagement_factor",
    "fee_real_factor",
    "fee_platform_factor",
    "fee_format_factor",
    "fee_spread",
)
"""The columns of :func:`fee_frame` (besides the vetting columns it carries along)."""

DELIVERABLE_NAMES: dict[str, tuple[str, str]] = {
    "feed_post": ("Feed-Beitrag", "feed post"),
    "reel": ("Reel", "reel"),
    "story": ("Story", "story"),
    "video": ("Video", "video"),
}


def _col(frame: pl.DataFrame, name: str) -> pl.Expr:
    if name in frame.columns:
        return pl.col(name).cast(pl.Float64, strict=False).fill_nan(None)
    return pl.lit(None, dtype=pl.Float64)


def _mapped(key: pl.Expr, mapping: Mapping[str, float], default: float | None) -> pl.Expr:
    out: pl.Expr = pl.lit(default, dtype=pl.Float64)
    for name, value in mapping.items():
        out = pl.when(key == name).then(pl.lit(value)).otherwise(out)
    return out


def _band(defaults: DomainDefaults, bound: int) -> pl.Expr:
    out: pl.Expr = pl.lit(None, dtype=pl.Float64)
    rate = defaults.currency.usd_eur
    for platform, tiers in defaults.fees.bands_usd.items():
        for tier, band in tiers.items():
            hit = (pl.col("platform") == platform) & (pl.col("tier") == tier)
            out = pl.when(hit).then(pl.lit(band[bound] * rate)).otherwise(out)
    return out


def fee_frame(
    vetted: pl.DataFrame,
    defaults: DomainDefaults,
    deliverables: Sequence[str] = DELIVERABLES,
    product_value_eur: float = 0.0,
) -> pl.DataFrame:
    """One row per account and deliverable with the fee range (:data:`FEE_COLUMNS`).

    ``vetted`` holds vetting rows (``vet_frame``): ``account_id``, ``platform``, ``followers`` and
    ideally ``tier``, ``engagement_ratio`` and ``follower_quality_fake_share``. Unknown followers
    give null fees; missing ratio or share give factor 1 and a lower confidence.
    """
    s = defaults.fees
    unknown = [d for d in deliverables if d not in s.format]
    if unknown:
        raise ValueError(f"unknown deliverable(s): {', '.join(unknown)}; known: {list(s.format)}")
    if product_value_eur < 0:
        raise ValueError("product_value_eur must not be negative")
    rate = defaults.currency.usd_eur
    mid_usd = (s.usd_per_1k_low + s.usd_per_1k_high) / 2
    base = vetted.select(
        pl.col("account_id").cast(pl.String),
        pl.col("platform").cast(pl.String),
        (pl.col("tier") if "tier" in vetted.columns else pl.lit(None, dtype=pl.String)).alias(
            "tier"
        ),
        _col(vetted, "followers").alias("followers"),
        _col(vetted, "engagement_ratio").alias("_ratio"),
        _col(vetted, FQ_FAKE).alias("_fake"),
    )
    followers = pl.when(pl.col("followers") >= 0).then(pl.col("followers"))
    ratio = pl.when(pl.col("_ratio") >= 0).then(pl.col("_ratio"))
    raw = followers / 1000.0 * mid_usd * rate
    band_low, band_high = _band(defaults, 0), _band(defaults, 1)
    clamped = pl.min_horizontal(pl.max_horizontal(raw, band_low), band_high)
    clamped = pl.when(band_low.is_null()).then(raw).otherwise(clamped)
    eng = (
        (ratio**s.engagement_exponent)
        .clip(s.engagement_min_factor, s.engagement_max_factor)
        .fill_null(1.0)
    )
    real = (1.0 - pl.col("_fake").clip(0.0, 1.0)).clip(s.min_real_share, 1.0).fill_null(1.0)
    missing_q = pl.col("_fake").is_null()
    missing_e = ratio.is_null()
    base_spread = (s.usd_per_1k_high - s.usd_per_1k_low) / (s.usd_per_1k_high + s.usd_per_1k_low)
    spread = (
        pl.lit(base_spread)
        + pl.when(missing_q).then(s.spread_no_quality).otherwise(0.0)
        + pl.when(missing_e).then(s.spread_no_engagement).otherwise(0.0)
    ).clip(0.0, s.max_spread)
    confidence = pl.when(missing_q).then(s.confidence_no_quality).otherwise(1.0) * pl.when(
        missing_e
    ).then(s.confidence_no_engagement).otherwise(1.0)
    accounts = base.with_columns(
        raw.alias("fee_base_raw_eur"),
        band_low.alias("fee_band_low_eur"),
        band_high.alias("fee_band_high_eur"),
        clamped.alias("fee_base_eur"),
        eng.alias("fee_engagement_factor"),
        real.alias("fee_real_factor"),
        _mapped(pl.col("platform"), s.platform, s.platform.get("other", 1.0)).alias(
            "fee_platform_factor"
        ),
        spread.alias("fee_spread"),
        pl.when(followers.is_null()).then(0.0).otherwise(confidence).alias("fee_confidence"),
        pl.col("_ratio").alias("engagement_ratio"),
        pl.col("_fake").alias(FQ_FAKE),
    ).drop("_ratio", "_fake")
    kinds = pl.DataFrame({"deliverable": list(deliverables)}, schema={"deliverable": pl.String})
    fair = (
        pl.col("fee_base_eur")
        * pl.col("fee_engagement_factor")
        * pl.col("fee_real_factor")
        * pl.col("fee_platform_factor")
        * pl.col("fee_format_factor")
    )
    return (
        accounts.join(kinds, how="cross")
        .with_columns(_mapped(pl.col("deliverable"), s.format, None).alias("fee_format_factor"))
        .with_columns(fair.alias("fee_eur"))
        .with_columns(
            (pl.col("fee_eur") * (1.0 - pl.col("fee_spread"))).alias("fee_low_eur"),
            (pl.col("fee_eur") * (1.0 + pl.col("fee_spread"))).alias("fee_high_eur"),
            pl.lit(product_value_eur, dtype=pl.Float64).alias("product_value_eur"),
            (pl.col("fee_eur") - product_value_eur).clip(0.0).alias("cash_fee_eur"),
        )
        .select(*FEE_COLUMNS, "platform", "tier", "followers", "engagement_ratio", FQ_FAKE)
    )


class FeeResult(BaseModel):
    """The explained fee range of one account and deliverable."""

    model_config = ConfigDict(frozen=True)

    account_id: str
    deliverable: str
    fee_low_eur: float | None
    fee_eur: float | None
    fee_high_eur: float | None
    cash_fee_eur: float | None
    product_value_eur: float
    confidence: float
    reasons: tuple[Reason, ...]


def _r(row: Mapping[str, Any], key: str) -> float | None:
    value = row.get(key)
    return None if value is None else float(value)


def fee_result(row: Mapping[str, Any], defaults: DomainDefaults) -> FeeResult:
    """Explain one :func:`fee_frame` row with message codes (``fee_*``)."""
    s = defaults.fees
    d_de, d_en = deliverable_names(row["deliverable"])
    reasons: list[Reason] = []
    followers = _r(row, "followers")
    if followers is None or row.get("fee_eur") is None:
        reasons.append(Reason(code="fee_followers_unknown", severity="warn"))
    else:
        reasons.append(
            Reason(
                code="fee_base",
                params={
                    "followers": followers,
                    "low": s.usd_per_1k_low,
                    "high": s.usd_per_1k_high,
                    "rate": defaults.currency.usd_eur,
                    "base": row["fee_base_raw_eur"],
                },
            )
        )
        band_low, band_high = _r(row, "fee_band_low_eur"), _r(row, "fee_band_high_eur")
        if band_low is None or band_high is None:
            reasons.append(
                Reason(
                    code="fee_no_band", params={"platform": row["platform"], "tier": row["tier"]}
                )
            )
        else:
            params = {
                "platform": row["platform"],
                "tier": row["tier"],
                "low": band_low,
                "high": band_high,
                "base": row["fee_base_eur"],
            }
            changed = abs(float(row["fee_base_eur"]) - float(row["fee_base_raw_eur"])) > 1e-9
            reasons.append(
                Reason(code="fee_band_clamped" if changed else "fee_in_band", params=params)
            )
        ratio = _r(row, "engagement_ratio")
        if ratio is None:
            reasons.append(Reason(code="fee_engagement_unknown", severity="warn"))
        else:
            factor = float(row["fee_engagement_factor"])
            reasons.append(
                Reason(
                    code="fee_engagement",
                    params={"ratio": ratio, "factor": factor},
                    severity="good" if factor > 1 else ("warn" if factor < 1 else "info"),
                )
            )
        fake = _r(row, FQ_FAKE)
        if fake is None:
            reasons.append(Reason(code="fee_quality_unknown", severity="warn"))
        else:
            reasons.append(
                Reason(
                    code="fee_quality",
                    params={"fake": fake, "factor": row["fee_real_factor"]},
                    severity="warn" if fake > 0 else "info",
                )
            )
        reasons.append(
            Reason(
                code="fee_multipliers",
                params={
                    "platform": row["platform"],
                    "platform_factor": row["fee_platform_factor"],
                    "deliverable_de": d_de,
                    "deliverable_en": d_en,
                    "format_factor": row["fee_format_factor"],
                },
            )
        )
        if row["product_value_eur"] > 0:
            reasons.append(
                Reason(
                    code="fee_product_exchange",
                    params={"value": row["product_value_eur"], "cash": row["cash_fee_eur"]},
                )
            )
    return FeeResult(
        account_id=str(row["account_id"]),
        deliverable=str(row["deliverable"]),
        fee_low_eur=_r(row, "fee_low_eur"),
        fee_eur=_r(row, "fee_eur"),
        fee_high_eur=_r(row, "fee_high_eur"),
        cash_fee_eur=_r(row, "cash_fee_eur"),
        product_value_eur=float(row["product_value_eur"]),
        confidence=float(row["fee_confidence"]),
        reasons=tuple(reasons),
    )


def deliverable_names(deliverable: str) -> tuple[str, str]:
    """German and English name of a deliverable (the key itself if unknown)."""
    return DELIVERABLE_NAMES.get(deliverable, (deliverable, deliverable))

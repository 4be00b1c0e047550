"""Updated expectations after a pilot: partial pooling of observed / expected with a Gamma prior.

For the brief's goal the pilot reports an observed count per creator and deliverable (reach,
engagements or conversions); the candidate table gives the expected count (value per unit ×
units). Each count is divided by the goal's **dispersion** φ (how many raw units make one
independent observation: a reach of 1,000 is far less evidence than 1,000 conversions), then

* the **multiplier** θ (observed ÷ expected) has a Gamma(α₀, α₀) prior with mean 1;
* each group (platform × tier) gets θ_g = (α₀ + Σ obs) / (α₀ + Σ exp) — "scale what worked";
* a piloted creator gets θ_i = (α₀ θ_g + obs_i) / (α₀ + exp_i), shrunk towards its group;
* a creator not in the pilot gets its group's θ_g, or the overall θ when its group was not piloted.

Posterior intervals are Gamma quantiles at ``[pilot] level``. The candidates' ``value``,
``value_low`` and ``value_high`` are multiplied by θ's mean, lower and upper end, so a follow-up
plan books more of what over-delivered and less of what under-delivered.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from resonanz.core.vetting.result import Reason

_DEFAULTS_TOML = Path(__file__).resolve().parent.parent / "defaults.toml"
_METRIC_NAMES = {
    "reach": ("Reichweite", "reach"),
    "engagements": ("Interaktionen", "engagements"),
    "conversions": ("Conversions", "conversions"),
}
METRIC_BY_GOAL: dict[str, str] = {
    "awareness": "reach",
    "engagement": "engagements",
    "conversions": "conversions",
}


class PilotError(ValueError):
    """The pilot results cannot be used (missing columns, nothing matched)."""


class PilotSettings(BaseModel):
    """``[pilot]`` in defaults.toml."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prior_strength: float = Field(gt=0.0)  # α₀: the prior weighs like this many observations
    level: float = Field(gt=0.0, lt=1.0)  # posterior interval level
    dispersion: dict[str, float]  # goal → raw units per independent observation


@functools.lru_cache(maxsize=1)
def builtin_pilot() -> PilotSettings:
    """The shipped ``[pilot]`` section."""
    with _DEFAULTS_TOML.open("rb") as fh:
        return PilotSettings.model_validate(tomllib.load(fh)["pilot"])


@dataclass(frozen=True)
class PilotUpdate:
    """The candidates with updated values, and what changed per creator and group."""

    candidates: pl.DataFrame
    creators: pl.DataFrame  # one row per piloted creator: observed, expected, multiplier, interval
    groups: pl.DataFrame  # one row per (platform, tier) in the pilot
    unmatched: list[str]  # result rows whose account × deliverable is not a candidate
    reasons: dict[str, list[Reason]]


def _gamma_interval(
    shape: pl.Series, rate: pl.Series, level: float
) -> tuple[list[float], list[float]]:
    from scipy.stats import gamma  # type: ignore[import-untyped]  # scipy.stats is slow to import

    tail = (1.0 - level) / 2.0
    lo = gamma.ppf(tail, shape.to_numpy(), scale=1.0 / rate.to_numpy())
    hi = gamma.ppf(1.0 - tail, shape.to_numpy(), scale=1.0 / rate.to_numpy())
    return [float(x) for x in lo], [float(x) for x in hi]


def _results_frame(results: pl.DataFrame, metric: str) -> pl.DataFrame:
    missing = [c for c in ("account_id", "deliverable", metric) if c not in results.columns]
    if missing:
        raise PilotError(f"pilot results: missing column(s) {', '.join(missing)}")
    count = pl.col("count") if "count" in results.columns else pl.lit(1)
    return results.select(
        pl.col("account_id").cast(pl.String),
        pl.col("deliverable").cast(pl.String),
        count.cast(pl.Float64).fill_null(1.0).alias("count"),
        pl.col(metric).cast(pl.Float64).alias("observed"),
    ).filter(pl.col("observed").is_not_null() & (pl.col("observed") >= 0) & (pl.col("count") > 0))


def pilot_update(
    candidates: pl.DataFrame, results: pl.DataFrame, goal: str, settings: PilotSettings
) -> PilotUpdate:
    """Multiply the candidates' values by the pilot's posterior multipliers (module docstring)."""
    metric = METRIC_BY_GOAL[goal]
    phi = settings.dispersion[goal]
    a0 = settings.prior_strength
    res = _results_frame(results, metric)
    keyed = candidates.select("account_id", "deliverable", "platform", "tier", "value")
    joined = res.join(keyed, on=["account_id", "deliverable"], how="left")
    unmatched = joined.filter(pl.col("value").is_null())
    matched = joined.filter(pl.col("value").is_not_null()).with_columns(
        expected=pl.col("value") * pl.col("count")
    )
    if matched.is_empty():
        raise PilotError("pilot results: no row matches a candidate account × deliverable")
    per_creator = matched.group_by("account_id", "platform", "tier").agg(
        (pl.col("observed").sum() / phi).alias("obs"), (pl.col("expected").sum() / phi).alias("exp")
    )
    groups = per_creator.group_by("platform", "tier").agg(
        pl.col("obs").sum(), pl.col("exp").sum(), pl.len().alias("creators")
    )
    total_obs, total_exp = float(groups["obs"].sum()), float(groups["exp"].sum())
    overall = (a0 + total_obs) / (a0 + total_exp)
    groups = groups.with_columns(shape=a0 + pl.col("obs"), rate=a0 + pl.col("exp")).with_columns(
        multiplier=pl.col("shape") / pl.col("rate")
    )
    g_lo, g_hi = _gamma_interval(groups["shape"], groups["rate"], settings.level)
    groups = groups.with_columns(
        multiplier_low=pl.Series(g_lo), multiplier_high=pl.Series(g_hi)
    ).sort("platform", "tier")
    per_creator = (
        per_creator.join(
            groups.select("platform", "tier", pl.col("multiplier").alias("g")),
            on=["platform", "tier"],
        )
        .with_columns(shape=a0 * pl.col("g") + pl.col("obs"), rate=a0 + pl.col("exp"))
        .with_columns(multiplier=pl.col("shape") / pl.col("rate"))
    )
    c_lo, c_hi = _gamma_interval(per_creator["shape"], per_creator["rate"], settings.level)
    per_creator = per_creator.with_columns(
        multiplier_low=pl.Series(c_lo),
        multiplier_high=pl.Series(c_hi),
        observed=pl.col("obs") * phi,
        expected=pl.col("exp") * phi,
    ).sort("account_id")
    o_lo, o_hi = _gamma_interval(
        pl.Series([a0 + total_obs]), pl.Series([a0 + total_exp]), settings.level
    )
    updated = _apply(candidates, per_creator, groups, (overall, o_lo[0], o_hi[0]))
    return PilotUpdate(
        candidates=updated,
        creators=per_creator.select(
            "account_id",
            "platform",
            "tier",
            "observed",
            "expected",
            "multiplier",
            "multiplier_low",
            "multiplier_high",
        ),
        groups=groups.select(
            "platform",
            "tier",
            "creators",
            (pl.col("obs") * phi).alias("observed"),
            (pl.col("exp") * phi).alias("expected"),
            "multiplier",
            "multiplier_low",
            "multiplier_high",
        ),
        unmatched=[f"{r['account_id']} × {r['deliverable']}" for r in unmatched.to_dicts()],
        reasons=_reasons(per_creator, metric),
    )


def _apply(
    cands: pl.DataFrame,
    creators: pl.DataFrame,
    groups: pl.DataFrame,
    overall: tuple[float, float, float],
) -> pl.DataFrame:
    mine = creators.select(
        "account_id",
        pl.col("multiplier").alias("_m"),
        pl.col("multiplier_low").alias("_lo"),
        pl.col("multiplier_high").alias("_hi"),
    )
    theirs = groups.select(
        "platform",
        "tier",
        pl.col("multiplier").alias("_gm"),
        pl.col("multiplier_low").alias("_glo"),
        pl.col("multiplier_high").alias("_ghi"),
    )
    out = cands.join(mine, on="account_id", how="left").join(
        theirs, on=["platform", "tier"], how="left"
    )
    evidence = (
        pl.when(pl.col("_m").is_not_null())
        .then(pl.lit("creator"))
        .when(pl.col("_gm").is_not_null())
        .then(pl.lit("group"))
        .otherwise(pl.lit("overall"))
    )
    m = pl.coalesce("_m", "_gm", pl.lit(overall[0]))
    lo = pl.coalesce("_lo", "_glo", pl.lit(overall[1]))
    hi = pl.coalesce("_hi", "_ghi", pl.lit(overall[2]))
    return out.with_columns(
        (pl.col("value") * m).alias("value"),
        (pl.col("value_low") * lo).alias("value_low"),
        (pl.col("value_high") * hi).alias("value_high"),
        m.alias("pilot_multiplier"),
        evidence.alias("pilot_evidence"),
    ).drop("_m", "_lo", "_hi", "_gm", "_glo", "_ghi")


def _reasons(creators: pl.DataFrame, metric: str) -> dict[str, list[Reason]]:
    out: dict[str, list[Reason]] = {}
    for row in creators.iter_rows(named=True):
        params: dict[str, Any] = {
            "metric_de": _METRIC_NAMES[metric][0],
            "metric_en": _METRIC_NAMES[metric][1],
            "observed": row["observed"],
            "expected": row["expected"],
            "multiplier": row["multiplier"],
        }
        over = row["multiplier"] >= 1.0
        code = "pilot_over_delivered" if over else "pilot_under_delivered"
        out[row["account_id"]] = [
            Reason(code=code, params=params, severity="good" if over else "warn")
        ]
    return out

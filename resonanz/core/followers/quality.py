"""Follower quality: who follows the account, judged from a sample of its followers.

Every sampled follower gets P(fake) from the fake-account model (:mod:`.model`) and one class, in
this order of precedence:

* ``suspicious`` — P(fake) ≥ ``suspicious_probability``: bot-like or bought;
* ``mass_follower`` — follows more than ``mass_following`` (1,500) accounts, the common industry
  rule: such an account's feed is too full to see a given post;
* ``inactive`` — has never posted, or not for ``inactive_after_days`` (365) before "now";
* ``real`` — everyone else.

Per account:

* **fake-follower share** — the share flagged suspicious, with a Wilson interval from the sample
  size; with ``correct_error_rates`` it is corrected for the model's measured sensitivity and
  specificity (Rogan–Gladen: (q − (1 − spec)) ÷ (sens + spec − 1), clipped to 0–1), so a model that
  wrongly flags 5 % of real people does not put every account at ≥ 5 % fake;
* **reachable share** — followers following at most ``mass_following`` accounts (the industry's
  "reachability"), among those whose following count is known;
* **audience-quality score** = 100 × clip(1 − w_f·fake − w_m·mass − w_i·inactive, 0, 1);
* **confidence** = √min(1, n ÷ ``full_confidence_sample``) × (0.5 + 0.5 × feature coverage): the
  interval narrows with √n, and followers with unknown fields (no usernames, say) score less
  surely. No sample: no score, confidence 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import polars as pl

from resonanz.core.config import DomainDefaults, FollowerQualitySettings
from resonanz.core.followers.features import FEATURES, feature_columns, profile_columns
from resonanz.core.followers.model import FakeAccountModel
from resonanz.core.vetting.result import ComponentResult, Reason

KEY = "follower_quality"
CLASSES = ("real", "suspicious", "mass_follower", "inactive")
OUTPUT_COLUMNS: tuple[str, ...] = tuple(
    f"{KEY}_{name}"
    for name in (
        "score",
        "confidence",
        "value",
        "sample_size",
        "fake_share",
        "fake_low",
        "fake_high",
        "flagged_share",
        "real_share",
        "mass_share",
        "inactive_share",
        "reachable_share",
        "coverage",
        "flag",
    )
)
"""The columns of :func:`follower_quality_frame` besides ``account_id``."""


def empty_schema() -> dict[str, Any]:
    """The schema of :func:`follower_quality_frame`'s result."""
    schema: dict[str, Any] = {"account_id": pl.String}
    schema.update({c: pl.Float64 for c in OUTPUT_COLUMNS})
    schema[f"{KEY}_sample_size"] = pl.Int64
    schema[f"{KEY}_flag"] = pl.Boolean
    schema[f"{KEY}_model"] = pl.String
    return schema


def _last_post(frame: pl.LazyFrame) -> pl.Expr:
    dtype = frame.collect_schema().get("last_post_at")
    if dtype is None:
        return pl.lit(None, dtype=pl.Date)
    col = pl.col("last_post_at")
    if dtype == pl.String:
        return col.str.slice(0, 10).str.to_date(strict=False)
    if isinstance(dtype, pl.Datetime):
        return col.dt.date()
    return col.cast(pl.Date, strict=False)


def error_rates(model: FakeAccountModel) -> tuple[float, float] | None:
    """(sensitivity, specificity) stored with the model, if it was measured on held-out data."""
    held = model.training.get("synthetic_holdout") or model.training.get("holdout")
    if not isinstance(held, Mapping):
        return None
    sens, spec = held.get("sensitivity"), held.get("specificity")
    if not isinstance(sens, float) or not isinstance(spec, float) or sens + spec <= 1.0:
        return None
    return sens, spec


def classify_followers(
    samples: pl.DataFrame,
    model: FakeAccountModel,
    settings: FollowerQualitySettings,
    now: date | datetime | None = None,
) -> pl.DataFrame:
    """Every sampled follower with ``p_fake``, ``follower_class``, ``reachable`` and ``known``.

    ``samples`` has the contract's ``follower_samples`` columns (any may be missing but
    ``account_id``). ``now`` defaults to the latest ``last_post_at`` in the sample.
    ``known`` is the share of the model's features that are known for the follower.
    """
    lazy = samples.lazy()
    last = _last_post(lazy)
    feats = feature_columns(profile_columns(lazy.with_columns(last.alias("last_post_at"))))
    # only what is read below (the raw sample columns would be carried along for nothing)
    frame = feats.select("account_id", "posts", "following", "last_post_at", *FEATURES).collect()
    p_fake = model.predict_proba(frame)
    if now is None:
        latest = frame["last_post_at"].max() if frame.height else None
        now = latest if isinstance(latest, date) else None
    today = now.date() if isinstance(now, datetime) else now
    stale = (
        pl.col("last_post_at") < pl.lit(today - timedelta(days=settings.inactive_after_days))
        if today is not None
        else pl.lit(False)
    )
    inactive = (pl.col("posts") == 0).fill_null(False) | stale.fill_null(False)
    mass = (pl.col("following") > settings.mass_following).fill_null(False)
    suspicious = pl.col("p_fake") >= settings.suspicious_probability
    known = pl.sum_horizontal([pl.col(f).is_not_null() for f in FEATURES]) / len(FEATURES)
    return frame.with_columns(p_fake=pl.Series(p_fake, dtype=pl.Float64)).select(
        "account_id",
        "p_fake",
        follower_class=pl.when(suspicious)
        .then(pl.lit("suspicious"))
        .when(mass)
        .then(pl.lit("mass_follower"))
        .when(inactive)
        .then(pl.lit("inactive"))
        .otherwise(pl.lit("real")),
        reachable=pl.col("following") <= settings.mass_following,
        known=known,
    )


def _wilson(k: pl.Expr, n: pl.Expr, z: float) -> tuple[pl.Expr, pl.Expr]:
    q = k / n
    centre = (q + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * (q * (1 - q) / n + z * z / (4 * n * n)).sqrt()
    return (centre - half).clip(0.0, 1.0), (centre + half).clip(0.0, 1.0)


def follower_quality_frame(
    samples: pl.DataFrame,
    model: FakeAccountModel,
    defaults: DomainDefaults,
    now: date | datetime | None = None,
) -> pl.DataFrame:
    """One row per account with a follower sample: ``account_id`` + :data:`OUTPUT_COLUMNS`.

    Left-join it to the accounts; an account without a row has no sample (score None,
    confidence 0 in :func:`follower_quality_result`).
    """
    s = defaults.follower_quality
    if samples.height == 0 or "account_id" not in samples.columns:
        return pl.DataFrame(schema=empty_schema())
    per = classify_followers(samples, model, s, now)
    cls = pl.col("follower_class")
    n = pl.len().cast(pl.Float64)
    agg = per.group_by("account_id", maintain_order=True).agg(
        _n=n,
        _k=(cls == "suspicious").sum().cast(pl.Float64),
        real_share=(cls == "real").sum() / n,
        mass_share=(cls == "mass_follower").sum() / n,
        inactive_share=(cls == "inactive").sum() / n,
        reachable_share=pl.col("reachable").mean(),
        coverage=pl.col("known").mean(),
    )
    low, high = _wilson(pl.col("_k"), pl.col("_n"), s.ci_z)
    rates = error_rates(model) if s.correct_error_rates else None
    fpr, j = (1.0 - rates[1], rates[0] + rates[1] - 1.0) if rates else (0.0, 1.0)

    def corrected(q: pl.Expr) -> pl.Expr:
        return ((q - fpr) / j).clip(0.0, 1.0)

    fake = corrected(pl.col("_k") / pl.col("_n"))
    lost = (
        s.weight_fake * pl.col(f"{KEY}_fake_share")
        + s.weight_mass * pl.col("mass_share")
        + s.weight_inactive * pl.col("inactive_share")
    )
    out = agg.with_columns(
        pl.col("_n").cast(pl.Int64).alias(f"{KEY}_sample_size"),
        fake.alias(f"{KEY}_fake_share"),
        corrected(low).alias(f"{KEY}_fake_low"),
        corrected(high).alias(f"{KEY}_fake_high"),
        (pl.col("_k") / pl.col("_n")).alias(f"{KEY}_flagged_share"),
        *(pl.col(c).alias(f"{KEY}_{c}") for c in ("real_share", "mass_share", "inactive_share")),
        pl.col("reachable_share").alias(f"{KEY}_reachable_share"),
        pl.col("coverage").alias(f"{KEY}_coverage"),
    ).with_columns(
        (100.0 * (1.0 - lost).clip(0.0, 1.0)).alias(f"{KEY}_score"),
        (
            (pl.col("_n") / s.full_confidence_sample).clip(upper_bound=1.0).sqrt()
            * (0.5 + 0.5 * pl.col("coverage"))
        ).alias(f"{KEY}_confidence"),
        pl.col(f"{KEY}_fake_share").alias(f"{KEY}_value"),
        (pl.col(f"{KEY}_fake_share") >= s.fake_alert_share).alias(f"{KEY}_flag"),
        pl.lit(model_label(model)).alias(f"{KEY}_model"),
    )
    return out.select("account_id", *OUTPUT_COLUMNS, f"{KEY}_model")


def model_label(model: FakeAccountModel) -> str:
    """A short name of the model for the evidence, e.g. ``logistic, demo market``."""
    data = str(model.training.get("data", "unknown data"))
    return f"{model.kind}, {data.split(' (')[0]}"


def _share_reason(row: Mapping[str, Any], s: FollowerQualitySettings) -> Reason:
    fake = row[f"{KEY}_fake_share"]
    params = {
        "share": fake,
        "low": row[f"{KEY}_fake_low"],
        "high": row[f"{KEY}_fake_high"],
        "n": row[f"{KEY}_sample_size"],
    }
    if fake >= s.fake_alert_share:
        return Reason(code="fq_fake_high", params=params, severity="alert")
    if fake >= s.fake_warn_share:
        return Reason(code="fq_fake_elevated", params=params, severity="warn")
    return Reason(code="fq_fake_low", params=params, severity="good")


def _reasons(row: Mapping[str, Any], s: FollowerQualitySettings) -> list[Reason]:
    out = [_share_reason(row, s)]
    real, mass = row[f"{KEY}_real_share"], row[f"{KEY}_mass_share"]
    inactive, flagged = row[f"{KEY}_inactive_share"], row[f"{KEY}_flagged_share"]
    params = {"real": real, "suspicious": flagged, "mass": mass, "inactive": inactive}
    out.append(Reason(code="fq_breakdown", params=params))
    if mass >= s.mass_warn_share:
        params = {"share": mass, "limit": s.mass_following}
        out.append(Reason(code="fq_mass_followers", params=params, severity="warn"))
    if inactive >= s.inactive_warn_share:
        params = {"share": inactive, "days": s.inactive_after_days}
        out.append(Reason(code="fq_inactive_followers", params=params, severity="warn"))
    reachable = row[f"{KEY}_reachable_share"]
    if reachable is not None:
        params = {"share": reachable, "limit": s.mass_following}
        out.append(Reason(code="fq_reachable", params=params))
    n = row[f"{KEY}_sample_size"]
    if n < s.full_confidence_sample:
        params = {"n": n, "wanted": s.full_confidence_sample}
        out.append(Reason(code="fq_small_sample", params=params))
    coverage = row[f"{KEY}_coverage"]
    if coverage < 0.999:
        out.append(Reason(code="fq_fields_missing", params={"coverage": coverage}))
    return out


def follower_quality_result(row: Mapping[str, Any], defaults: DomainDefaults) -> ComponentResult:
    """The explained follower-quality component of one account's row.

    ``row`` holds the :data:`OUTPUT_COLUMNS` (all null, or absent, when the account has no
    follower sample).
    """
    s = defaults.follower_quality
    weight = defaults.composite.weights.get(KEY, 0.0)
    n = row.get(f"{KEY}_sample_size")
    if not n:
        reason = Reason(code="fq_no_sample", severity="info")
        return ComponentResult(
            key=KEY, score=None, confidence=0.0, weight=weight, reasons=(reason,)
        )
    evidence = {
        "sample_size": n,
        "fake_share": row[f"{KEY}_fake_share"],
        "fake_interval": [row[f"{KEY}_fake_low"], row[f"{KEY}_fake_high"]],
        "flagged_share": row[f"{KEY}_flagged_share"],
        "real_share": row[f"{KEY}_real_share"],
        "mass_follower_share": row[f"{KEY}_mass_share"],
        "inactive_share": row[f"{KEY}_inactive_share"],
        "reachable_share": row[f"{KEY}_reachable_share"],
        "feature_coverage": row[f"{KEY}_coverage"],
        "model": row.get(f"{KEY}_model"),
        "suspicious_probability": s.suspicious_probability,
        "mass_following": s.mass_following,
        "inactive_after_days": s.inactive_after_days,
    }
    score = float(row[f"{KEY}_score"])
    return ComponentResult(
        key=KEY,
        score=score if math.isfinite(score) else None,
        confidence=float(np.clip(row[f"{KEY}_confidence"], 0.0, 1.0)),
        weight=weight,
        value=row[f"{KEY}_value"],
        evidence=evidence,
        reasons=tuple(_reasons(row, s)),
    )

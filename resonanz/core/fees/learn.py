"""Fee learning from past deals: a Bayesian regression on the seed-based fair fee.

Each past deal gives the fee actually paid and, from :func:`~resonanz.core.fees.fee_frame`,
the prior fair fee of the same account and deliverable. The model is

    log(paid / prior) = a_segment + b · log(followers / 10,000) + ε,   ε ~ N(0, σ²)

with one intercept per segment (``platform:deliverable``) and a common slope. Priors: every
coefficient ~ N(0, τ²) — *zero means "the seed-based fee is right"* — and σ² from a scaled
inverse-χ² prior with ``noise_prior_weight`` pseudo-deals at ``noise_sd_log``. The posterior of
the coefficients is normal (conjugate, σ² plugged in at its posterior mean), so the learned fair
fee is a precision-weighted blend of the prior and the deals: few deals leave it near the seed
figure, many consistent deals move it all the way. Its interval is the posterior predictive
interval for a new deal, ``exp(m ± z·√(σ² + xᵀΣx))`` times the prior fee, and ``data_weight``
(``1 − posterior var / prior var`` of the segment's prediction) says how much the deals count.

Outcome metrics (reach, engagements, conversions) in the deals are summarised per segment as
cost per outcome (median), not used for the fee.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import polars as pl
from pydantic import BaseModel, ConfigDict, Field

REF_FOLLOWERS = 10_000.0  # the slope's reference point (followers); any constant works
OUTCOMES = ("reach", "engagements", "conversions")


class FeeLearnSettings(BaseModel):
    """``[fees.learn]`` in defaults.toml."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prior_sd_log: float = Field(gt=0.0)
    prior_slope_sd: float = Field(gt=0.0)
    noise_sd_log: float = Field(gt=0.0)
    noise_prior_weight: float = Field(ge=0.0)
    interval: float = Field(gt=0.0, lt=1.0)


class DealError(ValueError):
    """A deal row cannot be used; the message names the line and field."""


@dataclass(frozen=True)
class LearnedFee:
    """The learned fair fee for one account and deliverable, with its predictive interval."""

    fair_eur: float
    low_eur: float
    high_eur: float
    prior_fair_eur: float
    sd_log: float  # predictive standard deviation of log(fee)
    data_weight: float  # 0: prior only … 1: deals only
    n_deals: int  # deals in the same segment


@dataclass(frozen=True)
class FeeModel:
    """Posterior of the regression (see the module docstring)."""

    segments: tuple[str, ...]
    mean: np.ndarray
    cov: np.ndarray
    sigma: float
    n_by_segment: dict[str, int]
    settings: FeeLearnSettings
    cost_per_outcome: dict[str, dict[str, float]]

    @property
    def n_deals(self) -> int:
        """Deals the model learned from."""
        return sum(self.n_by_segment.values())

    def _x(self, segment: str, followers: float) -> np.ndarray:
        x = np.zeros(len(self.segments) + 1)
        if segment in self.segments:
            x[self.segments.index(segment)] = 1.0
        x[-1] = math.log(max(followers, 1.0) / REF_FOLLOWERS)
        return x

    def predict(
        self, platform: str, deliverable: str, followers: float, prior_fair_eur: float
    ) -> LearnedFee:
        """The learned fee for an account with ``followers`` and a prior fair fee."""
        seg = segment(platform, deliverable)
        x = self._x(seg, followers)
        m = float(x @ self.mean)
        post = float(x @ self.cov @ x)
        s = self.settings
        prior = (s.prior_sd_log**2 if seg in self.segments else 0.0) + (
            x[-1] ** 2 * s.prior_slope_sd**2
        )
        sd = math.sqrt(self.sigma**2 + post)
        z = NormalDist().inv_cdf(0.5 + s.interval / 2)
        weight = 1.0 - post / prior if prior > 0 else 0.0
        return LearnedFee(
            fair_eur=prior_fair_eur * math.exp(m),
            low_eur=prior_fair_eur * math.exp(m - z * sd),
            high_eur=prior_fair_eur * math.exp(m + z * sd),
            prior_fair_eur=prior_fair_eur,
            sd_log=sd,
            data_weight=min(max(weight, 0.0), 1.0),
            n_deals=self.n_by_segment.get(seg, 0),
        )


def segment(platform: str, deliverable: str) -> str:
    """The intercept's group: ``platform:deliverable``."""
    return f"{platform}:{deliverable}"


def fit(deals: pl.DataFrame, s: FeeLearnSettings) -> FeeModel:
    """Posterior from deals with ``platform``, ``deliverable``, ``followers``, ``prior_fair_eur``
    and ``fee_paid_eur`` (all positive; see :func:`check_deals`)."""
    segs = sorted({segment(p, d) for p, d in deals.select("platform", "deliverable").iter_rows()})
    n = deals.height
    x = np.zeros((n, len(segs) + 1))
    for i, (p, d, f) in enumerate(deals.select("platform", "deliverable", "followers").iter_rows()):
        x[i, segs.index(segment(p, d))] = 1.0
        x[i, -1] = math.log(max(float(f), 1.0) / REF_FOLLOWERS)
    y = np.log(deals["fee_paid_eur"].to_numpy() / deals["prior_fair_eur"].to_numpy())
    prior_prec = np.diag([1 / s.prior_sd_log**2] * len(segs) + [1 / s.prior_slope_sd**2])
    sigma2 = s.noise_sd_log**2
    mean: np.ndarray = np.zeros(len(segs) + 1)
    cov: np.ndarray = np.linalg.inv(prior_prec)
    for _ in range(5):  # σ² at its posterior mean given the coefficients, and back
        prec = x.T @ x / sigma2 + prior_prec
        cov = np.linalg.inv(prec)
        mean = cov @ (x.T @ y) / sigma2
        rss = float(((y - x @ mean) ** 2).sum())
        sigma2 = (s.noise_prior_weight * s.noise_sd_log**2 + rss) / (s.noise_prior_weight + n)
    counts: dict[str, int] = {}
    for p, d in deals.select("platform", "deliverable").iter_rows():
        counts[segment(p, d)] = counts.get(segment(p, d), 0) + 1
    return FeeModel(tuple(segs), mean, cov, math.sqrt(sigma2), counts, s, _costs(deals))


def _costs(deals: pl.DataFrame) -> dict[str, dict[str, float]]:
    """Median EUR per outcome unit per segment, for the outcome columns present."""
    out: dict[str, dict[str, float]] = {}
    for col in OUTCOMES:
        if col not in deals.columns:
            continue
        rows = deals.filter(pl.col(col).is_not_null() & (pl.col(col) > 0)).with_columns(
            (pl.col("fee_paid_eur") / pl.col(col)).alias("_c"),
            (pl.col("platform") + ":" + pl.col("deliverable")).alias("_s"),
        )
        for seg, med in rows.group_by("_s").agg(pl.col("_c").median()).iter_rows():
            out.setdefault(str(seg), {})[col] = float(med)
    return out


def check_deals(raw: pl.DataFrame, source: str, deliverables: tuple[str, ...]) -> pl.DataFrame:
    """Validated deals: ``account`` (handle or id), ``deliverable``, ``fee_eur`` (> 0), ``date``
    (ISO, optional values allowed) and optional outcome columns. Raises :class:`DealError` naming
    the file, line (1 = header), field and reason."""
    missing = [c for c in ("account", "deliverable", "fee_eur") if c not in raw.columns]
    if missing:
        raise DealError(f"{source}: missing column(s) {', '.join(missing)}")
    rows = [
        _deal(row, i + 2, source, deliverables, raw.columns)
        for i, row in enumerate(raw.iter_rows(named=True))
    ]
    if not rows:
        raise DealError(f"{source}: no deals")
    return pl.DataFrame(rows, infer_schema_length=None)


def _deal(
    row: dict[str, object], line: int, source: str, deliverables: tuple[str, ...], cols: list[str]
) -> dict[str, object]:
    """One checked deal row (``line`` counts the header as 1)."""

    def bad(field: str, why: str) -> DealError:
        return DealError(f"{source}, line {line}, field {field}: {why}")

    account = str(row["account"] or "").strip()
    if not account:
        raise bad("account", "empty")
    kind = str(row["deliverable"] or "").strip().lower()
    if kind not in deliverables:
        raise bad("deliverable", f"{kind!r} is not one of {', '.join(deliverables)}")
    fee = _number(row["fee_eur"])
    if fee is None or fee <= 0:
        raise bad("fee_eur", f"{row['fee_eur']!r} is not a positive number")
    date = str(row.get("date") or "").strip()
    if date and not _iso_date(date):
        raise bad("date", f"{date!r} is not a date (YYYY-MM-DD)")
    out: dict[str, object] = {"line": line, "account": account, "deliverable": kind,
                              "fee_paid_eur": fee, "date": date or None}  # fmt: skip
    for col in OUTCOMES:
        if col not in cols:
            continue
        given = row[col] not in (None, "")
        v = _number(row[col]) if given else None
        if given and (v is None or v < 0):
            raise bad(col, f"{row[col]!r} is not a non-negative number")
        out[col] = v
    return out


def _number(value: object) -> float | None:
    if isinstance(value, int | float):
        return float(value) if math.isfinite(float(value)) else None
    text = str(value or "").strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # German decimal comma
    try:
        v = float(text)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def _iso_date(text: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True

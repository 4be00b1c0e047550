"""Analysis of a finished regional test: lift, incremental sales, p-value, CI and iROAS.

GeoLift's figures (``GeoLift()`` in facebookincubator/GeoLift, R/post_test_analysis.R):

* ATT = mean over the test days of (treated average − synthetic control);
* incremental Y = Σ treated outcomes in the window − n_treated · Σ synthetic
  (= n_treated · T · ATT);
* lift = (Σ treated average − Σ synthetic) / |Σ synthetic| over the window (a fraction);
* L2 imbalance = ‖X0ᵀw − x1‖ on the (de-meaned) pre-period, scaled by that of uniform weights.

>>> from resonanz.core.geo.panel import Panel
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> base = 100 + rng.normal(0, 1, (6, 40)).cumsum(axis=1)
>>> base[:2, 30:] += 5.0                                  # the campaign in regions a and b
>>> panel = Panel(tuple("abcdef"), tuple(str(i) for i in range(1, 41)), base)
>>> r = analyze(panel, ["a", "b"], start="31", end="40", permutations=99)
>>> round(r.att), r.n_treated, len(r.periods_post)
(5, 2, 10)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from resonanz.core.geo.inference import confidence_interval, make_test
from resonanz.core.geo.panel import Panel, normalise_region
from resonanz.core.geo.settings import GeoSettings, builtin_geo
from resonanz.core.geo.synth import Model, RidgeOptions, fit_synth


class GeoInputError(ValueError):
    """The analysis request does not fit the panel; ``code`` and ``params`` describe why."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


@dataclass(frozen=True)
class GeoResult:
    """The outcome of :func:`analyze` (the contract behind ``resonanz geo analyze --json``)."""

    treated: tuple[str, ...]
    excluded: tuple[str, ...]
    model: Model
    start: str
    end: str
    att: float
    incremental: float
    lift: float
    p_value: float
    ci_level: float
    att_lower: float
    att_upper: float
    l2_imbalance: float
    scaled_l2_imbalance: float
    weights: dict[str, float]
    permutations: int
    seed: int
    lam: float | None
    bias: float | None
    spend: float | None
    periods: tuple[str, ...]
    treated_series: tuple[float, ...]
    synthetic_series: tuple[float, ...]
    t0: int
    periods_post: tuple[str, ...] = field(default=())

    @property
    def n_treated(self) -> int:
        """Number of treated regions."""
        return len(self.treated)

    @property
    def incremental_ci(self) -> tuple[float, float]:
        """CI on incremental Y: the ATT interval × treated regions × test days."""
        factor = self.n_treated * len(self.periods_post)
        return self.att_lower * factor, self.att_upper * factor

    @property
    def iroas(self) -> float | None:
        """Incremental return on ad spend: incremental Y (in money) per unit of spend."""
        return None if not self.spend else self.incremental / self.spend

    def as_dict(self, series: bool = False) -> dict[str, Any]:
        """JSON-ready figures; ``series`` adds the two time series (for reports)."""
        low, high = self.incremental_ci
        out: dict[str, Any] = {
            "treated": list(self.treated),
            "excluded": list(self.excluded),
            "model": self.model,
            "start": self.start,
            "end": self.end,
            "test_days": len(self.periods_post),
            "att": self.att,
            "incremental": self.incremental,
            "lift": self.lift,
            "p_value": self.p_value,
            "ci": {"level": self.ci_level, "lower": low, "upper": high},
            "att_ci": {"level": self.ci_level, "lower": self.att_lower, "upper": self.att_upper},
            "l2_imbalance": self.l2_imbalance,
            "scaled_l2_imbalance": self.scaled_l2_imbalance,
            "weights": self.weights,
            "permutations": self.permutations,
            "seed": self.seed,
            "ridge_lambda": self.lam,
            "estimated_bias": self.bias,
            "spend": self.spend,
            "iroas": self.iroas,
            "iroas_ci": None
            if not self.spend
            else {"level": self.ci_level, "lower": low / self.spend, "upper": high / self.spend},
        }
        if series:
            out["series"] = {
                "periods": list(self.periods),
                "treated": list(self.treated_series),
                "synthetic": list(self.synthetic_series),
            }
        return out


def _resolve(panel: Panel, names: list[str], code: str) -> list[str]:
    wanted = [normalise_region(n) for n in names if n.strip()]
    unknown = [n for n in wanted if n not in panel.locations]
    if unknown:
        raise GeoInputError(code, regions=", ".join(unknown))
    return list(dict.fromkeys(wanted))


def _window(panel: Panel, start: str, end: str) -> tuple[int, int]:
    first, last = panel.index_of_period(start), panel.index_of_period(end)
    if first is None:
        raise GeoInputError("geo_bad_start", value=start)
    if last is None:
        raise GeoInputError("geo_bad_end", value=end)
    if last < first:
        raise GeoInputError("geo_end_before_start", start=start, end=end)
    if first < 2:
        raise GeoInputError("geo_short_pre", start=start)
    return first, last


def analyze(
    panel: Panel,
    treated: list[str],
    start: str,
    end: str,
    *,
    exclude: list[str] | None = None,
    model: Model | None = None,
    spend: float | None = None,
    permutations: int | None = None,
    seed: int | None = None,
    settings: GeoSettings | None = None,
) -> GeoResult:
    """Analyse a regional test: ``treated`` regions, test window ``start..end`` (inclusive).

    Periods after ``end`` are ignored; ``exclude`` removes regions from the donor pool.
    """
    cfg = settings or builtin_geo()
    model = model or cfg.model
    n_perm = permutations or cfg.permutations
    seed = cfg.seed if seed is None else seed
    treated_names = _resolve(panel, treated, "geo_unknown_treated")
    if not treated_names:
        raise GeoInputError("geo_no_treated")
    excluded = [n for n in _resolve(panel, exclude or [], "geo_unknown_excluded")]
    clash = sorted(set(excluded) & set(treated_names))
    if clash:
        raise GeoInputError("geo_treated_excluded", regions=", ".join(clash))
    first, last = _window(panel, start, end)
    kept = panel.select([loc for loc in panel.locations if loc not in set(excluded)])
    if len(kept.locations) - len(treated_names) < 1:
        raise GeoInputError("geo_no_donors")
    values = kept.values[:, : last + 1]
    mask = np.array([loc in set(treated_names) for loc in kept.locations])
    ridge = RidgeOptions(
        cfg.ridge_lambda, cfg.ridge_lambda_min_ratio, cfg.ridge_lambda_steps, cfg.ridge_min_1se
    )
    fit = fit_synth(values, mask, first, model=model, fixed_effects=cfg.fixed_effects, ridge=ridge)
    post_treated, post_synth = fit.treated[first:], fit.synthetic[first:]
    att = float(np.mean(post_treated - post_synth))
    incremental = float(values[mask, first:].sum() - mask.sum() * post_synth.sum())
    lift = float((post_treated.sum() - post_synth.sum()) / abs(post_synth.sum()))
    fixed = RidgeOptions(fit.lam) if model == "ridge" else None
    test = make_test(
        values, mask, first, model=model, fixed_effects=cfg.fixed_effects, ridge=fixed,
        n_perm=n_perm, seed=seed,
    )  # fmt: skip
    p_value = test.p_value(0.0)
    lower, upper = confidence_interval(test, att, cfg.ci_level, cfg.ci_tolerance)
    donors = [loc for loc, m in zip(kept.locations, mask, strict=True) if not m]
    weights = {
        d: round(float(w), 6)
        for d, w in zip(donors, fit.weights, strict=True)
        if abs(w) >= cfg.weight_display_min
    }
    return GeoResult(
        treated=tuple(treated_names),
        excluded=tuple(excluded),
        model=model,
        start=kept.periods[first],
        end=kept.periods[last],
        att=att,
        incremental=incremental,
        lift=lift,
        p_value=p_value,
        ci_level=cfg.ci_level,
        att_lower=lower,
        att_upper=upper,
        l2_imbalance=fit.l2_imbalance,
        scaled_l2_imbalance=fit.scaled_l2_imbalance,
        weights=weights,
        permutations=n_perm,
        seed=seed,
        lam=fit.lam,
        bias=None if fit.bias is None else float(np.mean(fit.bias)),
        spend=spend,
        periods=kept.periods[: last + 1],
        treated_series=tuple(float(v) for v in fit.treated),
        synthetic_series=tuple(float(v) for v in fit.synthetic),
        t0=first,
        periods_post=kept.periods[first : last + 1],
    )

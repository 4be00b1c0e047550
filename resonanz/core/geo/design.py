"""Design of a regional test: which regions to treat, and which effect the test can detect.

For each candidate set of test regions, simulated tests are run on the history (GeoLift's
``GeoLiftPower``/``GeoLiftMarketSelection`` idea, kept small): for each of the last
``placebo_windows`` possible windows of ``test_days`` days, a lift ``e`` is injected into the
candidate regions (their sales × (1 + e)), the synthetic control is fitted on the days before the
window, and the conformal p-value of "no effect" is computed exactly as in the analysis. The
**power** of ``e`` is the share of windows where the test rejects at ``alpha``; the **minimum
detectable effect** (MDE) is the smallest lift in the grid with power ≥ ``power_target``.
The same windows without a lift give the **false-positive rate** (should stay ≤ ``alpha``) and the
placebo lift (the estimate's typical error); a design that cries wolf ranks last.

With a cost per incremental unit (``cpic``: euros of spend per extra unit of Y), the spend the
MDE needs is ``MDE × baseline × cpic`` (baseline: the candidates' sales in the last
``test_days`` days); a budget marks which designs are affordable.

Candidates per number of regions: the regions that track the market best (highest correlation of
their de-meaned daily sales with the total's), then seeded random sets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from resonanz.core.geo.inference import make_test
from resonanz.core.geo.panel import Panel, normalise_region
from resonanz.core.geo.settings import GeoDesignSettings, GeoSettings, builtin_geo
from resonanz.core.geo.synth import Array, GeoFitError, fit_synth


@dataclass(frozen=True)
class DesignOption:
    """One candidate set of test regions with its power curve and minimum detectable effect."""

    treated: tuple[str, ...]
    mde: float | None  # smallest lift (fraction) with power >= target; None: none in the grid
    power: dict[float, float]  # lift -> share of placebo tests that detected it
    baseline: float  # the treated regions' sales over the last test_days days
    market_share: float  # baseline / all regions' sales over the same days
    scaled_l2_imbalance: float  # mean over the placebo fits
    false_positive_rate: float  # placebo tests without lift that rejected "no effect"
    placebo_lift: float  # mean |estimated lift| of the placebo tests without lift
    reliable: bool  # false_positive_rate <= alpha: the test does not cry wolf
    investment: float | None = None  # spend the MDE needs (with a cost per incremental unit)
    affordable: bool | None = None  # investment <= budget (with a budget)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "treated": list(self.treated),
            "mde": self.mde,
            "power": {f"{k:g}": v for k, v in self.power.items()},
            "baseline": self.baseline,
            "market_share": self.market_share,
            "scaled_l2_imbalance": self.scaled_l2_imbalance,
            "false_positive_rate": self.false_positive_rate,
            "placebo_lift": self.placebo_lift,
            "reliable": self.reliable,
            "investment": self.investment,
            "affordable": self.affordable,
        }


@dataclass(frozen=True)
class DesignRequest:
    """What the design is for: window length, optional money and region constraints."""

    test_days: int
    budget: float | None = None
    cpic: float | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    treated_counts: tuple[int, ...] | None = None
    seed: int = 0


def _representative(values: Array) -> NDArray[np.intp]:
    demeaned = values - values.mean(axis=1, keepdims=True)
    total = demeaned.sum(axis=0)
    norms = np.linalg.norm(demeaned, axis=1) * (np.linalg.norm(total) or 1.0)
    corr = demeaned @ total / np.where(norms > 0, norms, 1.0)
    return np.argsort(-corr, kind="stable")


def candidate_sets(
    panel: Panel, counts: tuple[int, ...], per_count: int, include: list[int], seed: int
) -> list[tuple[int, ...]]:
    """Candidate index sets: the most representative regions first, then seeded random ones."""
    rng = np.random.default_rng(seed)
    n = len(panel.locations)
    ranked = [int(i) for i in _representative(panel.values) if int(i) not in include]
    out: list[tuple[int, ...]] = []
    for count in counts:
        free = count - len(include)
        if free < 0 or count >= n - 1:
            continue
        seen: set[tuple[int, ...]] = set()
        group = tuple(sorted(include + ranked[:free]))
        for _ in range(per_count * 20):
            if group not in seen:
                seen.add(group)
                out.append(group)
            if len(seen) >= per_count:
                break
            picks = rng.choice(ranked, size=free, replace=False).tolist() if free else []
            group = tuple(sorted(include + [int(p) for p in picks]))
    return out


def _detects(
    values: Array, mask: NDArray[np.bool_], end: int, days: int, lift: float,
    cfg: GeoSettings, seed: int,
) -> tuple[bool, float, float]:  # fmt: skip
    """One simulated test: rejected?, scaled L2 imbalance, estimated lift."""
    window = values[:, : end + 1].copy()
    start = end + 1 - days
    window[mask, start:] *= 1.0 + lift
    fit = fit_synth(window, mask, start, fixed_effects=cfg.fixed_effects)
    synthetic = fit.synthetic[start:].sum()
    estimate = float((fit.treated[start:].sum() - synthetic) / abs(synthetic or 1.0))
    test = make_test(
        window, mask, start, model="none", fixed_effects=cfg.fixed_effects, ridge=None,
        n_perm=cfg.design.permutations, seed=seed,
    )  # fmt: skip
    return test.p_value(0.0) < cfg.design.alpha, fit.scaled_l2_imbalance, estimate


@dataclass(frozen=True)
class PowerCurve:
    """Simulated tests of one candidate: power per lift, MDE, false alarms and fit."""

    power: dict[float, float]
    mde: float | None
    false_positive_rate: float  # share of placebo tests (no lift) that "detected" an effect
    placebo_lift: float  # mean |estimated lift| without an injected lift
    scaled_l2_imbalance: float


def power_curve(
    values: Array, mask: NDArray[np.bool_], days: int, cfg: GeoSettings, seed: int
) -> PowerCurve:
    """Power per lift (stopping at the first that reaches the target) and the placebo checks."""
    d: GeoDesignSettings = cfg.design
    total = values.shape[1]
    ends = [total - 1 - w for w in range(d.placebo_windows) if total - 1 - w - days >= 2 * days]
    if not ends:
        raise GeoFitError("history too short for placebo tests of this length")
    zero = [_detects(values, mask, end, days, 0.0, cfg, seed) for end in ends]
    fpr = sum(z[0] for z in zero) / len(ends)
    placebo = float(np.mean([abs(z[2]) for z in zero]))
    imbalance = float(np.mean([z[1] for z in zero]))
    power: dict[float, float] = {}
    mde = None
    for lift in d.effects:
        hits = sum(_detects(values, mask, end, days, lift, cfg, seed)[0] for end in ends)
        power[lift] = hits / len(ends)
        if power[lift] >= d.power_target:
            mde = lift
            break
    return PowerCurve(power, mde, fpr, placebo, imbalance)


def design(
    panel: Panel, request: DesignRequest, settings: GeoSettings | None = None
) -> list[DesignOption]:
    """Ranked test designs: affordable first, then by MDE, then by pre-period fit."""
    cfg = settings or builtin_geo()
    excluded = {normalise_region(x) for x in request.exclude}
    kept = panel.select([loc for loc in panel.locations if loc not in excluded])
    include = [kept.locations.index(normalise_region(x)) for x in request.include]
    counts = request.treated_counts or cfg.design.treated_counts
    groups = candidate_sets(kept, counts, cfg.design.candidates_per_count, include, request.seed)
    recent = kept.values[:, -request.test_days :].sum(axis=1)
    options: list[DesignOption] = []
    for group in groups:
        mask = np.zeros(len(kept.locations), dtype=bool)
        mask[list(group)] = True
        curve = power_curve(kept.values, mask, request.test_days, cfg, request.seed)
        mde = curve.mde
        baseline = float(recent[mask].sum())
        investment = None if mde is None or request.cpic is None else mde * baseline * request.cpic
        affordable = (
            None
            if request.budget is None or request.cpic is None
            else investment is not None and investment <= request.budget
        )
        options.append(
            DesignOption(
                treated=tuple(kept.locations[i] for i in group),
                mde=mde,
                power=curve.power,
                baseline=baseline,
                market_share=baseline / float(recent.sum()),
                scaled_l2_imbalance=curve.scaled_l2_imbalance,
                false_positive_rate=curve.false_positive_rate,
                placebo_lift=curve.placebo_lift,
                reliable=curve.false_positive_rate <= cfg.design.alpha,
                investment=investment,
                affordable=affordable,
            )
        )
    options.sort(key=lambda o: (not o.reliable, o.affordable is False, o.mde is None,
                                o.mde or 0.0, o.placebo_lift))  # fmt: skip
    return options

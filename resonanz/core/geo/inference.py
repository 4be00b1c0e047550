"""Conformal inference for the synthetic control (Chernozhukov, Wüthrich & Zhu 2021; augsynth).

To test "the effect is ``h`` on every test day", the treated regions' test-window outcomes are
lowered by ``h`` and the synthetic control is refitted with **all** periods as pre-period. Under
the null hypothesis the resulting residuals ``u_1..u_T`` are exchangeable over time, so the
statistic ``S(u) = Σ_{test days} |u_t|`` (GeoLift's two-sided "Total" test) of the observed order
is compared with ``S`` of random permutations of the residuals:

    p(h) = (1 + #{π : S(u_π) ≥ S(u)}) / (1 + n_perm)

(augsynth reports ``#{…}/n_perm``; the ``+1`` makes the test exact rather than slightly liberal).

The confidence interval on the average effect inverts the same test with the statistic
``|Σ_{test days} u_t|``: it is the set of ``h`` with ``p(h) > α``, found by bisection from the
estimate outwards. (``Σ|u_t|`` would reject *every* constant ``h`` when the true effect varies
from day to day — as in GeoLift's example — leaving an empty interval; the sum targets the
average effect, which is what incremental sales are made of.) The same permutations serve every
``h``, so the bounds are reproducible for a seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from resonanz.core.geo.synth import Array, Model, RidgeOptions, fit_synth

_MAX_EXPANSIONS = 40
Statistic = Literal["total", "mean"]


@dataclass(frozen=True)
class ConformalTest:
    """A conformal test of a constant effect over the test window, with fixed permutations."""

    outcomes: Array
    treated: NDArray[np.bool_]
    t0: int
    model: Model
    fixed_effects: bool
    ridge: RidgeOptions | None
    permutations: NDArray[np.intp]  # (n_perm, T_post): the positions that land in the window

    def residuals(self, effect: float) -> Array:
        """Residuals of the all-period refit after removing ``effect`` from the test window."""
        adjusted = self.outcomes.copy()
        adjusted[np.ix_(self.treated, np.arange(self.t0, adjusted.shape[1]))] -= effect
        fit = fit_synth(
            adjusted,
            self.treated,
            adjusted.shape[1],
            model=self.model,
            fixed_effects=self.fixed_effects,
            ridge=self.ridge,
        )
        return fit.att

    def p_value(self, effect: float, statistic: Statistic = "total") -> float:
        """Permutation p-value of the null "the effect is ``effect`` on every test day".

        ``total``: ``Σ|u_t|`` over the window (GeoLift's two-sided test, sensitive to any
        deviation); ``mean``: ``|Σ u_t|`` (sensitive to the average, used for the interval).
        """
        resid = self.residuals(effect)
        if statistic == "total":
            resid = np.abs(resid)
        observed = abs(resid[self.t0 :].sum())
        permuted = np.abs(resid[self.permutations].sum(axis=1))
        # a relative tolerance keeps ties (e.g. the identity permutation) counted as ties
        exceed = int(np.count_nonzero(permuted >= observed * (1.0 - 1e-12)))
        return (1.0 + exceed) / (1.0 + float(self.permutations.shape[0]))

    def block_p_value(self, effect: float) -> float:
        """p-value of the same null with ``|Σ u_t|`` over all T cyclic shifts of the residuals.

        Moving-block permutations keep neighbouring days together, so serially correlated
        residuals (real sales are) do not make the test too liberal; the identity is one of the
        T shifts, so the smallest p-value is 1/T.
        """
        resid = self.residuals(effect)
        total, window = resid.size, resid.size - self.t0
        shifts = (np.arange(total)[:, None] + np.arange(window)[None, :]) % total
        sums = np.abs(resid[shifts].sum(axis=1))
        observed = abs(resid[self.t0 :].sum())
        return int(np.count_nonzero(sums >= observed * (1.0 - 1e-12))) / total

    def batch_p_value(self, effect: float) -> float:
        """p-value of the null from the window's mean residual against K earlier batch means.

        The pre-period residuals are cut into ``K = ⌊T0 / L⌋`` consecutive batches of the
        window's length ``L`` (the latest ones); under the null the window's mean residual is one
        more draw from their distribution, so ``(ū_window − mean) / (sd · √(1 + 1/K))`` follows
        Student's t with K − 1 degrees of freedom (a prediction interval; batch means as in
        Ibragimov & Müller 2010). Batches keep serially correlated days together, and the t
        quantile pays for estimating the spread from few batches.
        """
        resid = self.residuals(effect)
        window = resid.size - self.t0
        k = self.t0 // window
        batches = resid[self.t0 - k * window : self.t0].reshape(k, window).mean(axis=1)
        spread = float(np.std(batches, ddof=1)) * np.sqrt(1.0 + 1.0 / k)
        if spread <= 0:
            return 1.0 if resid[self.t0 :].mean() == batches.mean() else 0.0
        t = (resid[self.t0 :].mean() - batches.mean()) / spread
        # scipy.stats costs ~0.5 s to import: loaded here, not on every CLI start.
        from scipy.stats import t as student_t  # type: ignore[import-untyped]

        return float(2.0 * student_t.sf(abs(t), k - 1))


def make_test(
    outcomes: Array,
    treated: NDArray[np.bool_],
    t0: int,
    *,
    model: Model,
    fixed_effects: bool,
    ridge: RidgeOptions | None,
    n_perm: int,
    seed: int,
) -> ConformalTest:
    """A :class:`ConformalTest` with ``n_perm`` seeded iid permutations of the T periods."""
    total = outcomes.shape[1]
    rng = np.random.default_rng(seed)
    order = rng.permuted(np.tile(np.arange(total), (n_perm, 1)), axis=1)
    return ConformalTest(outcomes, treated, t0, model, fixed_effects, ridge, order[:, t0:])


def _bound(
    p: Callable[[float], float], estimate: float, step: float, alpha: float, tol: float, sign: int
) -> float:
    """Outer end of ``{h : p(h) > alpha}`` on one side of ``estimate`` (bisection)."""
    inside, outside = estimate, estimate + sign * step
    for _ in range(_MAX_EXPANSIONS):
        if p(outside) <= alpha:
            break
        inside, step = outside, step * 2.0
        outside = estimate + sign * step
    else:
        return float(sign * np.inf)
    while abs(outside - inside) > tol:
        middle = 0.5 * (inside + outside)
        if p(middle) > alpha:
            inside = middle
        else:
            outside = middle
    return float(inside)


def confidence_interval(
    test: ConformalTest, estimate: float, level: float, rel_tol: float
) -> tuple[float, float]:
    """The ``level`` confidence interval on the average effect per treated region and day."""
    alpha = 1.0 - level
    pre = test.residuals(estimate)[: test.t0]
    scale = float(np.std(pre)) or max(abs(estimate), 1.0)
    window = test.outcomes.shape[1] - test.t0
    step = scale / np.sqrt(window)
    tol = rel_tol * scale

    window = test.outcomes.shape[1] - test.t0
    p = test.batch_p_value if test.t0 // window >= 3 else test.block_p_value
    lower = _bound(p, estimate, step, alpha, tol, -1)
    upper = _bound(p, estimate, step, alpha, tol, +1)
    return lower, upper

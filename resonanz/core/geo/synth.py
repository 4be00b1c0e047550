"""The (augmented) synthetic control fit, as augsynth's ``single_augsynth`` does it for GeoLift.

Notation (rows are regions, columns days): ``X`` the pre-period outcomes, ``Y`` all outcomes.
With unit fixed effects each region's pre-period mean is removed first; the treated regions are
averaged into one unit ``x1``; the donor weights ``w`` solve

    min_w ‖X0ᵀ w − x1‖²   subject to   w ≥ 0,  Σ w = 1

(the simplex-constrained least squares of ``augsynth:::synth_qp``). Ridge augmentation adds
``(x1 − X0ᵀw) (XcᵀXc + λI)⁻¹ Xcᵀ`` to the weights (``Xc``: donors centred per day), with ``λ``
chosen by leave-one-period-out cross-validation and the min-1SE rule (``augsynth:::cv_lambda``).

The counterfactual of the treated average on day ``t`` is ``m1 + Σ_j w_j (Y_jt − m_j)``, with
``m_j`` the pre-period means (zero without fixed effects) and ``m1`` the treated units' mean of
theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Model = Literal["none", "ridge"]

_PENALTY = 1e3
"""Weight of the sum-to-one row in the NNLS start (data scaled to unit RMS first)."""
_KKT_TOL = 1e-9


class GeoFitError(ValueError):
    """The panel cannot be fitted (too few periods or donors, non-finite values)."""


@dataclass(frozen=True)
class SynthFit:
    """One fitted synthetic control: weights over the donors and the counterfactual per period."""

    weights: Array  # (n_donors,) sums to 1; non-negative without ridge
    synthetic: Array  # (T,) counterfactual of the treated average
    treated: Array  # (T,) observed treated average
    l2_imbalance: float
    scaled_l2_imbalance: float
    lam: float | None = None  # ridge penalty, None without ridge
    bias: Array | None = None  # (T_post,) ridge bias correction per post period

    @property
    def att(self) -> Array:
        """Treated average minus counterfactual, per period."""
        return self.treated - self.synthetic


def _kkt_polish(a: Array, b: Array, support: NDArray[np.bool_]) -> Array | None:
    """Exact equality-constrained LS on ``support``; None if a weight turns negative."""
    idx = np.flatnonzero(support)
    k = idx.size
    sub = a[:, idx]
    kkt = np.zeros((k + 1, k + 1))
    kkt[:k, :k] = sub.T @ sub
    kkt[:k, k] = 1.0
    kkt[k, :k] = 1.0
    rhs = np.concatenate([sub.T @ b, [1.0]])
    try:
        sol = np.linalg.solve(kkt, rhs)
    except np.linalg.LinAlgError:
        sol = np.linalg.lstsq(kkt, rhs, rcond=None)[0]
    if np.any(sol[:k] < 0):
        return None
    w = np.zeros(a.shape[1])
    w[idx] = sol[:k]
    return w


def _kkt_violation(a: Array, b: Array, w: Array) -> tuple[float, int]:
    """Largest violation of the KKT conditions and the donor that violates them most."""
    grad = a.T @ (a @ w - b)
    support = w > 0
    nu = -float(np.mean(grad[support]))
    reduced = grad + nu  # = 0 on the support, >= 0 off it at the optimum
    scale = max(float(np.abs(grad).max()), 1.0)
    off = np.where(support, 0.0, -reduced)
    on = np.where(support, np.abs(reduced), 0.0)
    worst = int(np.argmax(np.maximum(off, on)))
    return float(max(off.max(), on.max())) / scale, worst


def simplex_lstsq(a: Array, b: Array) -> Array:
    """``argmin ‖a w − b‖²`` over the simplex (``w ≥ 0``, ``Σw = 1``).

    Start: Lawson–Hanson NNLS (``scipy.optimize.nnls``) with a heavily weighted sum-to-one row on
    data scaled to unit RMS; then the exact KKT solution on the active set, grown by the most
    violating donor until the optimality conditions hold. SLSQP is the fallback.

    >>> w = simplex_lstsq(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0.3, 0.7]))
    >>> np.round(w, 6).tolist()
    [0.3, 0.7]
    """
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise GeoFitError("non-finite values in the fit")
    n = a.shape[1]
    if n == 1:
        return np.ones(1)
    scale = float(np.sqrt(np.mean(a**2))) or 1.0
    a_s, b_s = a / scale, b / scale
    aug_a = np.vstack([a_s, np.full((1, n), _PENALTY)])
    aug_b = np.concatenate([b_s, [_PENALTY]])
    # SciPy's optimisers cost ~0.4 s to import: loaded here, not on every CLI start
    from scipy.optimize import nnls  # type: ignore[import-untyped]

    start, _ = nnls(aug_a, aug_b, maxiter=50 * n)
    support = start > 1e-12
    for _ in range(2 * n):
        w = _kkt_polish(a_s, b_s, support) if support.any() else None
        if w is None:
            break
        violation, worst = _kkt_violation(a_s, b_s, w)
        if violation <= _KKT_TOL:
            return w
        if support[worst]:
            break
        support = support.copy()
        support[worst] = True
    return _slsqp(a_s, b_s, start)


def _slsqp(a: Array, b: Array, start: Array) -> Array:
    n = a.shape[1]
    x0 = np.clip(start, 0.0, None)
    x0 = x0 / x0.sum() if x0.sum() > 0 else np.full(n, 1.0 / n)
    from scipy.optimize import minimize

    res = minimize(
        lambda w: float(np.sum((a @ w - b) ** 2)),
        x0,
        jac=lambda w: 2.0 * a.T @ (a @ w - b),
        method="SLSQP",
        bounds=[(0.0, 1.0)] * n,
        constraints=[{"type": "eq", "fun": lambda w: np.sum(w) - 1.0}],
        options={"ftol": 1e-14, "maxiter": 1000},
    )
    w: Array = np.clip(np.asarray(res.x, dtype=np.float64), 0.0, None)
    return w / float(w.sum())


def _imbalance(x0: Array, x1: Array, w: Array) -> tuple[float, float]:
    l2 = float(np.linalg.norm(x0.T @ w - x1))
    uniform = float(np.linalg.norm(x0.mean(axis=0) - x1))
    return l2, (l2 / uniform if uniform > 0 else 0.0)


def lambda_grid(xc: Array, min_ratio: float, steps: int) -> Array:
    """augsynth's grid: ``λ_max · (min_ratio^(1/steps))^k``, k = 0..steps; λ_max = σ₁(Xc)²."""
    lam_max = float(np.linalg.svd(xc, compute_uv=False)[0] ** 2)
    grid: Array = lam_max * (min_ratio ** (1.0 / steps)) ** np.arange(steps + 1, dtype=np.float64)
    return grid


def _ridge_solve(xc: Array, resid: Array, lams: Array) -> Array:
    """Ridge weight corrections ``resid (XcᵀXc + λI)⁻¹ Xcᵀ`` for every λ (rows)."""
    u, s, vt = np.linalg.svd(xc, full_matrices=False)  # xc = u s vt (donors × days)
    proj = resid @ vt.T  # (k,)
    factors = s[None, :] / (s[None, :] ** 2 + lams[:, None])  # (L, k)
    out: Array = (factors * proj[None, :]) @ u.T  # (L, donors)
    return out


def cv_lambda(xc: Array, x1c: Array, lams: Array, min_1se: bool) -> float:
    """Leave-one-period-out CV over ``lams`` (augsynth: the last period is never held out)."""
    t0 = xc.shape[1]
    errors = np.empty((t0 - 1, lams.size))
    for i in range(t0 - 1):
        keep = np.arange(t0) != i
        x0, x1 = xc[:, keep], x1c[keep]
        syn = simplex_lstsq(x0.T, x1)
        ridge = _ridge_solve(x0, x1 - x0.T @ syn, lams)  # (L, donors)
        pred = xc[:, i] @ (syn[:, None] + ridge.T)  # (L,)
        errors[i] = (x1c[i] - pred) ** 2
    mean = errors.mean(axis=0)
    se = errors.std(axis=0, ddof=1) / np.sqrt(errors.shape[0])
    best = int(np.argmin(mean))
    if not min_1se:
        return float(lams[best])
    return float(lams[mean <= mean[best] + se[best]].max())


@dataclass(frozen=True)
class RidgeOptions:
    """Ridge augmentation: a fixed ``lam`` or the CV grid."""

    lam: float | None = None
    min_ratio: float = 1e-8
    steps: int = 20
    min_1se: bool = True


def fit_synth(
    outcomes: Array,
    treated: NDArray[np.bool_],
    t0: int,
    *,
    model: Model = "none",
    fixed_effects: bool = True,
    ridge: RidgeOptions | None = None,
) -> SynthFit:
    """Fit the synthetic control on the first ``t0`` periods of ``outcomes`` (regions × periods)."""
    n_treated, n_donors = int(treated.sum()), int((~treated).sum())
    if n_treated < 1 or n_donors < 1:
        raise GeoFitError("need at least one treated and one control region")
    if t0 < 2:
        raise GeoFitError("need at least two pre-period days")
    pre = outcomes[:, :t0]
    means = pre.mean(axis=1) if fixed_effects else np.zeros(outcomes.shape[0])
    demeaned = outcomes - means[:, None]
    x0 = demeaned[~treated, :t0]
    x1 = demeaned[treated, :t0].mean(axis=0)
    syn = simplex_lstsq(x0.T, x1)
    weights, lam, bias = syn, None, None
    if model == "ridge":
        opts = ridge or RidgeOptions()
        centre = x0.mean(axis=0)
        xc, x1c = x0 - centre, x1 - centre
        lam = opts.lam
        if lam is None:
            lam = cv_lambda(xc, x1c, lambda_grid(xc, opts.min_ratio, opts.steps), opts.min_1se)
        correction = _ridge_solve(xc, x1c - xc.T @ syn, np.array([lam]))[0]
        weights = syn + correction
        bias = correction @ demeaned[~treated, t0:]
    l2, scaled = _imbalance(x0, x1, weights)
    synthetic = means[treated].mean() + weights @ demeaned[~treated]
    return SynthFit(
        weights=weights,
        synthetic=synthetic,
        treated=outcomes[treated].mean(axis=0),
        l2_imbalance=l2,
        scaled_l2_imbalance=scaled,
        lam=lam,
        bias=bias,
    )

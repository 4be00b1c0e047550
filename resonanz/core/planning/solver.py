"""The planner's MIP, built with numpy and solved by HiGHS through ``highspy`` from a start.

Why highspy and not :func:`scipy.optimize.milp` (the same HiGHS): only highspy takes a starting
solution (``setSolution``). The planner passes the greedy plan, so HiGHS begins with a feasible
incumbent, prunes against it from the first node, and a plan is never worse than greedy.

The model is kept as small as the brief allows (docs/planning.md, "Speed"):

* one integer column ``n_i`` per option whose upper bound ``min(limit, ⌊cap / fee⌋,
  ⌊budget / fee⌋)`` is positive; options that cannot be bought at all get no column;
* creator binaries ``y_c`` only when the brief counts creators (``min_creators > 0`` or
  ``max_creators``); a must-have is then ``y_c = 1``, otherwise the row ``Σ_{i∈c} n_i ≥ 1``;
* a per-creator cap row only for creators whose options could together exceed the cap;
* per audience cluster the tangents of ``R·(1 − e^(−S/R))`` that can bind for the largest
  value ``S_max`` the cluster can reach (a tangent whose binding interval starts above
  ``S_max`` changes nothing), and ``v_k ≤ R`` as a column bound;
* presolve off: on these knapsack-like models it spends most of the time and removes nothing
  (../shared/ENVIRONMENT.md, measured again in benchmarks/planner.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np
from highspy._core import _Highs
from scipy.sparse import coo_array, csc_array  # type: ignore[import-untyped]

EPS = 1e-6
INF = highspy.kHighsInf


@dataclass(frozen=True)
class Problem:
    """Options, creators and clusters as arrays (the planner's ``_Model`` without the frame)."""

    fee: np.ndarray
    value: np.ndarray
    limit: np.ndarray
    creator_idx: np.ndarray
    n_creators: int
    cluster_idx: np.ndarray  # -1: no cluster
    cluster_size: np.ndarray
    micro: np.ndarray
    platform_idx: np.ndarray  # option -> index into platforms
    platforms: tuple[str, ...]


@dataclass(frozen=True)
class Limits:
    """The brief's numbers the model needs."""

    budget: float
    max_per_creator: float | None
    min_creators: int
    max_creators: int | None
    micro_share: tuple[float, float] | None
    platform_mix: dict[str, float]
    mandatory: frozenset[int]


@dataclass(frozen=True)
class Solution:
    """Units per option (None: nothing found), the solver's bound, and what HiGHS said."""

    counts: np.ndarray | None
    bound: float
    optimal: bool
    infeasible: bool
    columns: int
    rows: int


def tangent_lines(tangents: Sequence[float]) -> list[tuple[float, float, float]]:
    """``(t, slope, intercept/R)`` of each tangent of ``1 − e^(−s)`` (t = 0 is ``v ≤ S``)."""
    return [(t, math.exp(-t), 1 - math.exp(-t) - math.exp(-t) * t) for t in tangents]


def binding_starts(tangents: Sequence[float]) -> np.ndarray:
    """Per tangent, the ``s = S/R`` from which it can be the minimum (0 for ``v ≤ S``).

    Tangent ``j`` binds on ``[x_{j−1,j}, x_{j,j+1}]`` between its intersections with its
    neighbours (the curve is concave and the tangent points increase, so these starts increase);
    a tangent whose interval starts at or above a cluster's largest reachable ``S/R`` never binds
    there and is left out of the model.
    """
    lines = tangent_lines(tangents)
    out = [0.0]
    for j in range(1, len(lines)):
        (_, sa, ia), (_, sb, ib) = lines[j - 1], lines[j]
        out.append((ib - ia) / (sa - sb))  # where tangent j drops below tangent j−1
    return np.array(out)


def credited_many(total: np.ndarray, size: np.ndarray, tangents: Sequence[float]) -> np.ndarray:
    """Credited value per cluster (vectorised ``optimize.credited``)."""
    out: np.ndarray = np.minimum(total, size)
    for _, slope, icpt in tangent_lines(tangents):
        out = np.minimum(out, size * icpt + slope * total)
    return out


def credited_slope(total: np.ndarray, size: np.ndarray, tangents: Sequence[float]) -> np.ndarray:
    """Slope of the credited value at ``total`` (the binding line's; 0 once ``R`` binds)."""
    lines = tangent_lines(tangents)
    values = np.stack([size * icpt + slope * total for _, slope, icpt in lines] + [size])
    slopes = np.array([slope for _, slope, _ in lines] + [0.0])
    out: np.ndarray = slopes[np.argmin(values, axis=0)]
    return out


class _Rows:
    """Sparse rows ``lb ≤ A x ≤ ub`` appended in blocks of numpy arrays."""

    def __init__(self) -> None:
        self.r: list[np.ndarray] = []
        self.c: list[np.ndarray] = []
        self.v: list[np.ndarray] = []
        self.lb: list[np.ndarray] = []
        self.ub: list[np.ndarray] = []
        self.count = 0

    def block(
        self, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, lb: np.ndarray, ub: np.ndarray
    ) -> None:
        """Rows numbered ``0 … len(lb)−1`` within the block."""
        self.r.append(np.asarray(rows, dtype=np.int64) + self.count)
        self.c.append(np.asarray(cols, dtype=np.int64))
        self.v.append(np.asarray(vals, dtype=float))
        self.lb.append(np.asarray(lb, dtype=float))
        self.ub.append(np.asarray(ub, dtype=float))
        self.count += len(lb)

    def one(self, cols: np.ndarray, vals: np.ndarray, lb: float, ub: float) -> None:
        self.block(np.zeros(len(cols)), cols, vals, np.array([lb]), np.array([ub]))


def _cols_by_group(group: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Option indices sorted by group and the start offset of each group."""
    order = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[order], np.arange(n_groups + 1))
    return order, starts


@dataclass(frozen=True)
class Relaxation:
    """The LP relaxation: fractional units per option and its optimum (a bound on the MIP)."""

    units: np.ndarray | None
    bound: float
    infeasible: bool
    reduced_cost: np.ndarray | None  # per column, for a subset's relaxation


@dataclass
class Model:
    """The built MIP (see the module docstring) as arrays; :meth:`relax` and :meth:`solve` run
    HiGHS on all columns or on a subset (a restricted model with only the rows it touches)."""

    p: Problem
    a: csc_array  # rows × columns
    cost: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    integer: np.ndarray  # bool per column
    live: np.ndarray  # option index of each unit column
    nc: int
    nk: int
    tangents: tuple[float, ...]
    first_tangent_row: np.ndarray  # per cluster: its row v_k ≤ S_k (−1: none)
    cap: float | None = None  # max_per_creator_eur

    @property
    def size(self) -> tuple[int, int]:
        """Columns and rows."""
        return int(self.a.shape[1]), int(self.a.shape[0])

    @property
    def n_units(self) -> int:
        """Number of unit columns (options that can be bought at all)."""
        return int(self.live.shape[0])

    def columns_for(self, options: np.ndarray) -> np.ndarray:
        """Column mask: the unit columns of ``options`` (bool per option) and every creator
        and cluster column they touch."""
        nl = self.n_units
        cols = np.zeros(self.a.shape[1], dtype=bool)
        cols[:nl] = options[self.live]
        if self.nc:
            used = np.zeros(self.nc, dtype=bool)
            used[self.p.creator_idx[self.live[cols[:nl]]]] = True
            cols[nl : nl + self.nc] = used | (self.lower[nl : nl + self.nc] > 0)
        if self.nk:
            k = self.p.cluster_idx[self.live[cols[:nl]]]
            used_k = np.zeros(self.nk, dtype=bool)
            used_k[k[k >= 0]] = True
            cols[nl + self.nc :] = used_k
        return cols

    def _lp(self, cols: np.ndarray | None, relax: bool) -> tuple[highspy.HighsLp, np.ndarray]:
        """The LP of the columns in ``cols`` (all when None) and the rows they touch."""
        a = self.a if cols is None else self.a[:, np.flatnonzero(cols)]
        rows = np.ones(a.shape[0], dtype=bool) if cols is None else np.diff(a.tocsr().indptr) > 0
        if cols is not None:
            a = a[np.flatnonzero(rows), :]
        sel = slice(None) if cols is None else np.flatnonzero(cols)
        a = csc_array(a)
        lp = highspy.HighsLp()
        lp.num_col_ = int(a.shape[1])
        lp.num_row_ = int(a.shape[0])
        lp.col_cost_ = self.cost[sel]
        lp.col_lower_ = self.lower[sel]
        lp.col_upper_ = self.upper[sel]
        lp.row_lower_ = self.row_lower[rows]
        lp.row_upper_ = self.row_upper[rows]
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr.astype(np.int32)
        lp.a_matrix_.index_ = a.indices.astype(np.int32)
        lp.a_matrix_.value_ = a.data.astype(float)
        if not relax:
            kinds = {True: highspy.HighsVarType.kInteger, False: highspy.HighsVarType.kContinuous}
            lp.integrality_ = [kinds[bool(b)] for b in self.integer[sel]]
        return lp, rows

    def _highs(self, time_limit_s: float) -> _Highs:
        h = _Highs()  # the base class: highspy.Highs prints a banner on stdout (breaks --json)
        h.setOptionValue("output_flag", False)
        h.setOptionValue("presolve", "off")
        h.setOptionValue("time_limit", max(float(time_limit_s), 0.01))
        h.setOptionValue("threads", 1)
        return h

    def _units(self, x: np.ndarray, cols: np.ndarray | None) -> np.ndarray:
        full = x if cols is None else np.zeros(self.a.shape[1])
        if cols is not None:
            full[cols] = x
        out = np.zeros(self.p.fee.shape[0])
        out[self.live] = full[: self.n_units]
        return out

    def relax(self, time_limit_s: float, cols: np.ndarray | None = None) -> Relaxation:
        """Solve the LP relaxation (integrality dropped) of the model or of the columns
        ``cols``. For all columns its optimum bounds every plan; for a subset the bound is
        the Lagrangian bound of the full model at the subset's row duals (see :meth:`_dual_bound`).
        """
        h = self._highs(time_limit_s)
        lp, rows = self._lp(cols, relax=True)
        h.passModel(lp)
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible and cols is None:
            return Relaxation(None, math.inf, True, None)
        if status != highspy.HighsModelStatus.kOptimal:
            return Relaxation(None, math.inf, False, None)
        sol = h.getSolution()
        x = np.asarray(sol.col_value)
        value = float(h.getInfo().objective_function_value)
        if cols is None:
            return Relaxation(self._units(x, None), value, False, None)
        duals = np.zeros(self.a.shape[0])
        duals[rows] = np.asarray(sol.row_dual)
        bound, rc = self._dual_bound(duals, cols)
        return Relaxation(self._units(x, cols), max(bound, value), False, rc)

    def _dual_bound(self, duals: np.ndarray, cols: np.ndarray) -> tuple[float, np.ndarray]:
        """A bound on the full LP (hence every plan) from any row duals, and each option's price.

        Weak duality: for any ``π``, ``cᵀx = (c − Aᵀπ)ᵀx + πᵀAx ≤ max_{x∈X} rcᵀx +
        Σ_r max_{a ∈ [lb_r, ub_r]} π_r a`` with ``X`` the column bounds (and, with creator
        binaries, the links ``n_i ≤ ub_i·y_c``, which are true constraints). A dual on an
        infinite side is set to 0; a cluster column outside ``cols`` gets the dual 1 on its row
        ``v_k ≤ S_k`` (its cost), so an untouched cluster adds nothing by itself. The price of an
        option is its reduced cost, or with creator binaries its creator's whole gain (−inf when
        the creator would not pay off).
        """
        pi = duals.copy()
        out_k = ~cols[self.a.shape[1] - self.nk :] if self.nk else np.zeros(0, dtype=bool)
        rows_k = self.first_tangent_row[out_k]
        pi[rows_k[rows_k >= 0]] = 1.0
        pi = np.where((pi > 0) & ~np.isfinite(self.row_upper), 0.0, pi)
        pi = np.where((pi < 0) & ~np.isfinite(self.row_lower), 0.0, pi)
        rc = self.cost - self.a.T @ pi
        term = np.where(rc > 0, rc * self.upper, rc * self.lower)
        nl, nc = self.n_units, self.nc
        price = rc[:nl].copy()  # what an option outside the core would add (pricing)
        if nc:
            # keep the true constraints n_i ≤ ub_i·y_c and Σ fee_i n_i ≤ M_c·y_c in the inner
            # problem (Lagrangian relaxation of the other rows): per creator
            # max_y y·(rc_y + best fractional knapsack of its options' reduced costs)
            creator = self.p.creator_idx[self.live]
            gain = self._creator_gain(rc[:nl], creator)
            per_y = rc[nl : nl + nc] + gain
            y_term = np.maximum(per_y * self.lower[nl : nl + nc], per_y * self.upper[nl : nl + nc])
            col_term = float(y_term.sum() + term[nl + nc :].sum())
            # a creator pays off as a whole: rank its options by the creator's gain
            price = np.where((per_y[creator] > 0) & (price > 0), per_y[creator], -np.inf)
        else:
            col_term = float(term.sum())
        up = pi > 0
        down = pi < 0
        row_term = (pi[up] * self.row_upper[up]).sum() + (pi[down] * self.row_lower[down]).sum()
        return float(col_term + row_term), price

    def _creator_gain(self, rc: np.ndarray, creator: np.ndarray) -> np.ndarray:
        """Per creator: the most ``Σ rc_i n_i`` with ``0 ≤ n_i ≤ ub_i`` and
        ``Σ fee_i n_i ≤ M_c`` (fractional knapsack, best ratio first; ``M_c`` = the per-creator
        cap or the options' most spend, whichever is lower)."""
        fee = self.p.fee[self.live]
        ub = self.upper[: self.n_units]
        nc = self.nc
        most = np.bincount(creator, weights=fee * ub, minlength=nc)
        cap = np.minimum(most, self.cap if self.cap is not None else np.inf)
        pos = rc > 0
        order = np.lexsort((-(rc / fee), creator))
        spend = np.where(pos, fee * ub, 0.0)[order]
        csum = np.cumsum(spend)
        starts = np.searchsorted(creator[order], np.arange(nc))
        first = np.concatenate([[0.0], csum])[starts]  # spend before each creator's first option
        before = csum - spend - first[creator[order]]
        room = np.clip(cap[creator[order]] - before, 0.0, None)
        take = np.where(pos[order], np.minimum(ub[order], room / fee[order]), 0.0)
        return np.bincount(creator[order], weights=rc[order] * take, minlength=nc)

    def solve(
        self,
        start: np.ndarray | None,
        time_limit_s: float,
        mip_rel_gap: float,
        cols: np.ndarray | None = None,
    ) -> Solution:
        """Solve the MIP with HiGHS from ``start`` (units per option, or None).

        With ``cols`` only those columns: a restricted MIP whose solutions are plans but whose
        bound is not a bound on the full model.
        """
        h = self._highs(time_limit_s)
        h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
        lp, _ = self._lp(cols, relax=False)
        h.passModel(lp)
        if start is not None:
            x0 = _start_vector(self.p, start, self.live, self.nc, self.tangents)
            h.setSolution(_solution(x0 if cols is None else x0[cols]))
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        bound = float(info.mip_dual_bound)
        bound = bound if math.isfinite(bound) else math.inf
        infeasible = status == highspy.HighsModelStatus.kInfeasible
        counts: np.ndarray | None = None
        if info.primal_solution_status == 2 and not infeasible:  # kSolutionStatusFeasible
            counts = np.round(self._units(np.asarray(h.getSolution().col_value), cols))
        optimal = status == highspy.HighsModelStatus.kOptimal
        return Solution(counts, bound, optimal, infeasible, lp.num_col_, lp.num_row_)


def _solution(x: np.ndarray) -> highspy.HighsSolution:
    sol = highspy.HighsSolution()
    sol.col_value = list(x)
    sol.value_valid = True
    return sol


@dataclass(frozen=True)
class _Cols:
    """The unit columns (options that can be bought at all) and where the other columns start."""

    live: np.ndarray
    fee: np.ndarray
    value: np.ndarray
    ub: np.ndarray
    creator: np.ndarray
    cluster: np.ndarray
    nc: int
    nk: int

    @property
    def nl(self) -> int:
        return int(self.live.shape[0])

    @property
    def y0(self) -> int:
        return self.nl

    @property
    def v0(self) -> int:
        return self.nl + self.nc


def build(p: Problem, lim: Limits, tangents: Sequence[float]) -> Model | None:
    """The MIP for ``p`` under ``lim``; None when a must-have has no option within the limits."""
    ub_n = p.limit.astype(float).copy()
    if lim.max_per_creator is not None:
        ub_n = np.minimum(ub_n, np.floor((lim.max_per_creator + EPS) / p.fee))
    ub_n = np.minimum(ub_n, np.floor((lim.budget + EPS) / p.fee))
    live = np.flatnonzero(ub_n > 0)
    if any(not np.any(p.creator_idx[live] == c) for c in lim.mandatory):
        return None  # a must-have nobody can buy
    use_y = lim.min_creators > 0 or lim.max_creators is not None
    c = _Cols(live, p.fee[live], p.value[live], ub_n[live], p.creator_idx[live],
              p.cluster_idx[live], p.n_creators if use_y else 0,
              int(p.cluster_size.shape[0]))  # fmt: skip
    nv = c.nl + c.nc + c.nk
    cost = np.zeros(nv)
    cost[: c.nl] = np.where(c.cluster < 0, c.value, 0.0)
    cost[c.v0 :] = 1.0
    lower = np.zeros(nv)
    upper = np.concatenate([c.ub, np.ones(c.nc), p.cluster_size])
    rows = _Rows()
    rows.one(np.arange(c.nl), c.fee, -INF, lim.budget)
    _cap_rows(rows, c, p, lim)
    _creator_rows(rows, c, lim, lower, upper)
    first_row = _overlap_rows(rows, c, p, tangents)
    _share_rows(rows, c, p, lim)
    a = coo_array(
        (np.concatenate(rows.v), (np.concatenate(rows.r), np.concatenate(rows.c))),
        shape=(rows.count, nv),
    ).tocsc()
    integer = np.concatenate([np.ones(c.nl + c.nc, dtype=bool), np.zeros(c.nk, dtype=bool)])
    return Model(
        p, a, cost, lower, upper, np.concatenate(rows.lb), np.concatenate(rows.ub), integer,
        live, c.nc, c.nk, tuple(tangents), first_row, lim.max_per_creator,
    )  # fmt: skip


def _cap_rows(rows: _Rows, c: _Cols, p: Problem, lim: Limits) -> None:
    """Per-creator cap, only where the creator's options together could exceed it.

    With creator binaries, every creator with several options gets the linked form
    ``Σ fee_i n_i ≤ M_c·y_c`` (``M_c`` = the cap, or its options' most spend if lower): the same
    integer points, but a much tighter relaxation when ``max_creators`` binds — otherwise the
    relaxation buys a third of many creators (``n_i ≤ ub_i·y_c`` alone allows it).
    """
    if not c.nl:
        return
    most = np.bincount(c.creator, weights=c.fee * c.ub, minlength=p.n_creators)
    if c.nc:
        several = np.bincount(c.creator, minlength=p.n_creators) > 1
        sel = np.flatnonzero(several[c.creator])
        if sel.size:
            cap = lim.max_per_creator if lim.max_per_creator is not None else np.inf
            big_m = np.minimum(most, cap)
            rank = np.cumsum(several) - 1
            ks = np.flatnonzero(several)
            r = np.concatenate([rank[c.creator[sel]], rank[ks]])
            cols = np.concatenate([sel, c.y0 + ks])
            vals = np.concatenate([c.fee[sel], -big_m[ks]])
            rows.block(r, cols, vals, np.full(ks.size, -INF), np.zeros(ks.size))
        return
    if lim.max_per_creator is None:
        return
    over = most > lim.max_per_creator + EPS
    sel = np.flatnonzero(over[c.creator])
    if sel.size:
        rank = np.cumsum(over) - 1
        k = int(over.sum())
        rows.block(rank[c.creator[sel]], sel, c.fee[sel], np.full(k, -INF),
                   np.full(k, lim.max_per_creator))  # fmt: skip


def _creator_rows(rows: _Rows, c: _Cols, lim: Limits, lower: np.ndarray, upper: np.ndarray) -> None:
    """Creator counting (``y_c``) and must-haves."""
    cols = np.arange(c.nl)
    if not c.nc:
        for m in sorted(lim.mandatory):  # Σ_{i∈c} n_i ≥ 1
            sel = np.flatnonzero(c.creator == m)
            rows.one(sel, np.ones(sel.size), 1.0, INF)
        return
    # n_i ≤ ub_i · y_c (a creator counts when bought from) and y_c ≤ Σ_{i∈c} n_i
    r = np.arange(c.nl)
    rows.block(np.concatenate([r, r]), np.concatenate([cols, c.y0 + c.creator]),
               np.concatenate([np.ones(c.nl), -c.ub]), np.full(c.nl, -INF),
               np.zeros(c.nl))  # fmt: skip
    rows.block(np.concatenate([np.arange(c.nc), c.creator]),
               np.concatenate([c.y0 + np.arange(c.nc), cols]),
               np.concatenate([np.ones(c.nc), -np.ones(c.nl)]), np.full(c.nc, -INF),
               np.zeros(c.nc))  # fmt: skip
    has = np.bincount(c.creator, minlength=c.nc) > 0
    upper[c.y0 : c.v0] = has.astype(float)  # a creator with no buyable option cannot count
    max_n = float(lim.max_creators) if lim.max_creators is not None else INF
    rows.one(c.y0 + np.arange(c.nc), np.ones(c.nc), float(lim.min_creators), max_n)
    for m in lim.mandatory:
        lower[c.y0 + m] = 1.0


def _overlap_rows(rows: _Rows, c: _Cols, p: Problem, tangents: Sequence[float]) -> np.ndarray:
    """``v_k ≤ slope · Σ value_i n_i + intercept · R_k`` for the tangents that can bind; the
    row number of each cluster's ``v_k ≤ S_k`` (−1: no cluster rows)."""
    first_row = np.full(c.nk, -1, dtype=np.int64)
    if not c.nk:
        return first_row
    in_k = np.flatnonzero(c.cluster >= 0)
    s_max = np.bincount(c.cluster[in_k], weights=c.value[in_k] * c.ub[in_k], minlength=c.nk)
    ratio = np.where(p.cluster_size > 0, s_max / np.maximum(p.cluster_size, EPS), 0.0)
    order, starts = _cols_by_group(c.cluster[in_k], c.nk)
    opts = in_k[order]
    bind = binding_starts(tangents)
    for j, (_, slope, icpt) in enumerate(tangent_lines(tangents)):
        ks = np.flatnonzero((ratio > bind[j]) | (j == 0))
        if ks.size == 0:
            continue
        if j == 0:
            first_row[ks] = rows.count + np.arange(ks.size)
        members = [opts[starts[k] : starts[k + 1]] for k in ks]
        lens = np.array([m.size for m in members])
        rloc = np.concatenate([np.arange(ks.size), np.repeat(np.arange(ks.size), lens)])
        cidx = np.concatenate([c.v0 + ks, *members])
        vals = np.concatenate([np.ones(ks.size), *[-slope * c.value[m] for m in members]])
        rows.block(rloc, cidx, vals, np.full(ks.size, -INF), icpt * p.cluster_size[ks])
    return first_row


def _share_rows(rows: _Rows, c: _Cols, p: Problem, lim: Limits) -> None:
    """Micro share ``lo·S ≤ S_micro ≤ hi·S`` and platform mix ``S_p ≥ share·S``."""
    cols = np.arange(c.nl)
    if lim.micro_share is not None:
        lo, hi = lim.micro_share
        share = p.micro[c.live].astype(float)
        rows.one(cols, c.fee * (share - lo), 0.0, INF)
        rows.one(cols, c.fee * (share - hi), -INF, 0.0)
    plat = p.platform_idx[c.live]
    for name, s in lim.platform_mix.items():
        on = (plat == p.platforms.index(name)).astype(float) if name in p.platforms else 0 * c.fee
        rows.one(cols, c.fee * (on - s), 0.0, INF)


def _start_vector(
    p: Problem, start: np.ndarray, live: np.ndarray, nc: int, tangents: Sequence[float]
) -> np.ndarray:
    """The greedy plan as a full column vector: units, creator flags, credited cluster value."""
    n = start[live]
    y = (np.bincount(p.creator_idx, weights=start, minlength=p.n_creators) > 0).astype(float)
    nk = p.cluster_size.shape[0]
    in_k = p.cluster_idx >= 0
    totals = np.bincount(p.cluster_idx[in_k], weights=(p.value * start)[in_k], minlength=nk)
    v = credited_many(totals, p.cluster_size, tangents)
    return np.concatenate([n, y[:nc] if nc else np.zeros(0), v])

"""The planner's optimisation core: choose creators and deliverables for a brief as a MIP.

:func:`plan` takes a polars frame of candidate options (one row per ``account_id`` ×
``deliverable``) and a :class:`~resonanz.core.brief.PlanBrief` and returns a :class:`Plan`.

The model (solved with HiGHS through :func:`scipy.optimize.milp`):

* ``n_i`` integer in ``[0, count_limit(deliverable)]``: units bought of option ``i``;
  ``y_c`` binary: creator ``c`` is in the plan; ``n_i ≤ limit_i · y_c`` and ``y_c ≤ Σ n_i``.
* budget ``Σ fee_i n_i ≤ budget_eur``; per creator ``Σ_{i∈c} fee_i n_i ≤ max_per_creator_eur``;
  ``min_creators ≤ Σ y_c ≤ max_creators``; ``y_c = 1`` for must-haves; excluded creators are
  removed before the model is built.
* micro share ``lo · S ≤ S_micro ≤ hi · S`` and platform mix ``S_p ≥ share_p · S`` with
  ``S`` the plan's total spend (linear because the shares multiply a variable, not divide by it).
* objective: Σ value of options without a cluster + Σ credited value ``v_k`` per audience cluster.

Overlap (diminishing returns). Creators in one audience cluster ``k`` (column ``cluster``) reach
partly the same people. If a cluster holds ``R`` reachable people (column ``cluster_size``) and
creators reach independent random subsets of it, the deduplicated reach of summed reach ``S`` is
``R·(1 − Π(1 − r_i/R)) ≤ R·(1 − e^(−S/R))``. The planner credits ``v_k ≤ S`` and
``v_k ≤`` each tangent of ``R·(1 − e^(−S/R))`` at ``S/R = t`` for ``t`` in
``planner.overlap_tangents``, and ``v_k ≤ R`` (the asymptote): a concave piecewise-linear cap
that lies *above* the exponential curve (it overstates deduplicated reach by at most 1.8 % of
``R`` with the shipped tangents, the largest gap being at ``S = 4R``) and ignores overlap
*between* clusters. It is a planning heuristic, not a
measurement: real overlap is only known from audience data the platforms do not share.

A greedy plan (best value per euro first) is computed as well; the returned plan is the better
of the two, so it is never worse than greedy.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import polars as pl
from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]
from scipy.sparse import coo_array  # type: ignore[import-untyped]

from resonanz.core.brief import PlanBrief
from resonanz.core.planning.settings import PlannerSettings

if TYPE_CHECKING:
    from resonanz.core.config import DomainDefaults

REQUIRED = (
    "account_id", "handle", "platform", "tier", "deliverable",
    "fee_eur", "value", "value_low", "value_high",
)  # fmt: skip
EPS = 1e-6
_MIP: Literal["mip", "greedy"] = "mip"
_GREEDY: Literal["mip", "greedy"] = "greedy"


class PlanError(ValueError):
    """The candidates or the brief cannot be planned; the message says why."""


class PlanInfeasibleError(PlanError):
    """No plan meets every constraint of the brief; the message names the likely cause."""


@dataclass(frozen=True)
class PlanItem:
    """Units of one deliverable bought from one creator."""

    account_id: str
    handle: str
    platform: str
    tier: str
    deliverable: str
    count: int
    fee_eur: float
    cost_eur: float
    value: float


@dataclass(frozen=True)
class CreatorReason:
    """Why a creator is in the plan (``code``) with the figures behind it."""

    account_id: str
    handle: str
    code: Literal["must_have", "value_per_eur"]
    cost_eur: float
    value: float
    value_per_eur: float


@dataclass(frozen=True)
class LeftOut:
    """A creator not in the plan and why: excluded by the brief, over the per-creator cap, or
    not chosen although affordable (best value per euro first)."""

    account_id: str
    handle: str
    code: Literal["excluded_by_brief", "over_max_per_creator", "not_chosen"]
    best_value_per_eur: float


@dataclass(frozen=True)
class Plan:
    """The chosen deliverables with cost, objective, bound, gap and reasons."""

    items: tuple[PlanItem, ...]
    total_cost_eur: float
    objective: float
    value_low: float
    value_high: float
    bound: float
    gap: float
    status: Literal["optimal", "time_limit", "greedy"]
    method: Literal["mip", "greedy"]
    greedy_objective: float | None
    solve_seconds: float
    spend_by_tier: dict[str, float]
    spend_by_platform: dict[str, float]
    chosen: tuple[CreatorReason, ...]
    left_out: tuple[LeftOut, ...] = field(default_factory=tuple)

    @property
    def creators(self) -> tuple[str, ...]:
        """Account ids in the plan, in order of appearance."""
        return tuple(dict.fromkeys(i.account_id for i in self.items))


@dataclass
class _Model:
    """Arrays of the options (after exclusions) and their creators."""

    frame: pl.DataFrame
    fee: np.ndarray
    value: np.ndarray
    limit: np.ndarray
    creator_idx: np.ndarray  # option -> creator index
    creators: list[str]
    cluster_idx: np.ndarray  # option -> cluster index or -1
    cluster_size: np.ndarray  # per cluster
    micro: np.ndarray  # bool per option
    platform: list[str]


def _settings(defaults: DomainDefaults | PlannerSettings) -> PlannerSettings:
    return defaults if isinstance(defaults, PlannerSettings) else defaults.planner


def credited(total: float, size: float, tangents: Sequence[float]) -> float:
    """Value credited to a cluster of summed value ``total`` and audience ``size`` (the cap)."""
    if size <= 0:
        return total
    caps = [size * (1 - math.exp(-t)) + math.exp(-t) * (total - t * size) for t in tangents]
    return min([total, size, *caps])


def _validate(candidates: pl.DataFrame, brief: PlanBrief) -> None:
    missing = [c for c in REQUIRED if c not in candidates.columns]
    if missing:
        raise PlanError(f"candidates: missing columns {missing}")
    if brief.budget_eur is None:
        raise PlanError("brief: budget_eur is required for a plan")
    nulls = [c for c in REQUIRED if candidates[c].null_count()]
    if nulls:
        raise PlanError(f"candidates: missing values in {nulls}")
    if candidates.select(pl.col("fee_eur") <= 0).to_series().any():
        raise PlanError("candidates: fee_eur must be positive")
    if candidates.select(pl.col("value") < 0).to_series().any():
        raise PlanError("candidates: value must not be negative")
    if "cluster" in candidates.columns and "cluster_size" not in candidates.columns:
        raise PlanError("candidates: a cluster column needs cluster_size (the cluster's audience)")


def _model(frame: pl.DataFrame, settings: PlannerSettings) -> _Model:
    creators = list(dict.fromkeys(frame["account_id"].to_list()))
    index = {c: i for i, c in enumerate(creators)}
    cluster_idx = np.full(frame.height, -1, dtype=np.int64)
    sizes: list[float] = []
    if "cluster" in frame.columns:
        known: dict[str, int] = {}
        for i, (k, size) in enumerate(zip(frame["cluster"], frame["cluster_size"], strict=True)):
            if k is None or size is None or size <= 0:
                continue
            if str(k) not in known:
                known[str(k)] = len(sizes)
                sizes.append(float(size))
            cluster_idx[i] = known[str(k)]
    micro = set(settings.micro_tiers)
    return _Model(
        frame=frame,
        fee=frame["fee_eur"].cast(pl.Float64).to_numpy(),
        value=frame["value"].cast(pl.Float64).to_numpy(),
        limit=np.array([settings.count_limit(d) for d in frame["deliverable"]], dtype=float),
        creator_idx=np.array([index[c] for c in frame["account_id"]], dtype=np.int64),
        creators=creators,
        cluster_idx=cluster_idx,
        cluster_size=np.array(sizes, dtype=float),
        micro=np.array([t in micro for t in frame["tier"]], dtype=bool),
        platform=[str(p) for p in frame["platform"]],
    )


def evaluate(m: _Model, counts: np.ndarray, tangents: Sequence[float]) -> float:
    """Objective of ``counts`` (units per option) with the overlap cap per cluster."""
    contrib = m.value * counts
    total = float(contrib[m.cluster_idx < 0].sum())
    for k, size in enumerate(m.cluster_size):
        total += credited(float(contrib[m.cluster_idx == k].sum()), float(size), tangents)
    return total


def _feasible(m: _Model, counts: np.ndarray, brief: PlanBrief, mandatory: set[int]) -> bool:
    budget = brief.budget_eur or 0.0
    spend = m.fee * counts
    total = float(spend.sum())
    if total > budget + EPS or np.any(counts > m.limit + EPS):
        return False
    per_creator = np.bincount(m.creator_idx, weights=spend, minlength=len(m.creators))
    cap = brief.max_per_creator_eur
    if cap is not None and np.any(per_creator > cap + EPS):
        return False
    active = np.bincount(m.creator_idx, weights=counts, minlength=len(m.creators)) > 0
    n = int(active.sum())
    if n < brief.min_creators or (brief.max_creators is not None and n > brief.max_creators):
        return False
    if any(not active[c] for c in mandatory):
        return False
    if brief.micro_share is not None:
        micro = float(spend[m.micro].sum())
        lo, hi = brief.micro_share
        if micro < lo * total - EPS or micro > hi * total + EPS:
            return False
    for p, share in brief.platform_mix.items():
        s = float(sum(x for x, q in zip(spend, m.platform, strict=True) if q == p))
        if s < share * total - EPS:
            return False
    return True


def greedy(
    m: _Model,
    brief: PlanBrief,
    settings: PlannerSettings,
    mandatory: set[int],
    start: np.ndarray | None = None,
) -> np.ndarray:
    """Units per option, filled by value per euro (must-haves' best option first).

    From ``start`` (a plan meeting the shares) only units that keep the shares are added.
    """
    budget = brief.budget_eur or 0.0
    cap = brief.max_per_creator_eur if brief.max_per_creator_eur is not None else math.inf
    counts = np.zeros(m.fee.shape[0]) if start is None else start.copy()
    spent = np.bincount(m.creator_idx, weights=m.fee * counts, minlength=len(m.creators))
    shares = _Spend(m, counts) if start is not None else None
    ratio = m.value / m.fee
    order = list(np.argsort(-ratio, kind="stable"))
    first = [int(next(i for i in order if m.creator_idx[i] == c)) for c in sorted(mandatory)]
    max_n = brief.max_creators if brief.max_creators is not None else len(m.creators)
    total = float(spent.sum())
    active = int((spent > 0).sum())
    for i in first + [int(i) for i in order]:
        c = int(m.creator_idx[i])
        while counts[i] < m.limit[i]:
            new_creator = spent[c] == 0
            if total + m.fee[i] > budget + EPS or spent[c] + m.fee[i] > cap + EPS:
                break
            if new_creator and active >= max_n:
                break
            if shares is not None:
                shares.add(m, i, 1.0)
                if shares.violation(brief) is not None:
                    shares.add(m, i, -1.0)
                    break
            active += int(new_creator)
            counts[i] += 1
            spent[c] += m.fee[i]
            total += m.fee[i]
    return counts


class _Spend:
    """Running spend of a greedy plan: total, micro, per platform (for the share checks)."""

    def __init__(self, m: _Model, counts: np.ndarray) -> None:
        spend = m.fee * counts
        self.total = float(spend.sum())
        self.micro = float(spend[m.micro].sum())
        self.by_platform: dict[str, float] = {}
        for p, x in zip(m.platform, spend, strict=True):
            self.by_platform[p] = self.by_platform.get(p, 0.0) + float(x)

    def add(self, m: _Model, i: int, units: float) -> None:
        self.total += m.fee[i] * units
        self.micro += m.fee[i] * units if m.micro[i] else 0.0
        self.by_platform[m.platform[i]] = (
            self.by_platform.get(m.platform[i], 0.0) + m.fee[i] * units
        )

    def violation(self, brief: PlanBrief) -> tuple[str, str] | None:
        """The first share the plan misses: ("micro", "low"/"high") or ("platform", name)."""
        if brief.micro_share is not None:
            lo, hi = brief.micro_share
            if self.micro < lo * self.total - EPS:
                return ("micro", "low")
            if self.micro > hi * self.total + EPS:
                return ("micro", "high")
        for p, share in brief.platform_mix.items():
            if self.by_platform.get(p, 0.0) < share * self.total - EPS:
                return ("platform", p)
        return None


def _helps(m: _Model, i: int, miss: tuple[str, str]) -> bool:
    """Removing a unit of option ``i`` moves the plan towards the missed share."""
    kind, what = miss
    if kind == "micro":
        return bool(m.micro[i]) == (what == "high")
    return m.platform[i] != what


def repair(m: _Model, counts: np.ndarray, brief: PlanBrief, mandatory: set[int]) -> np.ndarray:
    """Drop the worst units (value per euro) until the micro share and platform mix hold."""
    counts = counts.copy()
    spend = _Spend(m, counts)
    ratio = m.value / m.fee
    per_creator = np.bincount(m.creator_idx, weights=counts, minlength=len(m.creators))
    for _ in range(int(counts.sum())):
        miss = spend.violation(brief)
        if miss is None:
            break
        pick = [
            i
            for i in np.flatnonzero(counts > 0)
            if _helps(m, int(i), miss)
            and not (m.creator_idx[i] in mandatory and per_creator[m.creator_idx[i]] <= 1)
        ]
        if not pick:
            break
        i = int(min(pick, key=lambda j: ratio[j]))
        counts[i] -= 1
        per_creator[m.creator_idx[i]] -= 1
        spend.add(m, i, -1.0)
    return counts


class _Rows:
    """Sparse constraint rows ``lb ≤ A x ≤ ub`` collected one at a time."""

    def __init__(self) -> None:
        self.r: list[int] = []
        self.c: list[int] = []
        self.v: list[float] = []
        self.lb: list[float] = []
        self.ub: list[float] = []

    def add(self, cols: Iterable[Any], vals: Iterable[Any], lb: float, ub: float) -> None:
        row = len(self.lb)
        cs = [int(c) for c in cols]
        self.r.extend([row] * len(cs))
        self.c.extend(cs)
        self.v.extend(float(v) for v in vals)
        self.lb.append(lb)
        self.ub.append(ub)

    def constraint(self, nvars: int) -> LinearConstraint:
        a = coo_array((self.v, (self.r, self.c)), shape=(len(self.lb), nvars)).tocsr()
        return LinearConstraint(a, np.array(self.lb), np.array(self.ub))


def _spend_rows(rows: _Rows, m: _Model, brief: PlanBrief) -> None:
    n = m.fee.shape[0]
    idx = np.arange(n)
    if brief.micro_share is not None:
        lo, hi = brief.micro_share
        share = m.micro.astype(float)
        rows.add(idx, m.fee * (share - lo), 0.0, math.inf)
        rows.add(idx, m.fee * (share - hi), -math.inf, 0.0)
    for p, s in brief.platform_mix.items():
        on = np.array([q == p for q in m.platform], dtype=float)
        rows.add(idx, m.fee * (on - s), 0.0, math.inf)


def _mip(
    m: _Model, brief: PlanBrief, settings: PlannerSettings, mandatory: set[int]
) -> tuple[np.ndarray | None, float, bool]:
    """Units per option (None when no solution was found), the upper bound, and optimality."""
    n, nc, nk = m.fee.shape[0], len(m.creators), m.cluster_size.shape[0]
    nv = n + nc + nk
    cost = np.zeros(nv)
    cost[:n] = np.where(m.cluster_idx < 0, -m.value, 0.0)
    cost[n + nc :] = -1.0
    rows = _Rows()
    rows.add(range(n), m.fee, -math.inf, float(brief.budget_eur or 0.0))
    for c in range(nc):
        opts = np.flatnonzero(m.creator_idx == c)
        for i in opts:  # n_i ≤ limit_i · y_c
            rows.add([int(i), n + c], [1.0, -m.limit[i]], -math.inf, 0.0)
        rows.add([*opts, n + c], [*([1.0] * len(opts)), -1.0], 0.0, math.inf)  # y_c ≤ Σ n_i
        if brief.max_per_creator_eur is not None:
            rows.add(opts, m.fee[opts], -math.inf, brief.max_per_creator_eur)
    max_n = brief.max_creators if brief.max_creators is not None else math.inf
    rows.add(range(n, n + nc), [1.0] * nc, float(brief.min_creators), max_n)
    for k, size in enumerate(m.cluster_size):
        opts = np.flatnonzero(m.cluster_idx == k)
        for t in (0.0, *settings.overlap_tangents):
            slope = 1.0 if t == 0.0 else math.exp(-t)
            icpt = 0.0 if t == 0.0 else size * (1 - math.exp(-t)) - slope * t * size
            # v_k − slope · Σ value_i n_i ≤ intercept
            rows.add([n + nc + k, *opts], [1.0, *(-slope * m.value[opts])], -math.inf, icpt)
    _spend_rows(rows, m, brief)
    lower = np.zeros(nv)
    upper = np.concatenate([m.limit, np.ones(nc), m.cluster_size])  # v_k ≤ R: the asymptote
    for c in mandatory:
        lower[n + c] = 1.0
    integrality = np.concatenate([np.ones(n + nc), np.zeros(nk)])
    res = milp(
        cost,
        integrality=integrality,
        bounds=Bounds(lower, upper),
        constraints=rows.constraint(nv),
        options={"time_limit": settings.time_limit_s, "mip_rel_gap": settings.mip_rel_gap},
    )
    dual = getattr(res, "mip_dual_bound", None)
    bound = -float(dual) if dual is not None and np.isfinite(dual) else math.inf
    if res.x is None:
        if res.status == 2:  # infeasible
            raise PlanInfeasibleError(_infeasible_reason(m, brief, mandatory))
        return None, bound, False
    return np.round(res.x[:n]), bound, res.status == 0


def _infeasible_reason(m: _Model, brief: PlanBrief, mandatory: set[int]) -> str:
    budget = brief.budget_eur or 0.0
    cheapest = np.full(len(m.creators), np.inf)
    np.minimum.at(cheapest, m.creator_idx, m.fee)
    must = float(sum(cheapest[c] for c in mandatory))
    cap = brief.max_per_creator_eur
    over = [m.creators[c] for c in sorted(mandatory) if cap is not None and cheapest[c] > cap]
    if over:
        return f"must-have creator {over[0]!r} costs more than max_per_creator_eur on every option"
    if must > budget:
        return f"the must-have creators cost at least {must:.2f} EUR, more than the budget"
    if brief.min_creators > len(m.creators):
        return f"min_creators = {brief.min_creators} but only {len(m.creators)} creators remain"
    k = brief.min_creators
    if k and float(np.sort(cheapest)[:k].sum()) > budget:
        return f"the {k} cheapest creators already cost more than the budget"
    if brief.max_creators is not None and len(mandatory) > brief.max_creators:
        return "more must-have creators than max_creators"
    return (
        "no combination of candidates meets the budget together with the micro share, "
        "platform mix and creator limits; relax one of them"
    )


def _prepare(
    candidates: pl.DataFrame, brief: PlanBrief
) -> tuple[pl.DataFrame, pl.DataFrame, set[str]]:
    """Kept options, excluded options, and the must-have account ids (by handle or id)."""
    _validate(candidates, brief)
    excl = {h.casefold() for h in brief.excluded_creators}
    handle = pl.col("handle").cast(pl.Utf8).str.strip_chars_start("@").str.to_lowercase()
    is_excl = handle.is_in(list(excl)) | pl.col("account_id").cast(pl.Utf8).is_in(list(excl))
    if brief.platforms:
        is_excl = is_excl | ~pl.col("platform").is_in(list(brief.platforms))
    kept = candidates.filter(~is_excl)
    dropped = candidates.filter(is_excl)
    must: set[str] = set()
    for h in brief.must_have:
        if h.casefold() in excl:
            raise PlanInfeasibleError(f"must-have creator {h!r} is also excluded by the brief")
        hit = kept.filter((handle == h.casefold()) | (pl.col("account_id").cast(pl.Utf8) == h))[
            "account_id"
        ]
        if hit.len() == 0:
            raise PlanInfeasibleError(f"must-have creator {h!r} is not among the candidates")
        must.add(str(hit[0]))
    return kept, dropped, must


def plan(
    candidates: pl.DataFrame, brief: PlanBrief, defaults: DomainDefaults | PlannerSettings
) -> Plan:
    """The best plan for ``brief`` from ``candidates`` (see the module docstring).

    Raises :class:`PlanError` for unusable input and :class:`PlanInfeasibleError` when no plan
    meets every constraint.
    """
    settings = _settings(defaults)
    started = time.perf_counter()
    kept, dropped, must = _prepare(candidates, brief)
    if kept.height == 0:
        raise PlanInfeasibleError("no candidates remain after the brief's exclusions")
    m = _model(kept, settings)
    mandatory = {m.creators.index(a) for a in must}
    g = greedy(m, brief, settings, mandatory)
    if not _feasible(m, g, brief, mandatory):  # meet the shares, then fill up keeping them
        g = greedy(m, brief, settings, mandatory, start=repair(m, g, brief, mandatory))
    g_ok = _feasible(m, g, brief, mandatory)
    g_obj = evaluate(m, g, settings.overlap_tangents) if g_ok else None
    x, bound, optimal = _mip(m, brief, settings, mandatory)
    x_obj = evaluate(m, x, settings.overlap_tangents) if x is not None else None
    if x is not None and x_obj is not None and (g_obj is None or x_obj >= g_obj - EPS):
        counts, obj, method = x, x_obj, _MIP
    elif g_obj is not None:
        counts, obj, method = g, g_obj, _GREEDY
    else:
        raise PlanInfeasibleError("no plan found within the time limit; raise planner.time_limit_s")
    bound = max(bound, obj) if math.isfinite(bound) else bound
    gap = (bound - obj) / bound if bound > 0 and math.isfinite(bound) else 0.0
    status: Literal["optimal", "time_limit", "greedy"] = (
        "optimal" if optimal and method == "mip" else ("greedy" if x is None else "time_limit")
    )
    if optimal and method == "greedy":
        status = "optimal"  # greedy matched the proven optimum
    return _assemble(
        m, counts, obj, bound, gap, status, method, g_obj, mandatory, dropped, brief, settings,
        time.perf_counter() - started,
    )  # fmt: skip


def _assemble(
    m: _Model,
    counts: np.ndarray,
    obj: float,
    bound: float,
    gap: float,
    status: Literal["optimal", "time_limit", "greedy"],
    method: Literal["mip", "greedy"],
    g_obj: float | None,
    mandatory: set[int],
    dropped: pl.DataFrame,
    brief: PlanBrief,
    settings: PlannerSettings,
    seconds: float,
) -> Plan:
    f = m.frame
    items: list[PlanItem] = []
    for i in np.flatnonzero(counts > 0):
        row = f.row(int(i), named=True)
        items.append(
            PlanItem(
                account_id=str(row["account_id"]), handle=str(row["handle"]),
                platform=str(row["platform"]), tier=str(row["tier"]),
                deliverable=str(row["deliverable"]), count=int(counts[i]),
                fee_eur=float(m.fee[i]), cost_eur=float(m.fee[i] * counts[i]),
                value=float(m.value[i] * counts[i]),
            )
        )  # fmt: skip
    by_tier: dict[str, float] = {}
    by_platform: dict[str, float] = {}
    for it in items:
        by_tier[it.tier] = by_tier.get(it.tier, 0.0) + it.cost_eur
        by_platform[it.platform] = by_platform.get(it.platform, 0.0) + it.cost_eur
    low = m.value.copy()
    m.value = f["value_low"].cast(pl.Float64).to_numpy()
    v_low = evaluate(m, counts, settings.overlap_tangents)
    m.value = f["value_high"].cast(pl.Float64).to_numpy()
    v_high = evaluate(m, counts, settings.overlap_tangents)
    m.value = low
    return Plan(
        items=tuple(items),
        total_cost_eur=float((m.fee * counts).sum()),
        objective=obj, value_low=v_low, value_high=v_high, bound=bound, gap=gap,
        status=status, method=method, greedy_objective=g_obj, solve_seconds=seconds,
        spend_by_tier=by_tier, spend_by_platform=by_platform,
        chosen=_chosen(m, items, mandatory),
        left_out=_left_out(m, counts, dropped, brief, settings),
    )  # fmt: skip


def _chosen(m: _Model, items: list[PlanItem], mandatory: set[int]) -> tuple[CreatorReason, ...]:
    musts = {m.creators[c] for c in mandatory}
    out: dict[str, CreatorReason] = {}
    for it in items:
        prev = out.get(it.account_id)
        cost = it.cost_eur + (prev.cost_eur if prev else 0.0)
        value = it.value + (prev.value if prev else 0.0)
        out[it.account_id] = CreatorReason(
            account_id=it.account_id, handle=it.handle,
            code="must_have" if it.account_id in musts else "value_per_eur",
            cost_eur=cost, value=value, value_per_eur=value / cost,
        )  # fmt: skip
    return tuple(sorted(out.values(), key=lambda r: -r.value_per_eur))


def _left_out(
    m: _Model, counts: np.ndarray, dropped: pl.DataFrame, brief: PlanBrief, s: PlannerSettings
) -> tuple[LeftOut, ...]:
    out: list[LeftOut] = []
    for acc, grp in dropped.group_by("account_id", maintain_order=True):
        ratio = float((grp["value"] / grp["fee_eur"]).max() or 0.0)  # type: ignore[arg-type]
        out.append(LeftOut(str(acc[0]), str(grp["handle"][0]), "excluded_by_brief", ratio))
    active = np.bincount(m.creator_idx, weights=counts, minlength=len(m.creators)) > 0
    ratio = m.value / m.fee
    cap = brief.max_per_creator_eur
    rest: list[LeftOut] = []
    for c, creator in enumerate(m.creators):
        if active[c]:
            continue
        opts = np.flatnonzero(m.creator_idx == c)
        over = cap is not None and bool(np.all(m.fee[opts] > cap))
        code: Literal["over_max_per_creator", "not_chosen"] = (
            "over_max_per_creator" if over else "not_chosen"
        )
        handle = str(m.frame["handle"][int(opts[0])])
        rest.append(LeftOut(creator, handle, code, float(ratio[opts].max())))
    rest.sort(key=lambda r: -r.best_value_per_eur)
    return (*out, *rest[: s.left_out_top])

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import polars as pl

from resonanz.core.brief import PlanBrief
from resonanz.core.planning.settings import PlannerSettings
from resonanz.core.planning.solver import (
    Limits,
    Model,
    Problem,
    Relaxation,
    build,
    credited_many,
    credited_slope,
)

if TYPE_CHECKING:
    from resonanz.core.config import DomainDefaults

REQUIRED = (
    "account_id", "handle", "platform", "tier", "deliverable",
    "fee_eur", "value", "value_low", "value_high",
)  # fmt: skip
EPS = 1e-6
Method = Literal["mip", "lp_rounding", "greedy"]
_MIP: Method = "mip"
_ROUNDED: Method = "lp_rounding"
_GREEDY: Method = "greedy"


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
    rank: int = 0  # rank of the creator's best value per euro among all candidates (1 = best)
    credited_share: float = 1.0  # share of its cluster's summed value credited after overlap


@dataclass(frozen=True)
class LeftOut:
    """A creator not in the plan and why: excluded by the brief, over the per-creator cap, or
    not chosen although affordable (best value per euro first)."""

    account_id: str
    handle: str
    code: Literal["excluded_by_brief", "over_max_per_creator", "not_chosen"]
    best_value_per_eur: float
    # for not_chosen: over_budget (cheapest option > budget), cluster_saturated (its audience
    # cluster is mostly reached by the plan: the overlap cap's slope there is below 1/2),
    # lower_value_per_eur (below every chosen creator's), micro_share_full (a micro creator
    # while the micro share is at its upper limit), micro_share_needed (a non-micro creator
    # while it is at its lower limit), platform_mix (its platform would push another below its
    # minimum share), else budget_and_shares
    detail: str = ""
    cluster_slope: float = 1.0  # marginal credit of its cluster at the plan (1: no overlap yet)
    lowest_chosen_value_per_eur: float = 0.0


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
    method: Method
    greedy_objective: float | None
    solve_seconds: float
    spend_by_tier: dict[str, float]
    spend_by_platform: dict[str, float]
    chosen: tuple[CreatorReason, ...]
    left_out: tuple[LeftOut, ...] = field(default_factory=tuple)
    candidate_creators: int = 0  # creators left after the brief's exclusions (ranks refer to them)

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
    platform_idx: np.ndarray  # option -> index into platforms
    platforms: tuple[str, ...]

    def problem(self) -> Problem:
        """The arrays the solver needs."""
        return Problem(
            fee=self.fee, value=self.value, limit=self.limit, creator_idx=self.creator_idx,
            n_creators=len(self.creators), cluster_idx=self.cluster_idx,
            cluster_size=self.cluster_size, micro=self.micro, platform_idx=self.platform_idx,
            platforms=self.platforms,
        )  # fmt: skip


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


def _codes(series: pl.Series) -> tuple[np.ndarray, list[str]]:
    """Index of each value in first-appearance order, and the distinct values."""
    s = series.cast(pl.Utf8)
    uniq = s.unique(maintain_order=True)
    idx = s.replace_strict(uniq, pl.Series(np.arange(uniq.len())), return_dtype=pl.Int64)
    return idx.to_numpy(), [str(u) for u in uniq]


def _model(frame: pl.DataFrame, settings: PlannerSettings) -> _Model:
    creator_idx, creators = _codes(frame["account_id"])
    cluster_idx = np.full(frame.height, -1, dtype=np.int64)
    sizes = np.zeros(0)
    if "cluster" in frame.columns:
        size = frame["cluster_size"].cast(pl.Float64).fill_null(0.0).to_numpy()
        ok = frame["cluster"].is_not_null().to_numpy() & (size > 0)
        if ok.any():
            codes, _ = _codes(frame["cluster"].filter(pl.Series(ok)))
            cluster_idx[ok] = codes
            sizes = np.zeros(int(codes.max()) + 1)
            sizes[codes] = size[ok]  # one size per cluster (the last row's, as before: equal)
    limits = {d: settings.count_limit(d) for d in frame["deliverable"].unique().to_list()}
    platform_idx, platforms = _codes(frame["platform"])
    return _Model(
        frame=frame,
        fee=frame["fee_eur"].cast(pl.Float64).to_numpy(),
        value=frame["value"].cast(pl.Float64).to_numpy(),
        limit=frame["deliverable"].replace_strict(limits, return_dtype=pl.Float64).to_numpy(),
        creator_idx=creator_idx,
        creators=creators,
        cluster_idx=cluster_idx,
        cluster_size=sizes,
        micro=frame["tier"].cast(pl.Utf8).is_in(list(settings.micro_tiers)).to_numpy(),
        platform=[str(p) for p in frame["platform"]],
        platform_idx=platform_idx,
        platforms=tuple(platforms),
    )


def evaluate(m: _Model, counts: np.ndarray, tangents: Sequence[float]) -> float:
    """Objective of ``counts`` (units per option) with the overlap cap per cluster."""
    contrib = m.value * counts
    inside = m.cluster_idx >= 0
    sums = np.bincount(
        m.cluster_idx[inside], weights=contrib[inside], minlength=m.cluster_size.shape[0]
    )
    return float(contrib[~inside].sum()) + float(
        credited_many(sums, m.cluster_size, tangents).sum()
    )


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
        on = m.platform_idx == m.platforms.index(p) if p in m.platforms else np.zeros(0, bool)
        s = float(spend[on].sum()) if on.size else 0.0
        if s < share * total - EPS:
            return False
    return True


def greedy(
    m: _Model,
    brief: PlanBrief,
    settings: PlannerSettings,
    mandatory: set[int],
    start: np.ndarray | None = None,
    worth: np.ndarray | None = None,
) -> np.ndarray:
    """Units per option, filled by value per euro (must-haves' best option first).

    From ``start`` (a plan meeting the shares) only units that keep the shares are added;
    ``worth`` replaces ``value`` in the ordering (e.g. the value discounted by overlap).
    """
    budget = brief.budget_eur or 0.0
    cap = brief.max_per_creator_eur if brief.max_per_creator_eur is not None else math.inf
    counts = np.zeros(m.fee.shape[0]) if start is None else start.copy()
    spent = np.bincount(m.creator_idx, weights=m.fee * counts, minlength=len(m.creators))
    shares = _Spend(m, counts) if start is not None else None
    ratio = (m.value if worth is None else worth) / m.fee
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


def repair(m: _Model, counts: np.ndarray, brief: PlanBrief, mandatory: set[int]) -> np.ndarray:
    """Drop the worst units (value per euro) until the micro share and platform mix hold."""
    counts = counts.copy()
    spend = _Spend(m, counts)
    ratio = m.value / m.fee
    per_creator = np.bincount(m.creator_idx, weights=counts, minlength=len(m.creators))
    helps_low = {  # removing a unit of these moves the plan towards the missed share
        ("micro", "low"): ~m.micro,
        ("micro", "high"): m.micro,
    }
    miss = spend.violation(brief)
    while miss is not None:
        if miss[0] == "platform":
            mask = m.platform_idx != (m.platforms.index(miss[1]) if miss[1] in m.platforms else -1)
        else:
            mask = helps_low[miss]
        pick = np.flatnonzero((counts > 0) & mask)
        # worst value per euro first (stable: ties in option order, as min() over the list did)
        order = pick[np.argsort(ratio[pick], kind="stable")]
        changed = False
        for i in (int(j) for j in order):
            c = int(m.creator_idx[i])
            while counts[i] > 0 and not (c in mandatory and per_creator[c] <= 1):
                counts[i] -= 1
                per_creator[c] -= 1
                spend.add(m, i, -1.0)
                changed = True
                now = spend.violation(brief)
                if now != miss:
                    break
            if spend.violation(brief) != miss:
                break
        if not changed:
            break
        miss = spend.violation(brief)
    return counts


class _Best:
    """The best plan so far (units per option), its objective and how it was found."""

    def __init__(self, m: _Model, tangents: Sequence[float]) -> None:
        self.m, self.tangents = m, tangents
        self.counts: np.ndarray | None = None
        self.obj = -math.inf
        self.method: Method = _GREEDY

    def offer(self, counts: np.ndarray | None, method: Method, strict: bool = False) -> None:
        """Keep ``counts`` if at least as good (``strict``: only if better)."""
        if counts is None:
            return
        obj = evaluate(self.m, counts, self.tangents)
        if self.counts is None or obj > self.obj + (EPS if strict else -EPS):
            self.counts, self.obj, self.method = counts, obj, method


def _optimise(
    m: _Model,
    model: Model,
    best: _Best,
    brief: PlanBrief,
    settings: PlannerSettings,
    mandatory: set[int],
    remaining: Callable[[], float],
) -> tuple[np.ndarray, float, bool, bool]:
    """Relaxation, rounding, restricted MIP, full MIP — each only while the best plan is not
    within ``mip_rel_gap`` of the bound. Returns units, bound, optimality, whether a MIP ran."""
    # the LP relaxation's optimum bounds every plan; rounded down and filled up it is a start
    if model.n_units > settings.sift_above_options:
        relax = _sifted(m, model, best.counts, mandatory, remaining, settings.sift_core_min)
    else:
        relax = model.relax(remaining())
    if relax.infeasible:
        raise PlanInfeasibleError(_infeasible_reason(m, brief, mandatory))
    if relax.units is not None:
        best.offer(_rounded(m, relax.units, brief, settings, mandatory), _ROUNDED, strict=True)
    gap = settings.mip_rel_gap
    if best.counts is not None and _within(best.obj, relax.bound, gap):
        return best.counts, relax.bound, True, False
    if relax.units is not None and best.counts is not None:
        # restricted MIP over the options the relaxation uses (and the start's): small and
        # usually enough to get within the gap of the relaxation's bound; its own bound is
        # not one on the full model, so only its plan is used
        keep = model.columns_for((relax.units > 1e-6) | (best.counts > 0))
        best.offer(model.solve(best.counts, remaining(), gap, cols=keep).counts, _MIP)
        if _within(best.obj, relax.bound, gap):
            return best.counts, relax.bound, True, True
    sol = model.solve(best.counts, remaining(), gap)
    if sol.infeasible:
        raise PlanInfeasibleError(_infeasible_reason(m, brief, mandatory))
    best.offer(sol.counts, _MIP)
    if best.counts is None:
        raise PlanInfeasibleError("no plan found within the time limit; raise planner.time_limit_s")
    return best.counts, min(sol.bound, relax.bound), sol.optimal, True


def _sifted(
    m: _Model,
    model: Model,
    start: np.ndarray | None,
    mandatory: set[int],
    remaining: Callable[[], float],
    core_min: int,
    rounds: int = 6,
) -> Relaxation:
    """The relaxation of a large model by sifting: solve it on a core of promising options,
    price the others with the core's row duals, add those with positive reduced cost, repeat.

    The bound is the best Lagrangian bound seen (``Model._dual_bound``): valid for every plan
    whatever the core; when no option outside the core prices out it equals the full LP's
    optimum. The units are the last core solution's (a start for rounding, not a bound).
    """
    n = m.fee.shape[0]
    ratio = m.value / m.fee
    used = int((start > 0).sum()) if start is not None else 0
    k = max(core_min, 6 * used)
    core = np.zeros(n, dtype=bool)
    core[np.argsort(-ratio, kind="stable")[:k]] = True
    groups = m.micro.astype(np.int64) * len(m.platforms) + m.platform_idx
    for g in np.unique(groups):  # every share group gets its own best options
        opts = np.flatnonzero(groups == g)
        core[opts[np.argsort(-ratio[opts], kind="stable")[: k // 4]]] = True
    if start is not None:
        core |= start > 0
    core |= np.isin(m.creator_idx, list(mandatory))
    best: Relaxation | None = None
    for _ in range(rounds):
        r = model.relax(remaining(), cols=model.columns_for(core))
        if r.units is None or r.reduced_cost is None:
            break
        if best is None or r.bound < best.bound:
            best = Relaxation(r.units, r.bound, False, None)
        else:
            best = Relaxation(r.units, best.bound, False, None)
        rc = np.full(n, -np.inf)
        rc[model.live] = r.reduced_cost
        attractive = np.flatnonzero(~core & (rc > 1e-7 * max(1.0, float(np.abs(m.value).max()))))
        if attractive.size == 0 or remaining() <= 0:
            break
        core[attractive[np.argsort(-rc[attractive], kind="stable")[:k]]] = True
        k *= 2  # grow the core geometrically: few rounds even when many options price out
    if best is None:
        return model.relax(remaining())
    return best


def _within(obj: float, bound: float, rel_gap: float) -> bool:
    """``obj`` is within ``rel_gap`` of ``bound`` (the gap as the plan reports it)."""
    return math.isfinite(bound) and (bound <= 0 or (bound - obj) / bound <= rel_gap)


def _rounded(
    m: _Model, units: np.ndarray, brief: PlanBrief, settings: PlannerSettings, mandatory: set[int]
) -> np.ndarray | None:
    """The LP relaxation rounded down, repaired to meet the shares and filled up greedily.

    The relaxation has few fractional units (one budget row and few share rows), so this is
    usually within a fraction of a percent of the bound; None when it misses a constraint.
    """
    r = np.minimum(np.floor(units + 1e-7), m.limit)
    if brief.max_creators is not None:  # the relaxation spreads over fractional creators
        nc = len(m.creators)
        worth = np.bincount(m.creator_idx, weights=m.value * units, minlength=nc)
        worth[list(mandatory)] = np.inf
        held = np.bincount(m.creator_idx, weights=r, minlength=nc) > 0
        if int(held.sum()) > brief.max_creators:
            ranked = np.flatnonzero(held)[np.argsort(-worth[held], kind="stable")]
            r[~np.isin(m.creator_idx, ranked[: brief.max_creators])] = 0.0
    if not _feasible(m, r, brief, mandatory):
        r = repair(m, r, brief, mandatory)
    inside = m.cluster_idx >= 0
    sums = np.bincount(
        m.cluster_idx[inside], weights=(m.value * r)[inside], minlength=m.cluster_size.shape[0]
    )
    slope = np.ones(m.fee.shape[0])  # the overlap cap's slope where each cluster stands now
    slope[inside] = credited_slope(sums, m.cluster_size, settings.overlap_tangents)[
        m.cluster_idx[inside]
    ]
    r = greedy(m, brief, settings, mandatory, start=r, worth=m.value * slope)
    return r if _feasible(m, r, brief, mandatory) else None


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
    model = build(
        m.problem(),
        Limits(
            budget=float(brief.budget_eur or 0.0),
            max_per_creator=brief.max_per_creator_eur,
            min_creators=brief.min_creators,
            max_creators=brief.max_creators,
            micro_share=brief.micro_share,
            platform_mix=dict(brief.platform_mix),
            mandatory=frozenset(mandatory),
        ),
        settings.overlap_tangents,
    )
    if model is None:
        raise PlanInfeasibleError(_infeasible_reason(m, brief, mandatory))

    def remaining() -> float:
        return settings.time_limit_s - (time.perf_counter() - started)

    best = _Best(m, settings.overlap_tangents)
    if g_obj is not None:
        best.offer(g, _GREEDY)
    counts, bound, optimal, ran_mip = _optimise(
        m, model, best, brief, settings, mandatory, remaining
    )
    obj, method = best.obj, best.method
    bound = max(bound, obj) if math.isfinite(bound) else bound
    # no bound within the time limit: the gap is unknown (inf)
    gap = math.inf if not math.isfinite(bound) else ((bound - obj) / bound if bound > 0 else 0.0)
    status: Literal["optimal", "time_limit", "greedy"] = "optimal" if optimal else "time_limit"
    if not optimal and ran_mip and method != _MIP:
        status = "greedy"  # the solver found nothing better than the start in time
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
    method: Method,
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
        chosen=_chosen(m, counts, items, mandatory, settings.overlap_tangents),
        left_out=_left_out(m, counts, dropped, brief, settings),
        candidate_creators=len(m.creators),
    )  # fmt: skip


def _binding_share(m: _Model, counts: np.ndarray, brief: PlanBrief, i: int) -> str:
    """Which share of the brief option ``i``'s creator would push past its limit (if any)."""
    spend = m.fee * counts
    total = float(spend.sum())
    if total <= 0:
        return "budget_and_shares"
    tol = 0.005 * total
    if brief.micro_share is not None:
        micro = float(spend[m.micro].sum())
        lo, hi = brief.micro_share
        if m.micro[i] and micro >= hi * total - tol:
            return "micro_share_full"
        if not m.micro[i] and micro <= lo * total + tol:
            return "micro_share_needed"
    for p, share in brief.platform_mix.items():
        on = m.platform_idx == (m.platforms.index(p) if p in m.platforms else -1)
        if m.platform[i] != p and float(spend[on].sum()) <= share * total + tol:
            return "platform_mix"
    return "budget_and_shares"


def _cluster_state(
    m: _Model, counts: np.ndarray, tangents: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Per option: its cluster's credited share (credited / summed value) and the overlap cap's
    slope at the plan (both 1 without a cluster or before any overlap)."""
    inside = m.cluster_idx >= 0
    nk = m.cluster_size.shape[0]
    sums = np.bincount(m.cluster_idx[inside], weights=(m.value * counts)[inside], minlength=nk)
    credit = credited_many(sums, m.cluster_size, tangents)
    share_k = np.where(sums > 0, credit / np.maximum(sums, EPS), 1.0)
    slope_k = credited_slope(sums, m.cluster_size, tangents)
    share = np.ones(m.fee.shape[0])
    slope = np.ones(m.fee.shape[0])
    share[inside] = share_k[m.cluster_idx[inside]]
    slope[inside] = slope_k[m.cluster_idx[inside]]
    return share, slope


def _best_ratio(m: _Model) -> tuple[np.ndarray, np.ndarray]:
    """Per creator: best value per euro and its rank among all creators (1 = best)."""
    best = np.full(len(m.creators), -np.inf)
    np.maximum.at(best, m.creator_idx, m.value / m.fee)
    rank = np.empty(len(m.creators), dtype=np.int64)
    rank[np.argsort(-best, kind="stable")] = np.arange(1, len(m.creators) + 1)
    return best, rank


def _chosen(
    m: _Model,
    counts: np.ndarray,
    items: list[PlanItem],
    mandatory: set[int],
    tangents: Sequence[float],
) -> tuple[CreatorReason, ...]:
    musts = {m.creators[c] for c in mandatory}
    index = {a: i for i, a in enumerate(m.creators)}
    share, _ = _cluster_state(m, counts, tangents)
    first = np.full(len(m.creators), m.fee.shape[0])
    np.minimum.at(first, m.creator_idx, np.arange(m.fee.shape[0]))
    _, rank = _best_ratio(m)
    out: dict[str, CreatorReason] = {}
    for it in items:
        prev = out.get(it.account_id)
        cost = it.cost_eur + (prev.cost_eur if prev else 0.0)
        value = it.value + (prev.value if prev else 0.0)
        c = index[it.account_id]
        out[it.account_id] = CreatorReason(
            account_id=it.account_id, handle=it.handle,
            code="must_have" if it.account_id in musts else "value_per_eur",
            cost_eur=cost, value=value, value_per_eur=value / cost, rank=int(rank[c]),
            credited_share=float(share[int(first[c])]),
        )  # fmt: skip
    return tuple(sorted(out.values(), key=lambda r: -r.value_per_eur))


def _left_out(
    m: _Model, counts: np.ndarray, dropped: pl.DataFrame, brief: PlanBrief, s: PlannerSettings
) -> tuple[LeftOut, ...]:
    out: list[LeftOut] = []
    for acc, grp in dropped.group_by("account_id", maintain_order=True):
        ratio = float((grp["value"] / grp["fee_eur"]).max() or 0.0)  # type: ignore[arg-type]
        out.append(LeftOut(str(acc[0]), str(grp["handle"][0]), "excluded_by_brief", ratio))
    nc = len(m.creators)
    active = np.bincount(m.creator_idx, weights=counts, minlength=nc) > 0
    best, _ = _best_ratio(m)
    cheapest = np.full(nc, np.inf)
    np.minimum.at(cheapest, m.creator_idx, m.fee)
    first = np.full(nc, m.fee.shape[0])
    np.minimum.at(first, m.creator_idx, np.arange(m.fee.shape[0]))
    _, slope = _cluster_state(m, counts, s.overlap_tangents)
    spend = np.bincount(m.creator_idx, weights=m.fee * counts, minlength=nc)
    value = np.bincount(m.creator_idx, weights=m.value * counts, minlength=nc)
    lowest = float((value[active] / spend[active]).min()) if active.any() else 0.0
    cap = brief.max_per_creator_eur
    idle = np.flatnonzero(~active)
    top = idle[np.argsort(-best[idle], kind="stable")][: s.left_out_top]
    handles = m.frame["handle"]
    for c in top:
        over = cap is not None and bool(cheapest[c] > cap)
        code: Literal["over_max_per_creator", "not_chosen"] = (
            "over_max_per_creator" if over else "not_chosen"
        )
        k = float(slope[int(first[c])])
        detail = ""
        if not over:
            if cheapest[c] > (brief.budget_eur or 0.0):
                detail = "over_budget"
            elif k < 0.5:
                detail = "cluster_saturated"
            elif best[c] < lowest:
                detail = "lower_value_per_eur"
            else:
                detail = _binding_share(m, counts, brief, int(first[c]))
        out.append(LeftOut(m.creators[c], str(handles[int(first[c])]), code, float(best[c]),
                           detail, k, lowest))  # fmt: skip
    return tuple(out)

"""Planner core: invariants (hypothesis), brute force on small cases, infeasible briefs."""

from __future__ import annotations

import itertools
import math

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resonanz.core.brief import PlanBrief
from resonanz.core.planning import PlanError, PlanInfeasibleError, PlannerSettings, plan
from resonanz.core.planning.settings import builtin_planner

TANGENTS = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0)


def _settings(max_count: int = 1) -> PlannerSettings:
    return PlannerSettings(
        time_limit_s=20.0,
        mip_rel_gap=1e-6,
        max_count=max_count,
        micro_tiers=("micro",),
        overlap_tangents=TANGENTS,
        left_out_top=10,
    )


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    for r in rows:
        r.setdefault("value_low", float(r["value"]) * 0.8)
        r.setdefault("value_high", float(r["value"]) * 1.2)
    return pl.DataFrame(rows)


def _cap(total: float, size: float) -> float:
    """Independent restatement of the overlap cap: min of S, R and the tangents of R(1−e^(−S/R))."""
    tangents = [size * (1 - math.exp(-t)) + math.exp(-t) * (total - t * size) for t in TANGENTS]
    return min(total, size, *tangents)


Row = dict[str, object]


def _ok(chosen: list[tuple[Row, int]], brief: PlanBrief) -> bool:
    """Independent check of every constraint of the brief."""
    spend = sum(r["fee_eur"] * n for r, n in chosen)
    per: dict[str, float] = {}
    for r, n in chosen:
        per[str(r["handle"])] = per.get(str(r["handle"]), 0.0) + r["fee_eur"] * n
    cap = brief.max_per_creator_eur
    checks = [
        not set(per) & set(brief.excluded_creators),
        spend <= (brief.budget_eur or 0.0) + 1e-6,
        cap is None or all(v <= cap + 1e-6 for v in per.values()),
        len(per) >= brief.min_creators,
        brief.max_creators is None or len(per) <= brief.max_creators,
        set(brief.must_have) <= set(per),
    ]
    if brief.micro_share is not None:
        micro = sum(r["fee_eur"] * n for r, n in chosen if r["tier"] == "micro")
        lo, hi = brief.micro_share
        checks.append(lo * spend - 1e-6 <= micro <= hi * spend + 1e-6)
    for platform, share in brief.platform_mix.items():
        on = sum(r["fee_eur"] * n for r, n in chosen if r["platform"] == platform)
        checks.append(on >= share * spend - 1e-6)
    return all(checks)


def _objective(chosen: list[tuple[Row, int]]) -> float:
    plain = sum(r["value"] * n for r, n in chosen if r.get("cluster") is None)
    clusters: dict[str, tuple[float, float]] = {}
    for r, n in chosen:
        if r.get("cluster") is not None:
            s, size = clusters.get(str(r["cluster"]), (0.0, float(r["cluster_size"])))
            clusters[str(r["cluster"])] = (s + float(r["value"]) * n, size)
    return float(plain) + sum(_cap(s, size) for s, size in clusters.values())


def _brute(df: pl.DataFrame, brief: PlanBrief, limit: int) -> float | None:
    """Best objective by enumerating every count vector (None when nothing is feasible)."""
    rows = df.to_dicts()
    best: float | None = None
    for counts in itertools.product(range(limit + 1), repeat=len(rows)):
        chosen = [(r, n) for r, n in zip(rows, counts, strict=True) if n]
        if _ok(chosen, brief):
            obj = _objective(chosen)
            best = obj if best is None else max(best, obj)
    return best


def _rows(n: int) -> list[dict[str, object]]:
    fees = [300.0, 500.0, 800.0, 450.0, 1200.0, 650.0]
    values = [3000.0, 4000.0, 9000.0, 5200.0, 11000.0, 6100.0]
    return [
        {
            "account_id": f"a{i}",
            "handle": f"h{i}",
            "platform": "instagram" if i % 2 else "tiktok",
            "tier": "micro" if i % 3 else "macro",
            "deliverable": "post",
            "fee_eur": fees[i],
            "value": values[i],
        }
        for i in range(n)
    ]


def test_small_case_matches_brute_force() -> None:
    df = _frame(_rows(6))
    brief = PlanBrief(budget_eur=2000, micro_share=(0.6, 0.7))
    p = plan(df, brief, _settings(max_count=2))
    best = _brute(df, brief, limit=2)
    assert best is not None
    assert p.objective == pytest.approx(best, rel=1e-6)
    assert p.total_cost_eur <= 2000
    micro = p.spend_by_tier.get("micro", 0.0)
    assert 0.6 * p.total_cost_eur - 1e-6 <= micro <= 0.7 * p.total_cost_eur + 1e-6


def test_greedy_is_repaired_to_meet_the_shares() -> None:
    """Plain value-per-euro greedy misses the micro share here; the repaired greedy meets it."""
    df = _frame(_rows(6))
    brief = PlanBrief(budget_eur=2500, micro_share=(0.8, 1.0), platform_mix={"tiktok": 0.2})
    p = plan(df, brief, _settings())
    assert p.greedy_objective is not None
    assert p.objective >= p.greedy_objective


def test_overlap_cluster_matches_brute_force_and_saturates() -> None:
    rows = _rows(5)
    for r in rows:
        r["cluster"] = "fitness-de"
        r["cluster_size"] = 10_000.0
    df = _frame(rows)
    brief = PlanBrief(budget_eur=3000)
    p = plan(df, brief, _settings(max_count=1))
    best = _brute(df, brief, limit=1)
    assert best is not None
    assert p.objective == pytest.approx(best, rel=1e-6)
    # the credited value of one cluster never exceeds its audience size R (the curve's asymptote)
    assert p.objective <= 10_000.0 + 1e-6
    assert p.objective < sum(i.value for i in p.items)


def test_plan_names_reasons() -> None:
    df = _frame(_rows(6))
    brief = PlanBrief(
        budget_eur=1500, must_have=["h0"], excluded_creators=["h4"], max_per_creator_eur=700
    )
    p = plan(df, brief, _settings())
    codes = {lo.handle: lo.code for lo in p.left_out}
    assert codes["h4"] == "excluded_by_brief"
    assert codes["h2"] == "over_max_per_creator"  # fee 800 > 700
    assert {c.handle: c.code for c in p.chosen}["h0"] == "must_have"
    assert p.status == "optimal"
    assert 0.0 <= p.gap < 1e-3


@pytest.mark.parametrize(
    ("brief", "needle"),
    [
        (PlanBrief(budget_eur=100, must_have=["h4"]), "must-have"),
        (PlanBrief(budget_eur=5000, must_have=["h4"], max_per_creator_eur=1000), "every option"),
        (PlanBrief(budget_eur=5000, must_have=["nobody"]), "not among the candidates"),
        (PlanBrief(budget_eur=5000, must_have=["h1"], excluded_creators=["h1"]), "also excluded"),
        (PlanBrief(budget_eur=5000, min_creators=9), "min_creators"),
        (PlanBrief(budget_eur=400, min_creators=2), "cheapest"),
        (PlanBrief(budget_eur=5000, micro_share=(1.0, 1.0), min_creators=5), "micro share"),
    ],
)
def test_infeasible_brief_gives_clear_error(brief: PlanBrief, needle: str) -> None:
    with pytest.raises(PlanInfeasibleError, match=needle):
        plan(_frame(_rows(6)), brief, _settings())


def test_bad_input() -> None:
    with pytest.raises(PlanError, match="budget_eur"):
        plan(_frame(_rows(3)), PlanBrief(), _settings())
    with pytest.raises(PlanError, match="missing values"):
        df = _frame(_rows(3)).with_columns(value=pl.Series([1.0, None, 2.0]))
        plan(df, PlanBrief(budget_eur=1000), _settings())
    with pytest.raises(PlanError, match="missing columns"):
        plan(_frame(_rows(3)).drop("fee_eur"), PlanBrief(budget_eur=1000), _settings())


def test_shipped_settings_load() -> None:
    s = builtin_planner()
    assert s.count_limit("story") == 5
    assert s.count_limit("post") == s.max_count


@st.composite
def _cases(draw: st.DrawFn) -> tuple[pl.DataFrame, PlanBrief]:
    n = draw(st.integers(2, 5))
    rows: list[dict[str, object]] = []
    for i in range(n):
        for d in draw(st.sampled_from([("post",), ("post", "story")])):
            rows.append(
                {
                    "account_id": f"a{i}",
                    "handle": f"h{i}",
                    "platform": draw(st.sampled_from(["instagram", "tiktok"])),
                    "tier": draw(st.sampled_from(["micro", "macro", "nano"])),
                    "deliverable": d,
                    "fee_eur": float(draw(st.integers(50, 1500))),
                    "value": float(draw(st.integers(0, 20_000))),
                    "cluster": draw(st.sampled_from([None, "k1", "k2"])),
                    "cluster_size": 15_000.0,
                }
            )
    handles = [f"h{i}" for i in range(n)]
    must = draw(st.lists(st.sampled_from(handles), max_size=1))
    excl = draw(st.lists(st.sampled_from([h for h in handles if h not in must]), max_size=1))
    share = draw(st.sampled_from([None, (0.6, 0.7), (0.0, 0.5)]))
    brief = PlanBrief(
        budget_eur=float(draw(st.integers(100, 4000))),
        max_per_creator_eur=draw(st.sampled_from([None, 800.0, 1500.0])),
        min_creators=draw(st.integers(0, 2)),
        max_creators=draw(st.sampled_from([None, 2, 3])),
        must_have=tuple(must),
        excluded_creators=tuple(excl),
        micro_share=share,
        platform_mix=draw(st.sampled_from([{}, {"tiktok": 0.3}, {"instagram": 0.5}])),
    )
    return _frame(rows), brief


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_invariants_against_brute_force(case: tuple[pl.DataFrame, PlanBrief]) -> None:
    df, brief = case
    best = _brute(df, brief, limit=1)
    try:
        p = plan(df, brief, _settings(max_count=1))
    except PlanInfeasibleError:
        assert best is None
        return
    assert best is not None
    budget = brief.budget_eur or 0.0
    assert p.total_cost_eur <= budget + 1e-6
    per: dict[str, float] = {}
    for item in p.items:
        per[item.handle] = per.get(item.handle, 0.0) + item.cost_eur
    if brief.max_per_creator_eur is not None:
        assert all(v <= brief.max_per_creator_eur + 1e-6 for v in per.values())
    assert not set(per) & set(brief.excluded_creators)
    assert set(brief.must_have) <= set(per)
    for platform, share in brief.platform_mix.items():
        on = p.spend_by_platform.get(platform, 0.0)
        assert on >= share * p.total_cost_eur - 1e-6
    if p.greedy_objective is not None:
        assert p.objective >= p.greedy_objective - 1e-6
    assert p.objective <= p.bound + 1e-6 * max(1.0, p.bound)
    assert p.objective == pytest.approx(best, rel=1e-5, abs=1e-6)


def test_overlap_changes_the_choice() -> None:
    """Three cheap creators in one small audience cluster saturate it; the planner spreads out."""
    rows: list[dict[str, object]] = [
        {"account_id": f"a{i}", "handle": f"a{i}", "platform": "instagram", "tier": "micro",
         "deliverable": "post", "fee_eur": 100.0, "value": 4000.0,
         "cluster": "small", "cluster_size": 5000.0}
        for i in range(3)
    ] + [
        {"account_id": f"b{i}", "handle": f"b{i}", "platform": "instagram", "tier": "micro",
         "deliverable": "post", "fee_eur": 100.0, "value": 2500.0,
         "cluster": None, "cluster_size": None}
        for i in range(3)
    ]  # fmt: skip
    df = _frame(rows)
    brief = PlanBrief(budget_eur=300)
    p = plan(df, brief, _settings())
    assert p.objective == pytest.approx(_brute(df, brief, limit=1), rel=1e-6)
    assert any(i.handle.startswith("b") for i in p.items)
    assert p.gap < 1e-3


def test_plan_accepts_the_candidates_frame() -> None:
    """The output of planning.candidates plugs into plan (budget, counts and limits respected)."""
    from resonanz.core.planning.candidates import candidates

    v = pl.DataFrame(
        {"account_id": ["a", "b", "c"], "handle": ["x", "y", "z"], "platform": ["instagram"] * 3,
         "tier": ["micro", "micro", "macro"], "followers": [10_000, 20_000, 150_000],
         "is_private": [False] * 3, "score": [60.0, 70.0, 50.0],
         "follower_quality_real_share": [0.8, 0.9, 0.7]}
    )  # fmt: skip
    f = pl.DataFrame(
        {"account_id": ["a", "b", "c", "a"],
         "deliverable": ["feed_post", "feed_post", "feed_post", "story"],
         "fee_eur": [100.0, 250.0, 1500.0, 40.0], "fee_low_eur": [70.0, 200.0, 1200.0, 30.0],
         "fee_high_eur": [130.0, 300.0, 1800.0, 50.0]}
    )  # fmt: skip
    brief = PlanBrief(budget_eur=1000, micro_share=(0.6, 1.0))
    s = builtin_planner()
    p = plan(candidates(v, f, brief, s), brief, s)
    assert p.total_cost_eur <= 1000
    assert p.items and all(i.count <= s.count_limit(i.deliverable) for i in p.items)
    assert "z" not in {i.handle for i in p.items}  # 1,500 EUR does not fit the budget
    assert p.value_low <= p.objective <= p.value_high


def _sifting(max_count: int = 1) -> PlannerSettings:
    """Settings that solve every relaxation by sifting from a one-option core (exercises the
    pricing and the Lagrangian bound on cases small enough for brute force)."""
    return _settings(max_count).model_copy(update={"sift_above_options": 0, "sift_core_min": 1})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_sifting_keeps_the_invariants(case: tuple[pl.DataFrame, PlanBrief]) -> None:
    """With sifting the plan is still optimal, never below greedy, and the bound still holds."""
    df, brief = case
    best = _brute(df, brief, limit=1)
    try:
        p = plan(df, brief, _sifting())
    except PlanInfeasibleError:
        assert best is None
        return
    assert best is not None
    assert p.total_cost_eur <= (brief.budget_eur or 0.0) + 1e-6
    assert set(brief.must_have) <= {i.handle for i in p.items}
    if p.greedy_objective is not None:
        assert p.objective >= p.greedy_objective - 1e-6
    assert best <= p.bound + 1e-6 * max(1.0, p.bound)  # the bound bounds the true optimum
    assert p.objective == pytest.approx(best, rel=1e-5, abs=1e-6)


def test_bound_of_a_core_relaxation_is_valid() -> None:
    """The Lagrangian bound from a partial core's duals is at least the full relaxation's optimum
    and equal to it when the core holds every option."""
    import numpy as np

    from resonanz.core.planning.optimize import _model
    from resonanz.core.planning.solver import Limits, build

    rows = [
        {"account_id": f"a{i}", "handle": f"h{i}", "platform": ("instagram", "tiktok")[i % 2],
         "tier": ("micro", "macro", "nano")[i % 3], "deliverable": "post",
         "fee_eur": 100.0 + 37.0 * i, "value": 1000.0 + 450.0 * ((i * 7) % 11),
         "cluster": f"k{i % 4}", "cluster_size": 6000.0}
        for i in range(40)
    ]  # fmt: skip
    s = _settings(max_count=2)
    m = _model(_frame(rows), s)
    lim = Limits(budget=2500.0, max_per_creator=400.0, min_creators=3, max_creators=12,
                 micro_share=(0.5, 0.8), platform_mix={"tiktok": 0.3},
                 mandatory=frozenset({0}))  # fmt: skip
    model = build(m.problem(), lim, TANGENTS)
    assert model is not None
    full = model.relax(10.0)
    assert full.units is not None
    everything = model.relax(10.0, cols=model.columns_for(np.ones(40, dtype=bool)))
    assert everything.bound == pytest.approx(full.bound, rel=1e-7)
    for n in (1, 5, 15):
        core = np.zeros(40, dtype=bool)
        core[:n] = True
        core[0] = True
        part = model.relax(10.0, cols=model.columns_for(core))
        if part.units is not None:
            assert part.bound >= full.bound - 1e-6 * full.bound


def test_reasons_say_why_in_and_why_out() -> None:
    """Chosen creators carry their rank and overlap credit; left-out ones the binding cause."""
    rows: list[dict[str, object]] = [
        {"account_id": f"a{i}", "handle": f"a{i}", "platform": "instagram", "tier": "micro",
         "deliverable": "post", "fee_eur": 100.0, "value": 4000.0,
         "cluster": "small", "cluster_size": 5000.0}
        for i in range(3)
    ] + [
        {"account_id": f"b{i}", "handle": f"b{i}", "platform": "instagram", "tier": "micro",
         "deliverable": "post", "fee_eur": 100.0, "value": 2500.0,
         "cluster": None, "cluster_size": None}
        for i in range(3)
    ]  # fmt: skip
    p = plan(_frame(rows), PlanBrief(budget_eur=300), _settings())
    out = {lo.handle: lo for lo in p.left_out}
    assert any(out[h].detail == "cluster_saturated" for h in out if h.startswith("a"))
    chosen = {c.handle: c for c in p.chosen}
    assert all(1 <= c.rank <= 6 for c in chosen.values())
    assert p.candidate_creators == 6
    a_in = [c for h, c in chosen.items() if h.startswith("a")]
    assert a_in and all(c.credited_share < 1.0 for c in a_in)  # its cluster overlaps

    micro = _frame(
        [
            {"account_id": f"m{i}", "handle": f"m{i}", "platform": "tiktok",
             "tier": "micro" if i < 3 else "macro", "deliverable": "post", "fee_eur": 100.0,
             "value": 5000.0 - 100 * i}
            for i in range(6)
        ]
    )  # fmt: skip
    p = plan(micro, PlanBrief(budget_eur=400, micro_share=(0.0, 0.5)), _settings())
    details = {lo.handle: lo.detail for lo in p.left_out}
    assert details["m2"] == "micro_share_full"  # best left-out ratio, but micro is at 50 %


def test_reason_sentences_in_both_languages() -> None:
    from resonanz.core.planning.explain import TEXTS, why_in, why_out
    from resonanz.core.planning.optimize import CreatorReason, LeftOut

    r = CreatorReason("a", "anna", "value_per_eur", 1000.0, 35100.0, 35.1, 3, 0.85)
    assert why_in(r, 155, "en") == (
        "35.1 value per euro (rank 3 of 155); audience overlaps, 85% of the value counts"
    )
    assert why_in(r, 155, "de").startswith("35,1 Wert je Euro (Rang 3 von 155)")
    for detail in ("over_budget", "cluster_saturated", "lower_value_per_eur", "micro_share_full",
                   "micro_share_needed", "platform_mix", "budget_and_shares"):  # fmt: skip
        lo = LeftOut("b", "ben", "not_chosen", 1234.5, detail, 0.3, 20.0)
        de, en = why_out(lo, "de"), why_out(lo, "en")
        assert de != en and "{" not in de + en
        assert de == TEXTS[detail].de.format(ratio="1.234,5", lowest="20,0", slope="30 %")

"""Benchmark: planner time (issue 5) for 1,000, 10,000 and 100,000 candidate creators.

Synthetic seeded candidates: each creator offers one or four deliverable types (feed post,
reel, story, video) on one platform, with a tier (nano/micro/macro), a fee that grows with the
audience, a value (in-target reach) with ±30 % noise, and one of ``creators // 20`` audience
clusters. The brief is a realistic one: budget ≈ 5 % of the total fee volume of one feed post
per creator, micro share 60–70 % (seeds), at most 3,000 EUR per creator, TikTok ≥ 30 % of
spend, one must-have (a micro creator under the cap), one excluded.

Measured per case: wall time of :func:`resonanz.core.planning.plan` with the shipped
``[planner]`` settings, the 1-minute load average before it, status, method, objective, bound,
gap, the greedy baseline's objective, creators chosen.

Usage: ``uv run python benchmarks/planner.py``; results go to
``benchmarks/results/planner.{json,md}`` with the machine they ran on.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_and_vet import _peak_mb, machine

from resonanz.core.brief import PlanBrief
from resonanz.core.planning import builtin_planner, plan

RESULTS = Path(__file__).resolve().parent / "results"
# (creators, deliverable types per creator): the targets are 10,000 × 1 under 2 s,
# 10,000 × 4 under 10 s (gap < 1 %) and 100,000 under 30 s (gap < 2 %)
CASES: list[tuple[int, int, dict[str, int]]] = [
    (1_000, 1, {}), (1_000, 4, {}), (10_000, 1, {}), (10_000, 4, {}), (100_000, 1, {}),
    (100_000, 4, {}),
    # the example brief counts creators (min_creators: 20): creator binaries in the model
    (10_000, 4, {"min_creators": 20}), (100_000, 4, {"min_creators": 20}),
    # a binding max_creators makes the relaxation weak (fractional creators): the hard case
    (10_000, 4, {"min_creators": 20, "max_creators": 400}),
    (100_000, 4, {"min_creators": 20, "max_creators": 400}),
]  # fmt: skip
DELIVERABLES = {"feed_post": 1.0, "reel": 1.3, "story": 0.35, "video": 1.1}  # fee multiplier
REACH = {"feed_post": 1.0, "reel": 1.2, "story": 0.4, "video": 1.1}  # reach multiplier (synthetic)


def candidates(n: int, kinds: int = 1, seed: int = 7) -> pl.DataFrame:
    """Seeded synthetic candidates: ``n`` creators × ``kinds`` deliverable types."""
    rng = np.random.default_rng(seed)
    tier = rng.choice(["nano", "micro", "macro"], size=n, p=[0.3, 0.55, 0.15])
    lo = np.select([tier == "nano", tier == "micro"], [1_000, 10_000], 100_000)
    followers = lo * rng.uniform(1, 10, size=n)
    platform = rng.choice(["instagram", "tiktok"], size=n, p=[0.6, 0.4])
    in_target = rng.uniform(0.1, 0.6, size=n)
    post_fee = np.round(followers * rng.uniform(0.008, 0.02, size=n) + 50)
    cluster = rng.integers(0, max(1, n // 20), size=n)
    frames = []
    for d in list(DELIVERABLES)[:kinds]:
        reach = followers * rng.uniform(0.1, 0.35, size=n) * REACH[d]
        value = reach * in_target
        frames.append(
            pl.DataFrame(
                {
                    "account_id": [f"c{i}" for i in range(n)],
                    "handle": [f"creator{i}" for i in range(n)],
                    "platform": platform,
                    "tier": tier,
                    "deliverable": [d] * n,
                    "fee_eur": post_fee * DELIVERABLES[d],
                    "value": value,
                    "value_low": value * 0.7,
                    "value_high": value * 1.3,
                    "cluster": [f"k{k}" for k in cluster],
                    "cluster_size": np.full(n, 400_000.0),
                }
            )
        )
    return pl.concat(frames)


def run(n: int, kinds: int, extra: dict[str, int] | None = None) -> dict[str, object]:
    df = candidates(n, kinds)
    post = df.filter(pl.col("deliverable") == "feed_post")["fee_eur"].sum()
    micro = df.filter((pl.col("tier") == "micro") & (pl.col("fee_eur") < 3000))["handle"]
    brief = PlanBrief(
        budget_eur=round(0.05 * post, -2),
        micro_share=(0.6, 0.7),
        max_per_creator_eur=3000,
        platform_mix={"tiktok": 0.3},
        must_have=[str(micro[0])],
        excluded_creators=["creator2"],
        **(extra or {}),
    )
    settings = builtin_planner()
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    p = plan(df, brief, settings)
    seconds = time.perf_counter() - t0
    return {
        "creators": n,
        "deliverable_types": kinds,
        "creator_limits": ", ".join(f"{k} {v}" for k, v in (extra or {}).items()) or "–",
        "options": df.height,
        "budget_eur": brief.budget_eur,
        "seconds": round(seconds, 3),
        "load_1min": round(load, 2),
        "status": p.status,
        "method": p.method,
        "objective": round(p.objective, 1),
        "greedy_objective": None if p.greedy_objective is None else round(p.greedy_objective, 1),
        "bound": round(p.bound, 1),
        "gap": round(p.gap, 5),
        "chosen_creators": len(p.creators),
        "total_cost_eur": round(p.total_cost_eur, 2),
        "time_limit_s": settings.time_limit_s,
        "mip_rel_gap": settings.mip_rel_gap,
    }


def markdown(result: dict[str, object]) -> str:
    m = result["machine"]
    assert isinstance(m, dict)
    lines = [
        "# Planner benchmark",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}, "
        f"{m['os']}. The 2 cores are shared with other jobs: the 1-minute load average before "
        "each case is in the table (above 2 means the planner got less than one core).",
        "",
        "Synthetic seeded candidates (1 or 4 deliverable types per creator, audience clusters "
        "of about 20 creators); brief: budget 5 % of all feed-post fees, micro share 60–70 %, "
        "≤ 3,000 EUR per creator, TikTok ≥ 30 %, one must-have, one excluded. Time = the whole "
        "`plan()` call (greedy, LP relaxation — by sifting above "
        f"{result['sift_above_options']:,} options —, rounding, restricted MIP, full MIP only "
        "when still needed), one run each. Gap = (bound − objective) / bound, the bound being "
        "the LP relaxation's (or HiGHS's dual bound). Targets (issue 5): 10,000 × 1 under 2 s, "
        "10,000 × 4 under 10 s, gap < 1 %; 100,000 under 30 s, gap < 2 %.",
        "",
        "| creators | types | creator limits | options | budget (EUR) | load | time (s) | status "
        "| method | objective | bound | gap | greedy | vs greedy | creators chosen |",
        "|---:|---:|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    cases = result["cases"]
    assert isinstance(cases, list)
    for c in cases:
        g = c["greedy_objective"]
        greedy = "infeasible" if g is None else f"{g:,.0f}"
        better = "" if not g else f"+{c['objective'] / g - 1:.1%}"
        lines.append(
            f"| {c['creators']:,} | {c['deliverable_types']} | {c['creator_limits']} | "
            f"{c['options']:,} | "
            f"{c['budget_eur']:,.0f} | {c['load_1min']} | {c['seconds']} | {c['status']} | "
            f"{c['method']} | {c['objective']:,.0f} | {c['bound']:,.0f} | {c['gap']:.2%} | "
            f"{greedy} | {better} | {c['chosen_creators']} |"
        )
    lines += ["", f"Peak memory: {result['peak_mb']:.1f} MB. Command: "
              "`uv run python benchmarks/planner.py` (arguments: only these creator counts).",
              ""]  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    cases = []
    only = {int(a) for a in sys.argv[1:]}
    for n, kinds, extra in CASES:
        if only and n not in only:
            continue
        case = run(n, kinds, extra)
        print(case, flush=True)
        cases.append(case)
    result = {
        "machine": machine(),
        "cases": cases,
        "peak_mb": round(_peak_mb(), 1),
        "sift_above_options": builtin_planner().sift_above_options,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "planner.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "planner.md").write_text(markdown(result))


if __name__ == "__main__":
    main()

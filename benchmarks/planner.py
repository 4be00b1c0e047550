"""Benchmark: planner time (issue 5 item 4) for 200, 2,000 and 10,000 candidate creators.

Synthetic seeded candidates: each creator offers three deliverables (post, reel, story) on one
platform, with a tier (nano/micro/macro), a fee that grows with the audience, a value (in-target
reach) with ±30 % noise, and one of ``creators // 20`` audience clusters. The brief is a
realistic one: budget ≈ 5 % of the total fee volume of one post per creator, micro share 60–70 %
(seeds), at most 3,000 EUR per creator, TikTok ≥ 30 % of spend, one must-have (a micro creator
under the cap), one excluded.

Measured per case: wall time of :func:`resonanz.core.planning.plan` (greedy + MIP with the
shipped ``[planner]`` time limit and gap), status, objective vs greedy, gap, creators chosen.

Usage: ``uv run python benchmarks/planner.py``; results go to
``benchmarks/results/planner.{json,md}`` with the machine they ran on.
"""

from __future__ import annotations

import json
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
CASES = [200, 2_000, 10_000]
DELIVERABLES = {"post": 1.0, "reel": 1.3, "story": 0.35}  # fee multiplier (synthetic)


def candidates(n: int, seed: int = 7) -> pl.DataFrame:
    """Seeded synthetic candidates: ``n`` creators × 3 deliverables."""
    rng = np.random.default_rng(seed)
    tier = rng.choice(["nano", "micro", "macro"], size=n, p=[0.3, 0.55, 0.15])
    lo = {"nano": 1_000, "micro": 10_000, "macro": 100_000}
    followers = np.array([lo[t] * rng.uniform(1, 10) for t in tier])
    platform = rng.choice(["instagram", "tiktok"], size=n, p=[0.6, 0.4])
    in_target = rng.uniform(0.1, 0.6, size=n)
    post_fee = np.round(followers * rng.uniform(0.008, 0.02, size=n) + 50)
    cluster = rng.integers(0, max(1, n // 20), size=n)
    rows: dict[str, list[object]] = {k: [] for k in (
        "account_id", "handle", "platform", "tier", "deliverable", "fee_eur", "value",
        "value_low", "value_high", "cluster", "cluster_size")}  # fmt: skip
    for i in range(n):
        for d, mult in DELIVERABLES.items():
            reach = followers[i] * rng.uniform(0.1, 0.35) * (0.4 if d == "story" else 1.0)
            value = float(reach * in_target[i])
            rows["account_id"].append(f"c{i}")
            rows["handle"].append(f"creator{i}")
            rows["platform"].append(str(platform[i]))
            rows["tier"].append(str(tier[i]))
            rows["deliverable"].append(d)
            rows["fee_eur"].append(float(post_fee[i] * mult))
            rows["value"].append(value)
            rows["value_low"].append(value * 0.7)
            rows["value_high"].append(value * 1.3)
            rows["cluster"].append(f"k{cluster[i]}")
            rows["cluster_size"].append(400_000.0)
    return pl.DataFrame(rows)


def run(n: int) -> dict[str, object]:
    df = candidates(n)
    post = df.filter(pl.col("deliverable") == "post")["fee_eur"].sum()
    micro = df.filter((pl.col("tier") == "micro") & (pl.col("fee_eur") < 3000))["handle"]
    brief = PlanBrief(
        budget_eur=round(0.05 * post, -2),
        micro_share=(0.6, 0.7),
        max_per_creator_eur=3000,
        platform_mix={"tiktok": 0.3},
        must_have=[str(micro[0])],
        excluded_creators=["creator2"],
    )
    settings = builtin_planner()
    t0 = time.perf_counter()
    p = plan(df, brief, settings)
    seconds = time.perf_counter() - t0
    return {
        "creators": n,
        "options": df.height,
        "budget_eur": brief.budget_eur,
        "seconds": round(seconds, 3),
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
        f"{m['os']}. Load: other engineers' jobs may share the 2 cores.",
        "",
        "Synthetic seeded candidates (3 deliverables each, audience clusters of 20 creators); "
        "brief: micro share 60–70 %, ≤ 3,000 EUR per creator, TikTok ≥ 30 %, one must-have, "
        "one excluded. Time = greedy + MIP (HiGHS via scipy.optimize.milp), one run each.",
        "",
        "| creators | options | budget (EUR) | time (s) | status | objective | greedy | gap | "
        "creators chosen | cost (EUR) |",
        "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    cases = result["cases"]
    assert isinstance(cases, list)
    for c in cases:
        greedy = "infeasible" if c["greedy_objective"] is None else f"{c['greedy_objective']:,.0f}"
        lines.append(
            f"| {c['creators']:,} | {c['options']:,} | {c['budget_eur']:,.0f} | {c['seconds']} | "
            f"{c['status']} | {c['objective']:,.0f} | {greedy} | {c['gap']:.4%} | "
            f"{c['chosen_creators']} | {c['total_cost_eur']:,.0f} |"
        )
    lines += ["", f"Peak memory: {result['peak_mb']:.1f} MB. Command: "
              "`uv run python benchmarks/planner.py`.", ""]  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    cases = []
    for n in CASES:
        case = run(n)
        print(case, flush=True)
        cases.append(case)
    result = {"machine": machine(), "cases": cases, "peak_mb": round(_peak_mb(), 1)}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "planner.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "planner.md").write_text(markdown(result))


if __name__ == "__main__":
    main()

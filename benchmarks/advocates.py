"""Benchmark: advocate scoring and referral checks (issue 7) — speed and what they recover.

Seeded demo CRMs (``resonanz.io.crm_demo``) of 3,000, 30,000 and 100,000 customers. Measured per
size: generating the CRM (not part of the analysis), scoring every customer
(``score_customers``), the fraud checks plus per-advocate rates, and the uplift bootstrap (2,000
resamples); and against the planted truth: share of planted critics and mavens found in their
segment, share of planted advocates that come out as advocates, and precision/recall of the fraud
flags. Peak memory of the process is recorded.

Usage: ``uv run python benchmarks/advocates.py``; results go to
``benchmarks/results/advocates.{json,md}`` with the machine and its load.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_and_vet import _peak_mb, machine

from resonanz.core.advocates.referrals import check_fraud, per_referrer, project_uplift
from resonanz.core.advocates.score import score_customers
from resonanz.core.advocates.settings import builtin_advocates
from resonanz.io.crm_demo import demo_crm

RESULTS = Path(__file__).resolve().parent / "results"
SIZES = (3_000, 30_000, 100_000)


def _share(found: set[str], planted: list[str]) -> float:
    return round(len(found & set(planted)) / max(len(planted), 1), 3)


def measure(customers: int, seed: int = 7) -> dict[str, object]:
    settings = builtin_advocates()
    t0 = time.perf_counter()
    frames, truth = demo_crm(customers, seed)
    t1 = time.perf_counter()
    scored = score_customers(
        frames["customers"], frames["orders"], frames["products"], frames["reviews"], settings
    )
    t2 = time.perf_counter()
    checked = check_fraud(frames["referrals"], frames["customers"], settings.referrals)
    stats = per_referrer(checked, settings.referrals)
    t3 = time.perf_counter()
    advocates = int(scored["advocate"].sum())
    uplift = project_uplift(stats, advocates, settings.referrals)
    t4 = time.perf_counter()

    def segment(name: str) -> set[str]:
        return set(scored.filter(pl.col("segment") == name)["customer_id"])

    flagged = set(checked.filter(~pl.col("clean"))["referral_id"])
    planted = set(truth.fraud_referrals)
    return {
        "customers": customers,
        "orders": frames["orders"].height,
        "reviews": frames["reviews"].height,
        "referrals": frames["referrals"].height,
        "generate_s": round(t1 - t0, 2),
        "score_s": round(t2 - t1, 3),
        "fraud_and_rates_s": round(t3 - t2, 3),
        "uplift_bootstrap_s": round(t4 - t3, 3),
        "advocates": advocates,
        "critics_found": _share(segment("brand_critic"), truth.critics),
        "mavens_found": _share(segment("brand_maven"), truth.mavens),
        "planted_advocates_found": _share(
            set(scored.filter(pl.col("advocate"))["customer_id"]), truth.advocates
        ),
        "fraud_recall": round(len(flagged & planted) / len(planted), 3),
        "fraud_precision": round(len(flagged & planted) / max(len(flagged), 1), 3),
        "uplift_orders": round(uplift.orders, 1),
        "uplift_orders_ci": [round(x, 1) for x in uplift.orders_interval],
        "peak_mb": round(_peak_mb()),
    }


def markdown(result: dict[str, object]) -> str:
    m = result["machine"]
    lines = [
        "# Advocate scoring and referral checks",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, load "
        f"{result['load']}; Python {m['python']}.",
        "",
        "| customers | orders | score (s) | fraud + rates (s) | bootstrap (s) | critics found | "
        "mavens found | planted advocates found | fraud recall | fraud precision | peak MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for c in result["cases"]:  # type: ignore[attr-defined]
        lines.append(
            f"| {c['customers']:,} | {c['orders']:,} | {c['score_s']} | {c['fraud_and_rates_s']} "
            f"| {c['uplift_bootstrap_s']} | {c['critics_found']} | {c['mavens_found']} "
            f"| {c['planted_advocates_found']} | {c['fraud_recall']} | {c['fraud_precision']} "
            f"| {c['peak_mb']} |"
        )
    lines += [
        "",
        "Generation time (Python loops of the demo generator) is not part of the analysis and is "
        "in the JSON only. Planted advocates who signed up recently have few orders yet, so not "
        "all of them reach the advocate score.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    cases = []
    for n in SIZES:
        cases.append(measure(n))
        print(json.dumps(cases[-1]), file=sys.stderr)
    result = {"machine": machine(), "load": [round(x, 2) for x in os.getloadavg()], "cases": cases}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "advocates.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "advocates.md").write_text(markdown(result))


if __name__ == "__main__":
    main()

"""Benchmark: regional-test analysis time (issue 7) for 40 regions × 365 days and 400 postal
regions × 365 days, with the full inference (1,000-permutation conformal p-value and the
confidence interval by test inversion), on seeded demo sales (``resonanz.io.geo_demo``).

Measured per case (median of ``--repeat`` runs): building the panel from the long table, the
analysis with ``model = none`` and with ``model = ridge`` (λ by leave-one-period-out CV), the
number of synthetic-control fits the inference needed, and the process's peak memory.

Usage: ``uv run python benchmarks/geo.py [--repeat 3]``; results go to
``benchmarks/results/geo.{json,md}`` with the machine they ran on.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_and_vet import _peak_mb, machine

from resonanz.core.geo import analyze, panel_from_long
from resonanz.core.geo import synth as synth_module
from resonanz.io.geo_demo import demo_sales

RESULTS = Path(__file__).resolve().parent / "results"
CASES = [(40, 365, 28, 4), (400, 365, 28, 20)]  # regions, days, test days, treated regions


def _count_fits() -> list[int]:
    counter = [0]
    original = synth_module.fit_synth

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        counter[0] += 1
        return original(*args, **kwargs)

    import resonanz.core.geo.inference as inference

    inference.fit_synth = counting  # type: ignore[assignment]
    return counter


def measure(
    regions: int, days: int, test_days: int, treated: int, repeat: int
) -> dict[str, object]:
    frame, truth = demo_sales(regions=regions, days=days, test_days=test_days, lift=0.05,
                              treated=treated, seed=1)  # fmt: skip
    out: dict[str, object] = {"regions": regions, "days": days, "test_days": test_days,
                              "treated": treated, "rows": frame.height}  # fmt: skip
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        panel = panel_from_long(frame)
        times.append(time.perf_counter() - t)
    out["panel_s"] = round(statistics.median(times), 3)
    counter = _count_fits()
    for model in ("none", "ridge"):
        times = []
        for _ in range(repeat if model == "none" else 1):
            counter[0] = 0
            t = time.perf_counter()
            r = analyze(panel, list(truth.treated), truth.start, truth.end, model=model)  # type: ignore[arg-type]
            times.append(time.perf_counter() - t)
        out[f"{model}_s"] = round(statistics.median(times), 3)
        out[f"{model}_inference_fits"] = counter[0]
        out[f"{model}_p_value"] = r.p_value
        out[f"{model}_covered"] = r.att_lower <= truth.att <= r.att_upper
        out[f"{model}_permutations"] = r.permutations
    return out


def markdown(result: dict[str, object]) -> str:
    m = result["machine"]
    assert isinstance(m, dict)
    lines = [
        "# Regional-test analysis benchmark",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}, "
        f"{m['os']}. Load: other engineers' jobs may share the 2 cores.",
        "",
        "Full analysis = fit + conformal p-value (1,000 permutations) + 90 % CI by test "
        "inversion (each tested effect refits the control). Median of the runs; ridge once.",
        "",
        "| regions × days | rows | panel (s) | analysis, none (s) | fits | analysis, ridge (s) "
        "| fits | p-value | CI covers truth |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for c in result["cases"]:  # type: ignore[attr-defined]
        lines.append(
            f"| {c['regions']} × {c['days']} | {c['rows']:,} | {c['panel_s']} | {c['none_s']} | "
            f"{c['none_inference_fits']} | {c['ridge_s']} | {c['ridge_inference_fits']} | "
            f"{c['none_p_value']:.3f} | {c['none_covered']} |"
        )
    lines += ["", f"Peak memory: {result['peak_mb']} MB. Command: `{result['command']}`.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cases = []
    for regions, days, test_days, treated in CASES:
        print(f"{regions} regions × {days} days …", file=sys.stderr)
        cases.append(measure(regions, days, test_days, treated, args.repeat))
        print(json.dumps(cases[-1]), file=sys.stderr)
    result = {
        "machine": machine(),
        "cases": cases,
        "peak_mb": round(_peak_mb(), 1),
        "command": f"uv run python benchmarks/geo.py --repeat {args.repeat}",
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "geo.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "geo.md").write_text(markdown(result))


if __name__ == "__main__":
    main()

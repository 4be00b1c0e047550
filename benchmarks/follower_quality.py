"""Fake-account detector and follower quality: measured figures for docs/methodology.md.

1. **Detector on real data** (InstaFake dev half, Instagram 2018, CC BY-NC 4.0 — measurement only,
   nothing learned from it ships): (a) the shipped default (trained on the demo market only) on
   the fake/real accounts; its false-positive rate on the non-automated (real) accounts of the
   automated-account set; (b) stratified 5-fold cross-validation of fresh models trained on the
   dev half (logistic and trees), mean ± sd.
2. **Follower quality on the demo market** (synthetic only; seeds other than the default's
   training seeds): the fake-follower share estimated from each account's sample against the
   generator's ``fake_follower_share``: mean absolute error (corrected estimate and raw flagged
   share), how often the truth lies in the 95 % interval, and precision/recall of flagging
   accounts with more than 20 % fake followers; also with usernames removed.
3. **Speed**: 10,000+ accounts with 200-follower samples (three worlds side by side).

Usage: ``uv run python benchmarks/follower_quality.py [--creators 2000] [--seeds 1 2 3]``;
results go to ``benchmarks/results/follower_quality.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from resonanz.core.config import load_defaults
from resonanz.core.followers.model import load_model
from resonanz.core.followers.quality import follower_quality_frame
from resonanz.io.generator import WorldConfig, generate_world
from resonanz.ml import fake_accounts as fa
from resonanz.ml.labelled import find_nonautomated, load_labelled, read_nonautomated

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
INSTAFAKE = Path(__file__).resolve().parents[2] / "shared" / "data" / "instafake-dev"
NOW = datetime(2026, 11, 1, tzinfo=UTC)
K = "follower_quality"


def _detector() -> dict[str, Any]:
    if not INSTAFAKE.is_dir():
        return {"skipped": f"{INSTAFAKE} not found"}
    dev = load_labelled(INSTAFAKE).frame
    model = load_model()
    out: dict[str, Any] = {"default_on_instafake": fa.evaluate(model, dev)}
    extra = find_nonautomated(INSTAFAKE)
    if extra is not None:
        scored = fa.evaluate(model, read_nonautomated(extra))
        out["default_on_nonautomated"] = {
            k: scored[k] for k in ("n", "false_positives", "false_positive_rate")
        }
    for kind in ("logistic", "trees"):
        out[f"cv5_{kind}"] = fa.cross_validate(dev, kind, 5)
    return out


def _world(creators: int, seed: int, sample: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    config = WorldConfig(follower_sample_size=sample)
    chunks = list(generate_world(creators, seed, config))
    samples = pl.concat([pl.from_arrow(c["follower_samples"]) for c in chunks])  # type: ignore[misc]
    truth = pl.concat([pl.from_arrow(c["ground_truth"]) for c in chunks])  # type: ignore[misc]
    return samples, truth  # type: ignore[return-value]


def _pr(frame: pl.DataFrame, pred: str, truth: str) -> dict[str, float]:
    row = frame.select(
        tp=(pl.col(pred) & pl.col(truth)).sum(),
        fp=(pl.col(pred) & ~pl.col(truth)).sum(),
        fn=(~pl.col(pred) & pl.col(truth)).sum(),
    ).row(0, named=True)
    tp, fp, fn = row["tp"], row["fp"], row["fn"]
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
        "recall": tp / (tp + fn) if tp + fn else float("nan"),
    }


def _quality(samples: pl.DataFrame, truth: pl.DataFrame) -> dict[str, Any]:
    defaults, model = load_defaults(), load_model()
    fq = follower_quality_frame(samples, model, defaults, NOW)
    j = fq.join(truth, on="account_id").with_columns(
        truth_high=pl.col("fake_follower_share") > 0.2,
        err=(pl.col(f"{K}_fake_share") - pl.col("fake_follower_share")).abs(),
        err_raw=(pl.col(f"{K}_flagged_share") - pl.col("fake_follower_share")).abs(),
        inside=pl.col("fake_follower_share").is_between(f"{K}_fake_low", f"{K}_fake_high"),
    )
    return {
        "accounts": j.height,
        "accounts_over_20pct_fake": int(j["truth_high"].sum()),
        "mae_fake_share": j["err"].mean(),
        "mae_flagged_share_uncorrected": j["err_raw"].mean(),
        "interval_coverage": j["inside"].mean(),
        "flag_over_20pct": _pr(j, f"{K}_flag", "truth_high"),
        "bought_followers_flagged": j.filter(pl.col("bought_followers"))[f"{K}_flag"].mean(),
        "mean_confidence": j[f"{K}_confidence"].mean(),
        "mean_score_clean": j.filter(pl.col("fake_follower_share") < 0.05)[f"{K}_score"].mean(),
        "mean_score_over_20pct": j.filter(pl.col("truth_high"))[f"{K}_score"].mean(),
    }


def _speed(creators: int) -> dict[str, Any]:
    parts = []
    for i, seed in enumerate((101, 102, 103)):
        samples, _ = _world(creators, seed, 200)
        parts.append(
            samples.with_columns((pl.lit(f"w{i}-") + pl.col("account_id")).alias("account_id"))
        )
    samples = pl.concat(parts)
    start = time.perf_counter()
    fq = follower_quality_frame(samples, load_model(), load_defaults(), NOW)
    return {
        "accounts": fq.height,
        "followers": samples.height,
        "seconds": round(time.perf_counter() - start, 2),
    }


def main() -> None:
    """Run every measurement and write the JSON and Markdown results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--creators", type=int, default=2000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    result: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "detector": _detector(),
        "demo": {},
    }
    for sample in (50, 200):
        for seed in args.seeds:
            samples, truth = _world(args.creators, seed, sample)
            result["demo"][f"sample{sample}_seed{seed}"] = _quality(samples, truth)
            if sample == 50 and seed == args.seeds[0]:
                anonymous = samples.drop("follower_username")
                result["demo"][f"sample{sample}_seed{seed}_no_usernames"] = _quality(
                    anonymous, truth
                )
    result["speed"] = _speed(args.creators)
    RESULTS.mkdir(exist_ok=True)
    text = json.dumps(result, indent=2, default=str)
    (RESULTS / "follower_quality.json").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

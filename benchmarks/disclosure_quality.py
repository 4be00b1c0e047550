"""Ad disclosure: undisclosed-ad detection on the demo market, and speed.

1. **Demo market** (synthetic only): ``write_world(dir, creators, seed, "parquet")`` per seed, then
   :func:`resonanz.core.disclosure.batch.check_posts` (profile DE) on posts and accounts, scored
   against ``ground_truth.parquet``: posts in ``undisclosed_ad_post_ids`` and accounts with any.
   A post counts as *found* when ``disclosure_undisclosed`` is set (no label at all, only a
   thank-you to the brand, or only an affiliate note) — at verdict ``error``, and also with the
   ``review`` cases (bare @mentions that may be brands). An account is flagged when one of its
   commercial posts is undisclosed at ``error``. Run twice: with the store's creator handles as
   known non-brands (how vetting runs), and without them (how ``resonanz disclosure check`` runs
   on a bare CSV, where a friend's @mention cannot be told from a brand's).
   These figures only show that the rules find what the generator plants: its captions come from
   a few templates, and real captions are more varied.
2. **Rules fired** on all posts, and the **speed** of the batch path (posts per second).

Usage: ``uv run python benchmarks/disclosure_quality.py [--creators 2000] [--seeds 1 2 3]``;
results go to ``benchmarks/results/disclosure_quality.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from resonanz.core.config import load_defaults
from resonanz.core.disclosure.batch import check_posts
from resonanz.core.disclosure.component import disclosure_columns
from resonanz.io.generator import write_world

RESULTS = Path(__file__).resolve().parent / "results"


def _prf(found: set[str], truth: set[str]) -> dict[str, Any]:
    tp, fp, fn = len(found & truth), len(found - truth), len(truth - found)
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
    }


def _add(total: dict[str, dict[str, Any]], key: str, part: dict[str, Any]) -> None:
    cell = total.setdefault(key, {"tp": 0, "fp": 0, "fn": 0})
    for k in ("tp", "fp", "fn"):
        cell[k] += part[k]
    tp, fp, fn = cell["tp"], cell["fp"], cell["fn"]
    cell["precision"] = tp / (tp + fp) if tp + fp else None
    cell["recall"] = tp / (tp + fn) if tp + fn else None


def measure(creators: int, seeds: list[int]) -> dict[str, Any]:
    """Precision and recall per seed and in total, rule counts and speed."""
    s = load_defaults().disclosure
    total: dict[str, dict[str, Any]] = {}
    rules: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    sizes = {"posts": 0, "accounts": 0, "undisclosed_posts": 0, "undisclosed_accounts": 0}
    seconds = 0.0
    for seed in seeds:
        path = Path(tempfile.mkdtemp()) / "world"
        write_world(path, creators, seed, "parquet")
        posts = pl.read_parquet(path / "posts.parquet")
        accounts = pl.read_parquet(path / "accounts.parquet")
        gt = pl.read_parquet(path / "ground_truth.parquet")
        truth = set(" ".join(gt["undisclosed_ad_post_ids"]).split())
        bad = set(gt.filter(pl.col("undisclosed_ad_post_ids") != "")["account_id"])
        sizes["posts"] += len(posts)
        sizes["accounts"] += len(accounts)
        sizes["undisclosed_posts"] += len(truth)
        sizes["undisclosed_accounts"] += len(bad)
        for variant, known in (("with_store_handles", None), ("bare_csv", [])):
            start = time.perf_counter()
            out = check_posts(posts, accounts, profile="DE", settings=s, non_brand_handles=known)
            if variant == "with_store_handles":
                seconds += time.perf_counter() - start
                verdicts.update(out["disclosure_verdict"].to_list())
                ids = out["disclosure_rules"].list.eval(pl.element().struct.field("id"))
                rules.update(x for row in ids.to_list() for x in row)
            und = out.filter(pl.col("disclosure_undisclosed"))
            errors = und.filter(pl.col("disclosure_verdict") == "error")
            agg = disclosure_columns(out, s, "DE")
            flagged = set(agg.filter(pl.col("disclosure_undisclosed_posts") > 0)["account_id"])
            _add(total, f"{variant}/post_error", _prf(set(errors["post_id"]), truth))
            _add(total, f"{variant}/post_error_or_review", _prf(set(und["post_id"]), truth))
            _add(total, f"{variant}/account_flag", _prf(flagged, bad))
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.python_version()}",
        "creators_per_seed": creators,
        "seeds": seeds,
        "sizes": sizes,
        "detection": total,
        "verdicts": dict(verdicts),
        "rules_fired": dict(rules.most_common()),
        "posts_per_second": sizes["posts"] / seconds if seconds else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=2000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    result = measure(args.creators, args.seeds)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "disclosure_quality.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

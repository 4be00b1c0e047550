"""Comment classifier and language detection: measured figures for docs/methodology.md.

1. **Hand-labelled sets** (written by a resonanz author, German and English; *not* real
   collected comments): ``tests/data/comments_labelled.csv`` (the development set) and
   ``tests/data/comments_holdout.csv`` (written after the rules were frozen). Accuracy, macro-F1,
   per-class precision/recall, language accuracy.
2. **Demo market** (synthetic only): class and language shares of the generated comments, and the
   agreement with the template bank each generated text came from (``resonanz/io/demo_texts.py``).
3. **Speed**: 100,000 comments (mostly distinct) through ``classify_comment_texts`` in-process
   and through ``resonanz comments classify --json`` as a subprocess (wall clock, start-up and
   model loading included).

Usage: ``uv run python benchmarks/comment_quality.py [--creators 2000] [--seed 42]``; results go
to ``benchmarks/results/comment_quality.{json,md}``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

from resonanz.batch.comments import classify_comment_texts, comment_classes_frame
from resonanz.core.comments.evaluate import classification_metrics, language_accuracy
from resonanz.core.config import load_defaults
from resonanz.io import demo_texts as tx
from resonanz.io.generator import write_world

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SETS = {
    "labelled": ROOT / "tests" / "data" / "comments_labelled.csv",
    "holdout": ROOT / "tests" / "data" / "comments_holdout.csv",
}


def _labelled(path: Path) -> dict[str, Any]:
    gold = pl.read_csv(path, infer_schema=False)
    labels = classify_comment_texts(gold["text"], load_defaults())
    out = classification_metrics(gold["class"].to_list(), labels["class"].to_list())
    out["language_accuracy"] = language_accuracy(
        gold["language"].to_list(), labels["language"].to_list()
    )
    by_lang = {}
    for lang in ("de", "en"):
        mask = (gold["language"] == lang).fill_null(False)
        by_lang[lang] = {
            "n": int(mask.sum()),
            "accuracy": float((gold["class"].filter(mask) == labels["class"].filter(mask)).mean()),
        }
    out["class_accuracy_by_language"] = by_lang
    wrong = gold.with_columns(predicted=labels["class"], rule=labels["rule"]).filter(
        pl.col("class") != pl.col("predicted")
    )
    out["errors"] = wrong.select("text", "class", "predicted", "rule").to_dicts()
    return out


def _bank_patterns() -> list[tuple[re.Pattern[str], str, str | None]]:
    banks = (
        (tx.COMMENT_QUESTIONS, "meaningful"),
        (tx.COMMENT_STORIES, "meaningful"),
        (tx.COMMENT_PRAISE, "generic_praise"),
        (tx.COMMENT_POD, "generic_praise"),
        (tx.COMMENT_SPAM, "spam"),
    )
    out: list[tuple[re.Pattern[str], str, str | None]] = []
    for bank, kind in banks:
        for i, lang in enumerate(("de", "en")):
            for t in bank[i]:
                body = re.escape(t).replace(re.escape("{x}"), ".+")
                out.append((re.compile(f"^{body}$"), kind, lang))
    out += [(re.compile(f"^{re.escape(t)}$"), "emoji_only", None) for t in tx.COMMENT_EMOJI]
    return out


def _demo(creators: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        write_world(Path(tmp), creators, seed, "parquet")
        comments = pl.read_parquet(Path(tmp) / "comments.parquet")
    start = time.perf_counter()
    labelled = comment_classes_frame(comments, load_defaults())
    seconds = time.perf_counter() - start
    shares = labelled["comment_class"].value_counts(normalize=True, sort=True)
    langs = labelled["comment_language"].fill_null("none").value_counts(normalize=True, sort=True)
    patterns = _bank_patterns()
    distinct = labelled.group_by("text").agg(
        pl.len().alias("n"), pl.first("comment_class"), pl.first("comment_language")
    )
    gold, pred, weights, gold_lang, pred_lang = [], [], [], [], []
    for text, n, cls, lang in distinct.iter_rows():
        hit = next(((k, lg) for p, k, lg in patterns if p.match(text or "")), None)
        if hit is None:
            continue
        gold += [hit[0]] * n
        pred += [cls] * n
        weights.append(n)
        gold_lang += [hit[1]] * n
        pred_lang += [lang] * n
    metrics = classification_metrics(gold, pred)
    return {
        "synthetic": True,
        "creators": creators,
        "seed": seed,
        "comments": labelled.height,
        "distinct_texts": distinct.height,
        "seconds": round(seconds, 2),
        "class_shares": dict(shares.iter_rows()),
        "language_shares": dict(langs.iter_rows()),
        "agreement_with_generator_banks": {
            "accuracy": metrics["accuracy"],
            "macro_f1": metrics["macro_f1"],
            "per_class": metrics["per_class"],
            "language_accuracy": language_accuracy(gold_lang, pred_lang),
        },
    }


def _corpus(n: int) -> list[str]:
    texts = [t for path in SETS.values() for t in pl.read_csv(path)["text"].to_list()]
    rng = random.Random(7)
    extra = ["mega", "schön", "love", "this", "so", "much", "wow", "recipe", "bitte", "wo"]
    extra += ["ist", "das", "danke", "gestern", "my", "kids"]
    out = []
    for _ in range(n):
        t = rng.choice(texts)
        if rng.random() < 0.7:  # mostly distinct texts: duplicates would flatter the timing
            t = f"{t} {' '.join(rng.choices(extra, k=rng.randint(0, 3)))} {rng.randint(0, 999)}"
        out.append(t)
    return out


def _speed(n: int) -> dict[str, Any]:
    texts = _corpus(n)
    start = time.perf_counter()
    classify_comment_texts(pl.Series(texts), load_defaults())
    in_process = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "comments.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "text"])
            writer.writerows(enumerate(texts))
        cmd = [sys.executable, "-m", "resonanz", "comments", "classify", str(path)]
        start = time.perf_counter()
        done = subprocess.run(
            [*cmd, "--text-column", "text", "--json"],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        cli = time.perf_counter() - start
        rows = len(json.loads(done.stdout))
    return {
        "comments": n,
        "distinct": len(set(texts)),
        "in_process_seconds": round(in_process, 2),
        "cli_seconds": round(cli, 2),
        "cli_rows": rows,
        "load_average": os.getloadavg()[0],
        "cpus": os.cpu_count(),
    }


def _markdown(result: dict[str, Any]) -> str:
    lines = ["# Comment quality — measured", ""]
    for name in SETS:
        m = result[name]
        lines += [
            f"## {name} ({m['n']} comments, self-written)",
            "",
            f"accuracy {m['accuracy']:.3f}, macro-F1 {m['macro_f1']:.3f}, "
            f"language accuracy {m['language_accuracy']:.3f}",
            "",
            "| class | precision | recall | support |",
            "|---|---|---|---|",
        ]
        for c, pc in m["per_class"].items():
            lines.append(f"| {c} | {pc['precision']:.3f} | {pc['recall']:.3f} | {pc['support']} |")
        lines.append("")
    lines += ["## Demo market and speed", "", "```json"]
    lines.append(json.dumps({k: result[k] for k in ("demo", "speed")}, indent=2))
    lines += ["```", ""]
    return "\n".join(lines)


def main() -> None:
    """Run every measurement and write the JSON and Markdown results."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--creators", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--speed-comments", type=int, default=100_000)
    args = parser.parse_args()
    result: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
    }
    for name, path in SETS.items():
        result[name] = _labelled(path)
    result["demo"] = _demo(args.creators, args.seed)
    result["speed"] = _speed(args.speed_comments)
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    (RESULTS / "comment_quality.json").write_text(text + "\n", encoding="utf-8")
    (RESULTS / "comment_quality.md").write_text(_markdown(result), encoding="utf-8")
    print(_markdown(result))


if __name__ == "__main__":
    main()

"""Engagement authenticity: detection quality on the demo market, false positives on real data.

1. **Demo market** (synthetic only): ``write_world(dir, creators, seed, "parquet")`` for each seed,
   then :func:`resonanz.core.vetting.authenticity.authenticity_frame` on accounts, posts and
   comments, scored against ``ground_truth.parquet`` at account level: pod membership
   (``pod_id``), pod grouping (pairs of accounts put in the same pod), bought likes
   (``bought_likes``) by each finding and by either, and how often accounts without any fraud are
   flagged. These figures only show that the rules find what the generator plants.
2. **InstaFake** (real Instagram accounts, 2018, CC BY-NC 4.0 — measurement only, nothing learned
   from it ships): the non-automated accounts' per-post likes and comments become contract posts;
   the share of these real accounts each count-based finding flags is their false-positive rate
   (they have no comments table, so pods cannot be checked).
3. **Speed**: the whole component on 10,000 generated creators (five 2,000-creator worlds side
   by side, ids and handles prefixed), accounts, posts and comments.

Usage: ``uv run python benchmarks/authenticity_quality.py [--creators 2000] [--seeds 1 2 3]``;
results go to ``benchmarks/results/authenticity_quality.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from resonanz.core.config import load_defaults
from resonanz.core.vetting.authenticity import authenticity_frame
from resonanz.io.generator import write_world

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
INSTAFAKE = Path(__file__).resolve().parents[2] / "shared/data/instafake-dev/automated-v1.0"
FINDINGS = ("pod", "group", "bought_likes", "ratio_high", "ratio_low", "erratic")


def _vet_world(directory: Path) -> tuple[pl.DataFrame, float]:
    tables = {t: pl.read_parquet(directory / f"{t}.parquet") for t in ("accounts", "posts")}
    comments = pl.read_parquet(directory / "comments.parquet")
    start = time.perf_counter()
    out = authenticity_frame(tables["accounts"], tables["posts"], comments, load_defaults())
    return out, time.perf_counter() - start


def _pr(frame: pl.DataFrame, pred: pl.Expr, truth: pl.Expr) -> dict[str, float]:
    row = frame.select(
        tp=(pred & truth).sum(), fp=(pred & ~truth).sum(), fn=(~pred & truth).sum()
    ).row(0, named=True)
    tp, fp, fn = row["tp"], row["fp"], row["fn"]
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
        "recall": tp / (tp + fn) if tp + fn else float("nan"),
    }


def _pairs(frame: pl.DataFrame, col: str) -> set[tuple[str, str]]:
    groups = frame.filter(pl.col(col).is_not_null()).group_by(col).agg(pl.col("account_id"))
    out: set[tuple[str, str]] = set()
    for ids in groups["account_id"]:
        members = sorted(ids)
        out |= {(a, b) for i, a in enumerate(members) for b in members[i + 1 :]}
    return out


def demo_quality(creators: int, seed: int) -> dict[str, Any]:
    """Account-level precision and recall on one generated world."""
    with tempfile.TemporaryDirectory() as tmp:
        write_world(Path(tmp), creators, seed, "parquet")
        out, seconds = _vet_world(Path(tmp))
        truth = pl.read_parquet(Path(tmp) / "ground_truth.parquet")
    j = out.join(truth, on="account_id")
    pod_t, bl_t = pl.col("pod_id").is_not_null(), pl.col("bought_likes")
    f = {k: pl.col(f"authenticity_{k}") for k in FINDINGS}
    clean = (
        ~pod_t
        & ~bl_t
        & ~pl.col("bought_followers")
        & (pl.col("bot_follower_share") < 0.2)
        & ~pl.col("inactive")
    )
    true_pairs, found_pairs = _pairs(j, "pod_id"), _pairs(j, "authenticity_pod_id")
    both = len(true_pairs & found_pairs)
    clean_rows = j.filter(clean)
    return {
        "seed": seed,
        "creators": creators,
        "accounts": j.height,
        "seconds": round(seconds, 3),
        "pod_members_true": j.filter(pod_t).height,
        "pods_true": j["pod_id"].n_unique() - 1,
        "pods_found": j["authenticity_pod_id"].drop_nulls().n_unique(),
        "pod_membership": _pr(j, f["pod"], pod_t),
        "pod_pairs": {
            "precision": both / len(found_pairs) if found_pairs else float("nan"),
            "recall": both / len(true_pairs) if true_pairs else float("nan"),
        },
        "bought_likes_true": j.filter(bl_t).height,
        "bought_likes_post_rule": _pr(j, f["bought_likes"], bl_t),
        "likes_without_comments": _pr(j, f["ratio_high"], bl_t),
        "bought_likes_either": _pr(j, f["bought_likes"] | f["ratio_high"], bl_t),
        "clean_accounts": clean_rows.height,
        "clean_flagged": {k: int(clean_rows[f"authenticity_{k}"].sum()) for k in FINDINGS},
        "clean_any_flag": int((clean_rows["authenticity_flags"].list.len() > 0).sum()),
    }


def instafake_frames() -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Contract-shaped accounts and posts from the InstaFake non-automated accounts."""
    records = json.loads((INSTAFAKE / "nonautomatedAccountData.json").read_text())
    accounts, posts = [], []
    for i, rec in enumerate(records):
        aid = f"if-{i:04d}"
        accounts.append(
            {
                "account_id": aid,
                "platform": "instagram",
                "handle": aid,
                "followers": rec["userFollowerCount"],
            }
        )
        series = zip(
            rec["mediaLikeNumbers"],
            rec["mediaCommentNumbers"],
            rec["mediaCommentsAreDisabled"],
            rec["mediaUploadTimes"],
            strict=False,
        )
        for k, (likes, comments, disabled, t) in enumerate(series):
            posts.append(
                {
                    "post_id": f"{aid}-{k}",
                    "account_id": aid,
                    "likes": likes,
                    "comments": None if disabled else comments,
                    "posted_at": datetime.fromtimestamp(t, UTC),
                }
            )
    return pl.DataFrame(accounts), pl.DataFrame(posts), len(records)


def instafake_rates() -> dict[str, Any]:
    """Share of real accounts each count-based finding flags (their false-positive rate)."""
    accounts, posts, n = instafake_frames()
    out = authenticity_frame(accounts, posts, None, load_defaults())
    judged = out.filter(pl.col("authenticity_score").is_not_null())
    result: dict[str, Any] = {"accounts": n, "judged": judged.height}
    for name, frame in (
        ("all", judged),
        ("nano_or_larger", judged.filter(pl.col("tier") != "private")),
    ):
        result[name] = {
            "accounts": frame.height,
            **{k: int(frame[f"authenticity_{k}"].sum()) for k in FINDINGS[2:]},
            "any_flag": int((frame["authenticity_flags"].list.len() > 0).sum()),
        }
    ratio = judged["authenticity_value"].drop_nulls()
    cv = judged["authenticity_robust_cv"].drop_nulls()
    result["likes_per_comment_quantiles"] = {
        q: round(float(ratio.quantile(q) or 0), 1) for q in (0.1, 0.5, 0.9, 0.99)
    }
    result["robust_cv_quantiles"] = {
        q: round(float(cv.quantile(q) or 0), 2) for q in (0.1, 0.5, 0.9, 0.99)
    }
    return result


def _markdown(res: dict[str, Any]) -> str:
    lines = [
        "# Engagement authenticity: measured quality",
        "",
        f"Machine: {res['machine']}; date {res['date']}.",
        "",
        "## Demo market (synthetic only)",
        "",
        "| seed | accounts | pods true/found | pod membership P/R | pod pairs P/R "
        "| bought likes: post rule P/R | ratio P/R | either P/R | clean flagged (any) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for d in res["demo"]:

        def pr(x: dict[str, float]) -> str:
            return f"{x['precision']:.3f} / {x['recall']:.3f}"

        lines.append(
            f"| {d['seed']} | {d['accounts']} | {d['pods_true']}/{d['pods_found']} "
            f"| {pr(d['pod_membership'])} | {pr(d['pod_pairs'])} "
            f"| {pr(d['bought_likes_post_rule'])} | {pr(d['likes_without_comments'])} "
            f"| {pr(d['bought_likes_either'])} | {d['clean_any_flag']} of {d['clean_accounts']} |"
        )
    r = res["instafake"]
    lines += [
        "",
        "## InstaFake non-automated accounts (real, 2018; false-positive rates)",
        "",
        "```json",
        json.dumps(r, indent=2),
        "```",
        "",
        f"Speed: {res['speed']['accounts']} accounts, {res['speed']['posts']} posts, "
        f"{res['speed']['comments']} comments in {res['speed']['seconds']:.2f} s.",
        "",
    ]
    return "\n".join(lines)


def _stacked_world(directory: Path, creators: int, chunk: int = 2_000) -> None:
    """``creators`` creators as 2,000-creator worlds side by side (ids and handles prefixed)."""
    parts: dict[str, list[pl.DataFrame]] = {"accounts": [], "posts": [], "comments": []}
    for i in range(max(1, -(-creators // chunk))):
        sub = directory / f"w{i}"
        write_world(sub, min(chunk, creators - i * chunk), 1_000 + i, "parquet")
        tag = f"w{i}-"
        prefix = {c: pl.lit(tag) + pl.col(c) for c in ("account_id", "post_id", "handle", "author")}
        for table in parts:
            frame = pl.read_parquet(sub / f"{table}.parquet")
            parts[table].append(
                frame.with_columns(**{c: e for c, e in prefix.items() if c in frame.columns})
            )
    for table, frames in parts.items():
        pl.concat(frames).write_parquet(directory / f"{table}.parquet")


def speed(creators: int) -> dict[str, Any]:
    """Seconds for the whole component on ``creators`` generated creators."""
    with tempfile.TemporaryDirectory() as tmp:
        _stacked_world(Path(tmp), creators)
        comments = pl.scan_parquet(Path(tmp) / "comments.parquet").select(pl.len()).collect()
        posts = pl.scan_parquet(Path(tmp) / "posts.parquet").select(pl.len()).collect()
        out, seconds = _vet_world(Path(tmp))
    return {
        "creators": creators,
        "accounts": out.height,
        "posts": posts.item(),
        "comments": comments.item(),
        "seconds": round(seconds, 3),
    }


def main() -> None:
    """Run the measurements and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=2000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--speed-creators", type=int, default=10_000)
    args = parser.parse_args()
    res = {
        "machine": f"{platform.machine()} {platform.processor() or ''} {platform.system()}".strip(),
        "date": datetime.now(UTC).date().isoformat(),
        "demo": [demo_quality(args.creators, s) for s in args.seeds],
        "instafake": instafake_rates() if INSTAFAKE.exists() else None,
        "speed": speed(args.speed_creators),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "authenticity_quality.json").write_text(json.dumps(res, indent=2, default=str))
    (RESULTS / "authenticity_quality.md").write_text(_markdown(res))
    print(_markdown(res))


if __name__ == "__main__":
    main()

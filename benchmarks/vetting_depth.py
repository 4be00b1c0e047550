"""Full-depth vetting speed: every component, follower samples and comments at collection depth.

Generates a seeded demo market of ``--creators`` creators (default 10,000) as Parquet with
follower samples of 200 per account (``WorldConfig.follower_sample_size``) and keeps the comments
of each account's 12 most recent posts (the generator writes comments on every post, at most
``WorldConfig.max_comments_per_post`` ordinary comments per post plus pod comments; the rest are
dropped so the input is what a 12-post comment collection delivers). Then it times
``resonanz.batch.vetting.vet_parquet`` — engagement, activity, growth, authenticity and pods,
follower quality, comment quality, ad disclosure, content fit, brand safety, audience fit — in its
own process: wall time (Parquet read included, interpreter start-up not), accounts/s, and peak
memory as that process's VmHWM (peak resident set, /proc/self/status). Generation is timed
separately and not counted.

Usage: ``uv run python benchmarks/vetting_depth.py [--creators 10000] [--seed 7]``; results go to
``benchmarks/results/vetting_depth.{json,md}`` with the machine and load they ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work" / "vetting_depth"
RESULTS = HERE / "results"
FOLLOWER_SAMPLE = 200
COMMENT_POSTS = 12


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def vet_step(directory: str) -> dict[str, object]:
    """Run in a fresh process: time vet_parquet and report this process's peak memory."""
    import polars as pl

    from resonanz.batch.vetting import vet_parquet

    t0 = time.perf_counter()
    out = vet_parquet(Path(directory))
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "accounts": out.height,
        "columns": out.width,
        "polars": pl.__version__,
    }


def generate(directory: Path, creators: int, seed: int) -> dict[str, object]:
    import polars as pl

    from resonanz.io.generator import write_world
    from resonanz.io.generator_base import WorldConfig

    shutil.rmtree(directory, ignore_errors=True)
    t0 = time.perf_counter()
    write_world(
        directory,
        creators,
        seed,
        "parquet",
        config=WorldConfig(follower_sample_size=FOLLOWER_SAMPLE),
    )
    gen_s = time.perf_counter() - t0
    posts = pl.read_parquet(
        directory / "posts.parquet", columns=["post_id", "account_id", "posted_at"]
    )
    keep = posts.filter(
        pl.col("posted_at").rank("ordinal", descending=True).over("account_id") <= COMMENT_POSTS
    ).select("post_id")
    comments = pl.read_parquet(directory / "comments.parquet")
    all_comments = comments.height
    comments.join(keep, on="post_id", how="semi").write_parquet(directory / "comments.parquet")
    kept = pl.scan_parquet(directory / "comments.parquet").select(pl.len()).collect().item()
    samples = pl.scan_parquet(directory / "follower_samples.parquet").select(pl.len()).collect()
    return {
        "generate_s": round(gen_s, 2),
        "trim_comments_s": round(time.perf_counter() - t0 - gen_s, 2),
        "posts": posts.height,
        "comments_generated": all_comments,
        "comments_kept": kept,
        "follower_sample_rows": samples.item(),
    }


def machine() -> dict[str, object]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def markdown(r: dict[str, object]) -> str:
    m, g, v = r["machine"], r["data"], r["vetting"]
    return (
        "\n".join(
            [
                "# Full-depth vetting benchmark",
                "",
                f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, {m['os']}, "  # type: ignore[index]
                f"Python {m['python']}, polars {v['polars']}. "  # type: ignore[index]
                f"Load average (1 min) before/after: {r['load_before']}/{r['load_after']}. "
                f"Date: {r['date']}.",
                "",
                f"Command: `{r['command']}`",
                "",
                "| creators | accounts | posts | follower-sample rows | "
                "comments (12 posts/account) | "
                "vetting s | accounts/s | peak MB | generation s (not counted) |",
                "|---|---|---|---|---|---|---|---|---|",
                f"| {r['creators']:,} | {v['accounts']:,} | {g['posts']:,} | "  # type: ignore[index]
                f"{g['follower_sample_rows']:,} | {g['comments_kept']:,} | {v['seconds']} | "  # type: ignore[index]
                f"{v['accounts_per_s']:,} | {v['peak_mb']} | {g['generate_s']} |",  # type: ignore[index]
                "",
                f"Follower samples: {FOLLOWER_SAMPLE} per account. Comments: those of each "
                f"account's {COMMENT_POSTS} most recent posts (generator cap: 8 ordinary comments "
                f"per post plus pod comments; {g['comments_generated']:,} generated, "  # type: ignore[index]
                f"{g['comments_kept']:,} kept).",  # type: ignore[index]
                "Vetting = `vet_parquet` with every component (engagement, activity, growth, "
                "authenticity and pods, follower quality, comment quality, ad disclosure, content "
                "fit with German lemmatisation, brand safety, audience fit), Parquet read "
                "included, in its own process; peak memory is that process's VmHWM (peak RSS); "
                "interpreter start-up is excluded from the time.",
            ]
        )
        + "\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--creators", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--step")
    args = parser.parse_args()
    if args.step:
        print(json.dumps(vet_step(args.step)))
        return
    directory = WORK / str(args.creators)
    print(f"generating {args.creators:,} creators …", file=sys.stderr)
    data = generate(directory, args.creators, args.seed)
    print(json.dumps(data), file=sys.stderr)
    load_before = round(os.getloadavg()[0], 2)
    out = subprocess.run(
        [sys.executable, __file__, "--step", str(directory)],
        check=True,
        capture_output=True,
        text=True,
    )
    load_after = round(os.getloadavg()[0], 2)
    v = json.loads(out.stdout.strip().splitlines()[-1])
    vetting = {
        "accounts": v["accounts"],
        "seconds": round(v["seconds"], 2),
        "accounts_per_s": round(v["accounts"] / v["seconds"]),
        "peak_mb": round(v["peak_mb"]),
        "polars": v["polars"],
    }
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": f"uv run python benchmarks/vetting_depth.py --creators {args.creators} "
        f"--seed {args.seed}",
        "creators": args.creators,
        "seed": args.seed,
        "machine": machine(),
        "load_before": load_before,
        "load_after": load_after,
        "data": data,
        "vetting": vetting,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "vetting_depth.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "vetting_depth.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()

"""Import and vetting speed, each beside a floor measured in the same run.

For each size (default 10,000 and 100,000 generated creators, 12+ posts each, 180 days of history):

- **import**: our validated `resonanz import` of posts.csv into a fresh SQLite store
  (accounts first),
  against the floor: the sqlite3 command-line tool's `.import` of the same CSV into an empty table.
  Target: at least a quarter of the floor's rows/s (half is the goal).
- **vetting (batch path)**: `resonanz.batch.vetting.vet_parquet` on the Parquet files, against the
  floor: one bare DuckDB query over the same files computing per account only the median engagement
  rate of the last 12 posts and the largest daily follower jump. Target: within 5× of the floor.
  Also timed: the metric vetting alone (`metric_vetting`: tier, engagement with its percentile
  among peers, activity, growth, and their composite score, rank score and flags — the vetting
  the foundation issue defined), which reads counts and dates only.
- **vetting (store path)**: `resonanz vet` on the store the import filled.

Every step runs in its own process, so its peak memory (max RSS) is its own.
Usage: ``uv run python benchmarks/import_and_vet.py [--sizes 10000 100000]``; results go to
``benchmarks/results/import_and_vet.{json,md}`` with the machine they ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
REPEATS = 3  # runs of the DuckDB floor and of the metric vetting (medians compared)
RESULTS = HERE / "results"

DUCKDB_FLOOR = """
WITH ranked AS (
  SELECT p.account_id, (p.likes + p.comments) / a.followers AS er,
         row_number() OVER (PARTITION BY p.account_id ORDER BY p.posted_at DESC) AS rn
  FROM read_parquet('{d}/posts.parquet') p
  JOIN read_parquet('{d}/accounts.parquet') a USING (account_id)
  WHERE a.followers > 0
), er AS (
  SELECT account_id, median(er) AS median_er FROM ranked WHERE rn <= 12 GROUP BY account_id
), jumps AS (
  SELECT account_id, max(followers - prev) AS max_jump FROM (
    SELECT account_id, followers,
           lag(followers) OVER (PARTITION BY account_id ORDER BY date) AS prev
    FROM read_parquet('{d}/metrics_daily.parquet')) GROUP BY account_id
)
SELECT count(*) FROM er FULL JOIN jumps USING (account_id)
"""


def _peak_mb() -> float:
    """This process's own peak resident memory (VmHWM: unlike ru_maxrss, not inherited at fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def step(name: str, args: list[str]) -> dict[str, object]:
    """Run one measured step in this (fresh) process and return its figures.

    Modules are imported before the clock starts (on both sides: DuckDB and ours): the figures
    compare the work, not the interpreter loading libraries.
    """
    extra: dict[str, object] = {}
    if name == "sqlite_floor":
        db, csv_path = args
        t0 = time.perf_counter()
        subprocess.run(
            ["sqlite3", db, ".mode csv", f".import {csv_path} posts"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        peak = _children_peak_mb()
    elif name == "duckdb_floor":
        import duckdb

        t0 = time.perf_counter()
        con = duckdb.connect()
        con.execute("SET threads TO 2")
        extra["accounts"] = con.execute(DUCKDB_FLOOR.format(d=args[0])).fetchone()[0]
        peak = _peak_mb()
    elif name == "vet_parquet":
        from resonanz.batch.vetting import vet_parquet

        t0 = time.perf_counter()
        extra["accounts"] = vet_parquet(Path(args[0])).height
        peak = _peak_mb()
    elif name == "vet_parquet_metrics":
        from resonanz.batch.vetting import scan_table
        from resonanz.core.config import load_defaults
        from resonanz.core.vetting.pipeline import metric_vetting

        t0 = time.perf_counter()
        d = Path(args[0])
        tables = [scan_table(d, t) for t in ("accounts", "posts", "metrics_daily")]
        extra["accounts"] = metric_vetting(*tables, load_defaults()).height
        peak = _peak_mb()
    else:
        raise SystemExit(f"unknown step {name}")
    return {"seconds": time.perf_counter() - t0, "peak_mb": peak, **extra}


def _run_step(name: str, *args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--step", name, *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _run_cli(db: str, *args: str) -> dict[str, object]:
    """Time one `resonanz` command in its own process (start-up included)."""
    cmd = [sys.executable, "-c", _CLI_WRAPPER, "--db", db, *args]
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "CI": ""})
    if out.returncode not in (0, 3):
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


_CLI_WRAPPER = """
import json, sys, time
from pathlib import Path
from resonanz.cli import app
t0 = time.perf_counter()
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
hwm = [l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:")]
print(json.dumps({"seconds": time.perf_counter() - t0, "peak_mb": int(hwm[0].split()[1]) / 1024}))
"""


def _median_run(runs: list[dict[str, object]]) -> dict[str, object]:
    """The run with the median time (REPEATS is odd)."""
    return sorted(runs, key=lambda r: float(r["seconds"]))[len(runs) // 2]  # type: ignore[arg-type]


def _rows(parquet: Path) -> int:
    """Rows of a table (from its Parquet twin: captions span several CSV lines, so lines ≠ rows)."""
    import polars as pl

    return int(pl.scan_parquet(parquet).select(pl.len()).collect().item())


def measure(size: int, seed: int) -> dict[str, object]:
    from resonanz.io.generator import write_world

    base = WORK / str(size)
    shutil.rmtree(base, ignore_errors=True)
    csv_dir, pq_dir = base / "csv", base / "parquet"
    t0 = time.perf_counter()
    write_world(csv_dir, size, seed, "csv")
    gen_s = time.perf_counter() - t0
    write_world(pq_dir, size, seed, "parquet")
    posts_rows = _rows(pq_dir / "posts.parquet")

    floor_db = base / "floor.sqlite3"
    floor = _run_step("sqlite_floor", str(floor_db), str(csv_dir / "posts.csv"))
    db = f"sqlite:///{base / 'store.sqlite3'}"
    _run_cli(db, "import", str(csv_dir / "creators.csv"), str(csv_dir / "accounts.csv"))
    # The search index is a derived step (full rebuild per workspace): timed on its own.
    ours = _run_cli(
        db, "import", str(csv_dir / "posts.csv"), "--errors", str(base / "e.csv"),
        "--no-search-index",
    )  # fmt: skip
    index = _run_cli(db, "search-index")
    metrics = _run_cli(db, "import", str(csv_dir / "metrics_daily.csv"), "--no-search-index")
    vet_store = _run_cli(db, "vet", "--limit", "1")
    # the floor and the metric vetting take a second or two, where a shared machine's noise
    # shows: each runs REPEATS times, alternating, and the medians are compared
    duck_runs, metric_runs = [], []
    for _ in range(REPEATS):
        duck_runs.append(_run_step("duckdb_floor", str(pq_dir)))
        metric_runs.append(_run_step("vet_parquet_metrics", str(pq_dir)))
    duck, vet_metrics = _median_run(duck_runs), _median_run(metric_runs)
    vet_pq = _run_step("vet_parquet", str(pq_dir))
    accounts = int(vet_pq["accounts"])  # type: ignore[arg-type]
    return {
        "creators": size,
        "accounts": accounts,
        "posts": posts_rows,
        "generate_csv_s": round(gen_s, 2),
        "import_posts": {
            "ours_rows_per_s": round(posts_rows / float(ours["seconds"])),
            "ours_peak_mb": round(float(ours["peak_mb"])),
            "floor_sqlite3_rows_per_s": round(posts_rows / float(floor["seconds"])),
            "ratio_to_floor": round(float(floor["seconds"]) / float(ours["seconds"]), 3),
            "search_index_s": round(float(index["seconds"]), 2),
            "search_index_peak_mb": round(float(index["peak_mb"])),
            "metrics_daily_rows_per_s": round(
                _rows(pq_dir / "metrics_daily.parquet") / float(metrics["seconds"])
            ),
        },
        "vetting_batch": {
            "ours_accounts_per_s": round(accounts / float(vet_pq["seconds"])),
            "ours_seconds": round(float(vet_pq["seconds"]), 2),
            "ours_peak_mb": round(float(vet_pq["peak_mb"])),
            "floor_duckdb_seconds": round(float(duck["seconds"]), 2),
            "floor_duckdb_peak_mb": round(float(duck["peak_mb"])),
            "floor_duckdb_runs_s": [round(float(r["seconds"]), 2) for r in duck_runs],
            "times_floor": round(float(vet_pq["seconds"]) / float(duck["seconds"]), 2),
            "metric_components_seconds": round(float(vet_metrics["seconds"]), 2),
            "metric_components_peak_mb": round(float(vet_metrics["peak_mb"])),
            "metric_components_runs_s": [round(float(r["seconds"]), 2) for r in metric_runs],
            "metric_components_times_floor": round(
                float(vet_metrics["seconds"]) / float(duck["seconds"]), 2
            ),
        },
        "vetting_store": {
            "accounts_per_s": round(accounts / float(vet_store["seconds"])),
            "seconds": round(float(vet_store["seconds"]), 2),
            "peak_mb": round(float(vet_store["peak_mb"])),
        },
    }


def machine() -> dict[str, object]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_gb, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite3_cli": sqlite.split(" ")[0] if sqlite else None,
    }


def markdown(result: dict[str, object]) -> str:
    m = result["machine"]
    lines = [
        "# Import and vetting benchmark",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, {m['os']}, "  # type: ignore[index]
        f"Python {m['python']}, sqlite3 {m['sqlite3_cli']}. Date: {result['date']}.",  # type: ignore[index]
        "",
        "| creators | accounts | posts | import rows/s (ours) | sqlite3 .import rows/s | ratio | "
        "import peak MB | search index s | vetting accounts/s (Parquet) | DuckDB floor s | "
        "ours s | × floor | vetting peak MB | metric vetting s | × floor | "
        "`resonanz vet` accounts/s (store) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["runs"]:  # type: ignore[attr-defined]
        i, v, s = r["import_posts"], r["vetting_batch"], r["vetting_store"]
        lines.append(
            f"| {r['creators']:,} | {r['accounts']:,} | {r['posts']:,} | "
            f"{i['ours_rows_per_s']:,} | "
            f"{i['floor_sqlite3_rows_per_s']:,} | {i['ratio_to_floor']} | {i['ours_peak_mb']} | "
            f"{i.get('search_index_s', '–')} | {v['ours_accounts_per_s']:,} | "
            f"{v['floor_duckdb_seconds']} | {v['ours_seconds']} | "
            f"{v['times_floor']} | {v['ours_peak_mb']} | {v['metric_components_seconds']} | "
            f"{v['metric_components_times_floor']} | {s['accounts_per_s']:,} |"
        )
    lines += [
        "",
        "Targets: import ≥ 0.25 × the sqlite3 floor (goal 0.5); batch vetting within 5× the "
        "DuckDB floor.",
        "Vetting is timed twice: everything `vet_parquet` does (all components of today: tier,",
        "engagement, activity, growth, authenticity and pods, follower quality, comment quality,",
        "ad disclosure, content fit, brand safety, audience fit, cross-platform links) and the",
        "metric vetting alone (`metric_vetting`: tier, engagement with its percentile among peers,",
        "activity, growth, and their composite score, rank score and flags: the vetting the",
        "foundation issue defined).",
        "Both floors and both vetting runs are timed after their modules are imported.",
        f"The DuckDB floor and the metric vetting run {REPEATS} times each, alternating; the",
        "table shows the medians (every run is in the JSON).",
        "Our import time includes process start-up, Django set-up and validation of every cell;",
        "the floor loads raw text into an untyped table without keys or checks.",
        "The full-text search index is rebuilt in its own step (`resonanz search-index`, what",
        "`resonanz import` does at its end by default), timed separately.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--step", nargs="+")
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step[0], args.step[1:])))
        return
    runs = []
    for size in args.sizes:
        print(f"measuring {size:,} creators …", file=sys.stderr)
        runs.append(measure(size, args.seed))
        print(json.dumps(runs[-1], indent=1), file=sys.stderr)
    result = {"date": time.strftime("%Y-%m-%d"), "machine": machine(), "runs": runs}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "import_and_vet.json").write_text(json.dumps(result, indent=2) + "\n")
    md = RESULTS / "import_and_vet.md"
    # the notes written beside earlier runs stay below the new table
    earlier = md.read_text().partition("\nNotes on this run")[1:] if md.exists() else ("", "")
    md.write_text(markdown(result) + "".join(earlier))
    print(markdown(result))


if __name__ == "__main__":
    main()

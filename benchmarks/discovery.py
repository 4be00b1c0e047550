"""Benchmark: discovery search latency on a 10,000-creator demo market (issue 5, item 1).

Builds a seeded demo world (``write_world``), imports the tables search and lookalikes read
(creators, accounts, posts, metrics, audience, follower samples; comments are left out to keep
the run short — they only feed the competitor-engager signal) into a fresh store, then measures:

* building the full-text index (``refresh_search_index``: documents of every account from its
  latest 30 posts, lemmatised and folded, written to FTS5 / tsvector);
* ``search_accounts`` per query (median and 95th percentile of 7 runs; hits), queries from one
  word to a 10 kB paste and FTS5 syntax;
* ``discover`` (search + stored vetting + fees + filters + sort; without a brief the signals are
  not read) and ``lookalikes``. Median of 7 (search) or 3 runs; p95 of so few runs is the slowest.

Usage: ``uv run python benchmarks/discovery.py [--creators 10000] [--db URL] [--reuse]`` (default: a
temporary SQLite file; for PostgreSQL pass e.g. ``postgres://postgres@127.0.0.1:5432/bench``
of an existing empty database). Results go to ``benchmarks/results/discovery-<vendor>.{json,md}``
with the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_and_vet import _peak_mb, machine

RESULTS = Path(__file__).resolve().parent / "results"
TABLES = ("creators", "accounts", "posts", "metrics_daily", "audience", "follower_samples")
QUERIES = (
    "fitness",
    "Rezepte",
    "hautpflege",
    "reisen wandern",
    "Laufschuhe",
    "berlin fitness",
    "#skincare",
    "Naturkosmetik München",
    "zzzqqq",
    'NEAR("a" b) * OR',
    "'; DROP TABLE accounts; --",
    "wort " * 2_000,
)
RUNS = 7


def _timed(fn, runs: int = RUNS):  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return round(statistics.median(times), 2), round(p95, 2), out


def run(creators: int, db: str | None, reuse: bool = False) -> dict[str, object]:
    base = Path(tempfile.mkdtemp(prefix="resonanz-discovery-"))
    os.environ["DATABASE_URL"] = db or f"sqlite:///{base / 'store.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resonanz.web.settings")
    import django

    django.setup()
    from django.db import connection

    from resonanz.core.discovery.filters import DiscoveryFilters
    from resonanz.io.generator import write_world
    from resonanz.web.store.discovery import discover, lookalikes
    from resonanz.web.store.importer import import_paths
    from resonanz.web.store.models import Account
    from resonanz.web.store.search import refresh_search_index, search_accounts
    from resonanz.web.store.services import get_workspace, open_store, vet_workspace

    data = base / "data"
    open_store()
    t_gen: float | None = None
    t_import: float | None = None
    if not (reuse and Account.objects.filter(workspace__name="bench").exists()):
        t0 = time.perf_counter()
        write_world(data, creators, seed=42, fmt="parquet")
        t_gen = time.perf_counter() - t0
        files = [data / f"{t}.parquet" for t in TABLES]
        t0 = time.perf_counter()
        import_paths(files, "bench", base / "errors.csv")  # includes one index build
        t_import = time.perf_counter() - t0
    ws = get_workspace("bench")
    accounts = Account.objects.filter(workspace=ws).count()
    t0 = time.perf_counter()
    indexed = refresh_search_index(ws)
    t_index = time.perf_counter() - t0
    search_accounts(ws, "warm up")  # lemmatiser dictionaries load once per process
    queries = []
    for q in QUERIES:
        med, p95, hits = _timed(lambda q=q: search_accounts(ws, q))
        queries.append({"query": q if len(q) < 60 else f"{q[:20]}… ({len(q)} chars)",
                        "median_ms": med, "p95_ms": p95, "hits": len(hits)})  # fmt: skip
    t0 = time.perf_counter()
    vet_workspace(ws)
    t_vet = time.perf_counter() - t0
    filters = DiscoveryFilters(platforms=("instagram",), min_engagement=0.02)
    d_med, d_p95, found = _timed(lambda: discover(ws, "fitness", filters, limit=25), runs=3)
    first = Account.objects.filter(workspace=ws).order_by("pk").first()
    assert first is not None
    l_med, l_p95, like = _timed(lambda: lookalikes(ws, first.external_id, limit=10), runs=3)
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "load_avg_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "vendor": connection.vendor,
        "creators": creators,
        "accounts": accounts,
        "indexed": indexed,
        "generate_s": None if t_gen is None else round(t_gen, 1),
        "import_s": None if t_import is None else round(t_import, 1),
        "index_build_s": round(t_index, 2),
        "vet_s": round(t_vet, 1),
        "queries": queries,
        "discover_fitness_instagram_er2_ms": {
            "median": d_med,
            "p95": d_p95,
            "total": found.total,
        },
        "lookalikes_ms": {"median": l_med, "p95": l_p95, "rows": like.rows.height},
        "peak_mb": round(_peak_mb()),
    }


def markdown(r: dict) -> str:  # type: ignore[type-arg]
    m = r["machine"]
    lines = [
        f"# Discovery benchmark ({r['vendor']})",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}. "
        f"Load average (1/5/15 min) at the end: {r['load_avg_1_5_15']}. Date: {r['date']}.",
        "",
        f"{r['creators']:,} creators, {r['accounts']:,} accounts ({r['indexed']:,} indexed). "
        f"Import {r['import_s']} s (6 tables, includes one index build; None: store reused); "
        "index build alone "
        f"{r['index_build_s']} s; vetting {r['vet_s']} s; peak memory {r['peak_mb']} MB.",
        "",
        "| query | median ms | p95 ms | hits |",
        "|---|---|---|---|",
    ]
    for q in r["queries"]:
        shown = q["query"].replace("|", "\\|")
        lines.append(f"| `{shown}` | {q['median_ms']} | {q['p95_ms']} | {q['hits']} |")
    d, lk = r["discover_fitness_instagram_er2_ms"], r["lookalikes_ms"]
    lines += [
        "",
        f"`discover('fitness', platform=instagram, ER ≥ 2 %)` — search, stored vetting (JSON "
        f"reports parsed), fees, filters, sort; no brief, so no signals: median {d['median']} ms, "
        f"p95 {d['p95']} ms ({d['total']} found).",
        f"`lookalikes` of one account (TF-IDF over all documents, audience and follower "
        f"similarity): median {lk['median']} ms, p95 {lk['p95']} ms.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=10_000)
    parser.add_argument("--db", default=None, help="Database URL (default: temporary SQLite)")
    parser.add_argument(
        "--reuse", action="store_true", help="Keep the 'bench' workspace already in --db"
    )
    args = parser.parse_args()
    result = run(args.creators, args.db, args.reuse)
    RESULTS.mkdir(exist_ok=True)
    name = f"discovery-{result['vendor']}"
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / f"{name}.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()

"""Web latency under concurrent load: the creators list (plain, filtered, searched), a creator page
and the JSON API on a large workspace.

1. **Build** a workspace of ``--creators`` creators (default 100,000) in a fresh store: a demo world
   of ``--base`` creators (default 2,000) is generated, imported and vetted for real, then cloned
   with SQL (``INSERT … SELECT``: creators, accounts, vetting results and search documents, new ids
   and handles) until the workspace holds the requested number. Clones have no posts; their
   vetting reports are the base account's. Creator pages are measured on base accounts, which
   have their posts, history and comments.
2. **Serve** it with gunicorn (gthread workers) on 127.0.0.1 in a subprocess.
3. **Load** it from a second process: ``--concurrency`` threads (urllib) send ``--requests``
   requests per scenario after a warm-up; latency is measured per request, client side.

Usage: ``uv run python benchmarks/web.py [--creators 100000] [--base 2000] [--concurrency 8]
[--requests 300] [--database-url postgres://…]``. Results: ``benchmarks/results/web.{json,md}``
with the machine, its load and the build times.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
WORKSPACE = "bench"


# ----------------------------------------------------------------------------------- machine


def machine() -> dict[str, Any]:
    """The machine and its load (the benchmark shares it with whatever else runs)."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


# ------------------------------------------------------------------------------------- build


def _django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resonanz.web.settings")
    import django

    django.setup()


def _clone(ws_id: int, round_no: int, base_max: dict[str, int]) -> None:
    """One copy of the base creators, accounts, vetting results and search documents."""
    from django.db import connection, transaction

    suffix = f"-c{round_no}"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "INSERT INTO creators (workspace_id, external_id, name, city, country, language, "
            "niches) SELECT workspace_id, external_id || %s, name, city, country, language, "
            "niches FROM creators WHERE workspace_id = %s AND id <= %s",
            [suffix, ws_id, base_max["creators"]],
        )
        cur.execute(
            "INSERT INTO accounts (workspace_id, external_id, creator_id, platform, handle, "
            "display_name, bio, followers, following, media_count, is_private, has_profile_pic, "
            "is_verified, external_url, country, language) "
            "SELECT a.workspace_id, a.external_id || %s, c2.id, a.platform, a.handle || %s, "
            "a.display_name, a.bio, a.followers, a.following, a.media_count, a.is_private, "
            "a.has_profile_pic, a.is_verified, a.external_url, a.country, a.language "
            "FROM accounts a LEFT JOIN creators c ON c.id = a.creator_id "
            "LEFT JOIN creators c2 ON c2.workspace_id = a.workspace_id "
            "AND c2.external_id = c.external_id || %s "
            "WHERE a.workspace_id = %s AND a.id <= %s",
            [suffix, str(round_no), suffix, ws_id, base_max["accounts"]],
        )
        cur.execute(
            "INSERT INTO vetting_results (workspace_id, account_id, score, confidence, "
            "rank_score, tier, flags, engagement_rate, components, computed_at) "
            "SELECT v.workspace_id, a2.id, v.score, v.confidence, v.rank_score, v.tier, v.flags, "
            "v.engagement_rate, v.components, v.computed_at FROM vetting_results v "
            "JOIN accounts a ON a.id = v.account_id "
            "JOIN accounts a2 ON a2.workspace_id = a.workspace_id "
            "AND a2.external_id = a.external_id || %s "
            "WHERE v.workspace_id = %s AND a.id <= %s",
            [suffix, ws_id, base_max["accounts"]],
        )
        cur.execute(
            "INSERT INTO vetting_reports (workspace_id, account_id, report) "
            "SELECT r.workspace_id, a2.id, r.report FROM vetting_reports r "
            "JOIN accounts a ON a.id = r.account_id "
            "JOIN accounts a2 ON a2.workspace_id = a.workspace_id "
            "AND a2.external_id = a.external_id || %s "
            "WHERE r.workspace_id = %s AND a.id <= %s",
            [suffix, ws_id, base_max["accounts"]],
        )
        key = "account_id" if connection.vendor == "postgresql" else "rowid"
        cur.execute(
            f"INSERT INTO account_search ({key}, handle, body, workspace_id) "
            f"SELECT a2.id, s.handle, s.body, s.workspace_id FROM account_search s "
            f"JOIN accounts a ON a.id = s.{key} JOIN accounts a2 "
            "ON a2.workspace_id = a.workspace_id AND a2.external_id = a.external_id || %s "
            "WHERE a.workspace_id = %s AND a.id <= %s",
            [suffix, ws_id, base_max["accounts"]],
        )


def build(
    env: dict[str, str], creators: int, base: int, work: Path, reuse: bool = False
) -> dict[str, Any]:
    """The workspace, its owner, an API token and a session; returns what the load needs.

    With ``reuse`` the store in ``work`` (from an earlier ``--keep`` run) is used as it is.
    """
    _django(env)
    from django.contrib.auth import (
        get_user_model,
    )
    from django.db import connection

    from resonanz.io.generator import write_world
    from resonanz.web.store.importer import import_paths
    from resonanz.web.store.models import Account, Creator, Workspace
    from resonanz.web.store.services import open_store, vet_workspace
    from resonanz.web.team.models import Membership

    times: dict[str, float] = {}
    if reuse:
        return _credentials(work, times, connection)
    t = time.perf_counter()
    open_store()
    data = work / "world"
    write_world(data, base, seed=7, fmt="parquet")
    (data / "ground_truth.parquet").unlink()
    times["generate_s"] = time.perf_counter() - t
    t = time.perf_counter()
    import_paths([data], WORKSPACE, work / "errors.csv")
    times["import_s"] = time.perf_counter() - t
    ws = Workspace.objects.get(name=WORKSPACE)
    t = time.perf_counter()
    vet_workspace(ws)
    times["vet_s"] = time.perf_counter() - t
    base_max = {
        "creators": Creator.objects.filter(workspace=ws).order_by("-pk").first().pk,  # type: ignore[union-attr]
        "accounts": Account.objects.filter(workspace=ws).order_by("-pk").first().pk,  # type: ignore[union-attr]
    }
    t = time.perf_counter()
    rounds = max(0, -(-creators // base) - 1)
    for r in range(1, rounds + 1):
        _clone(ws.pk, r, base_max)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    else:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    times["clone_s"] = time.perf_counter() - t
    (work / "base.json").write_text(json.dumps(base_max), encoding="utf-8")
    get_user_model().objects.create_user("bench", password=secrets.token_urlsafe(12))
    Membership.objects.create(
        user=get_user_model().objects.get(username="bench"), workspace=ws, role="owner"
    )
    return _credentials(work, times, connection)


def _credentials(work: Path, times: dict[str, float], connection: Any) -> dict[str, Any]:
    """A new API token and session for the bench user, and the ids the scenarios use."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from resonanz.web.store.models import Account, Creator, VettingResult, Workspace
    from resonanz.web.team.models import ApiToken

    ws = Workspace.objects.get(name=WORKSPACE)
    base_max = json.loads((work / "base.json").read_text(encoding="utf-8"))
    counts = {
        "creators": Creator.objects.filter(workspace=ws).count(),
        "accounts": Account.objects.filter(workspace=ws).count(),
        "vetted": VettingResult.objects.filter(workspace=ws).count(),
    }
    user = get_user_model().objects.get(username="bench")
    _, token = ApiToken.issue(user, "bench")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    accounts = list(
        VettingResult.objects.filter(workspace=ws, account_id__lte=base_max["accounts"])
        .select_related("account")
        .order_by("account_id")[:50]
    )
    niches: dict[str, int] = {}
    for c in Creator.objects.filter(workspace=ws, pk__lte=base_max["creators"]):
        for n in c.niches or []:
            niches[n] = niches.get(n, 0) + 1
    common = sorted(niches.items(), key=lambda kv: -kv[1])
    sample = VettingResult.objects.filter(workspace=ws).select_related("account").first()
    assert sample is not None
    return {
        "times": times,
        "counts": counts,
        "base_creators": Creator.objects.filter(workspace=ws, pk__lte=base_max["creators"]).count(),
        "vendor": connection.vendor,
        "db_version": _db_version(connection),
        "token": token,
        "session": session.session_key,
        "account_ids": [v.account.external_id for v in accounts],
        "account_pks": [v.account_id for v in accounts],
        "creator_pks": [v.account.creator_id for v in accounts if v.account.creator_id],
        "niche": common[0][0] if common else "fitness",
        "word": common[1][0] if len(common) > 1 else "food",
        "platform": sample.account.platform,
        "tier": "micro",
    }


def _db_version(connection: Any) -> str:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SHOW server_version")
        else:
            cur.execute("SELECT sqlite_version()")
        return str(cur.fetchone()[0])


# -------------------------------------------------------------------------------------- load


def _one(url: str, headers: dict[str, str]) -> tuple[float, int]:
    request = urllib.request.Request(url, headers=headers)
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return time.perf_counter() - t, status


def _scenario(
    urls: list[str], headers: dict[str, str], concurrency: int, requests: int
) -> dict[str, Any]:
    warm = min(len(urls), 2 * concurrency)
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lambda u: _one(u, headers), urls[:warm]))
        plan = [urls[i % len(urls)] for i in range(requests)]
        t = time.perf_counter()
        results = list(pool.map(lambda u: _one(u, headers), plan))
        wall = time.perf_counter() - t
    lat = sorted(r[0] * 1000 for r in results)
    statuses: dict[str, int] = {}
    for _, s in results:
        statuses[str(s)] = statuses.get(str(s), 0) + 1

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, round(p / 100 * (len(lat) - 1)))], 1)

    return {
        "requests": requests,
        "concurrency": concurrency,
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "mean_ms": round(statistics.fmean(lat), 1),
        "max_ms": round(lat[-1], 1),
        "throughput_rps": round(requests / wall, 1),
        "statuses": statuses,
    }


def load(base_url: str, info: dict[str, Any], concurrency: int, requests: int, queue: Any) -> None:
    """The load generator (runs in its own process): every scenario in turn."""
    api = {"Authorization": f"Bearer {info['token']}"}
    page = {"Cookie": f"sessionid={info['session']}"}
    flt = f"platform={info['platform']}&tier={info['tier']}&min_score=40"
    ids, pks, cpks = info["account_ids"], info["account_pks"], info["creator_pks"]
    scenarios: list[tuple[str, list[str], dict[str, str]]] = [
        ("api_list", [f"{base_url}/api/creators?limit=50"], api),
        ("api_list_filtered", [f"{base_url}/api/creators?{flt}&limit=50"], api),
        ("api_list_niche", [f"{base_url}/api/creators?niche={info['niche']}&limit=50"], api),
        ("api_list_searched", [f"{base_url}/api/creators?q={info['word']}&limit=50"], api),
        ("api_list_offset_50000", [f"{base_url}/api/creators?limit=50&offset=50000"], api),
        ("api_creator", [f"{base_url}/api/creators/{a}" for a in ids], api),
        ("api_creator_fee", [f"{base_url}/api/creators/{a}/fee" for a in ids], api),
    ]
    if info.get("pages"):
        scenarios += [
            ("page_list", [f"{base_url}/creators/"], page),
            ("page_list_filtered", [f"{base_url}/creators/?{flt}"], page),
            ("page_list_searched", [f"{base_url}/creators/?q={info['word']}"], page),
            ("page_account", [f"{base_url}/accounts/{p}/" for p in pks], page),
            ("page_creator", [f"{base_url}/creators/{p}/" for p in cpks], page),
        ]
    only = set(info.get("only") or [])
    out = {}
    for name, urls, headers in scenarios:
        if only and name not in only:
            continue
        out[name] = _scenario(urls, headers, concurrency, requests)
        print(f"{name}: {out[name]}", file=sys.stderr, flush=True)
    queue.put(out)


# ------------------------------------------------------------------------------------ server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, seconds: float = 60) -> None:
    end = time.time() + seconds
    while time.time() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer {url}")


def _has_pages(base_url: str, session: str) -> bool:
    request = urllib.request.Request(
        f"{base_url}/creators/", headers={"Cookie": f"sessionid={session}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as r:
            return r.status == 200
    except urllib.error.HTTPError:
        return False


# -------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--creators", type=int, default=100_000)
    parser.add_argument("--base", type=int, default=2_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--out", default=str(RESULTS / "web"))
    parser.add_argument("--keep", action="store_true", help="keep the store and the temp folder")
    parser.add_argument("--reuse", default=None, help="a folder kept by --keep: skip the build")
    parser.add_argument("--build-times", default=None, help="JSON of the reused store's build")
    parser.add_argument("--only", default="", help="comma-separated scenario names to run")
    args = parser.parse_args()

    work = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="resonanz-web-bench-"))
    (work / "static").mkdir(exist_ok=True)
    url = args.database_url or f"sqlite:///{work / 'bench.sqlite3'}"
    env = {
        "DATABASE_URL": url,
        "RESONANZ_SECRET_KEY": secrets.token_urlsafe(40),
        "RESONANZ_DEBUG": "0",
        "RESONANZ_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "RESONANZ_STATIC_ROOT": str(work / "static"),
        "RESONANZ_LOG_LEVEL": "ERROR",
    }
    before = machine()
    t = time.perf_counter()
    info = build(env, args.creators, args.base, work, reuse=bool(args.reuse))
    if args.reuse:
        info["times"] = json.loads(args.build_times) if args.build_times else {}
        info["times"]["reused_store"] = 1
    else:
        info["times"]["build_total_s"] = time.perf_counter() - t
    print(f"built: {info['counts']} in {info['times']}", file=sys.stderr, flush=True)

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    server_cmd = [
        sys.executable, "-m", "gunicorn", "resonanz.web.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
        "--threads", str(args.threads), "--worker-class", "gthread",
        "--log-level", "warning", "--timeout", "120",
    ]  # fmt: skip
    server = subprocess.Popen(server_cmd, cwd=ROOT, env={**os.environ, **env})
    try:
        _wait(f"{base_url}/api/health")
        info["pages"] = _has_pages(base_url, info["session"])
        info["only"] = [x for x in args.only.split(",") if x]
        queue: Any = mp.get_context("spawn").Queue()
        client = mp.get_context("spawn").Process(
            target=load, args=(base_url, info, args.concurrency, args.requests, queue)
        )
        client.start()
        scenarios = queue.get()
        client.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    after = machine()
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": before,
        "load_avg_after": after["load_avg"],
        "database": {"vendor": info["vendor"], "version": info["db_version"]},
        "server": {
            "gunicorn_workers": args.workers,
            "threads": args.threads,
            "worker_class": "gthread",
        },
        "client": {"process": "separate (spawn)", "concurrency": args.concurrency},
        "workspace": {**info["counts"], "base_creators": info["base_creators"]},
        "build_s": {k: round(v, 1) for k, v in info["times"].items()},
        "pages_measured": info["pages"],
        "scenarios": scenarios,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    if not args.keep and not args.reuse:
        shutil.rmtree(work, ignore_errors=True)


def markdown(r: dict[str, Any]) -> str:
    """The results as a Markdown table with the machine and the build."""
    m, w = r["machine"], r["workspace"]
    lines = [
        "# Web latency under load",
        "",
        f"Date: {r['date']}. Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, "
        f"{m['os']}, Python {m['python']}; load average before {m['load_avg']}, after "
        f"{r['load_avg_after']} (the machine is shared).",
        f"Database: {r['database']['vendor']} {r['database']['version']}. Server: gunicorn "
        f"{r['server']['gunicorn_workers']} workers × {r['server']['threads']} threads (gthread) "
        f"on 127.0.0.1; client: a separate process, {r['client']['concurrency']} concurrent "
        "connections (urllib, one connection per request).",
        f"Workspace: {w['creators']:,} creators, {w['accounts']:,} accounts, {w['vetted']:,} "
        f"vetted ({w['base_creators']:,} generated, imported and vetted; the rest cloned in SQL). "
        f"Build: {r['build_s']}.",
        "",
        "| scenario | requests | p50 ms | p95 ms | p99 ms | mean ms | req/s | statuses |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, s in r["scenarios"].items():
        lines.append(
            f"| {name} | {s['requests']} | {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} | "
            f"{s['mean_ms']} | {s['throughput_rps']} | {s['statuses']} |"
        )
    if not r["pages_measured"]:
        lines += ["", "Pages were not measured: `/creators/` did not answer 200."]
    lines += [
        "",
        "Reproduce: `python3 -m uv run --frozen python benchmarks/web.py` "
        "(options: `--creators`, `--base`, `--concurrency`, `--requests`, `--database-url`).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

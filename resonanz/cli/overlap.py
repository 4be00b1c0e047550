"""``resonanz overlap HANDLE HANDLE…``: audience overlap of creators and their deduplicated reach.

Pairs: common followers estimated from the follower samples (exact when the samples are the
whole follower lists), each with its standard error; the set: deduplicated reach with its error
and method (docs/planning.md, "Audience overlap").
"""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from resonanz.cli.main import STATE, _print_json, _workspace, app, err, out

_TEXT: dict[str, dict[str, str]] = {
    "title": {"de": "Zielgruppen-Überschneidung", "en": "Audience overlap"},
    "pair": {"de": "Paar", "en": "Pair"},
    "samples": {"de": "Stichproben", "en": "Samples"},
    "shared_names": {"de": "gemeinsam (Stichprobe)", "en": "shared (sample)"},
    "shared": {
        "de": "gemeinsame Follower (geschätzt ± Fehler, 95 %-Obergrenze)",
        "en": "shared followers (estimate ± error, 95 % upper limit)",
    },
    "jaccard": {"de": "Jaccard", "en": "Jaccard"},
    "method": {"de": "Methode", "en": "Method"},
    "reach": {
        "de": "Deduplizierte Reichweite: {unique} von {total} Followern ({dup} doppelt), "
        "Standardfehler ± {se} ({method})",
        "en": "Deduplicated reach: {unique} of {total} followers ({dup} duplicates), "
        "standard error ± {se} ({method})",
    },
    "no_sample": {
        "de": "Ohne Follower-Stichprobe (voll gezählt): {accounts}",
        "en": "Without a follower sample (counted in full): {accounts}",
    },
    "need_two": {
        "de": "Bitte mindestens zwei Creator angeben (Handle oder Account-ID).",
        "en": "Please name at least two creators (handle or account id).",
    },
    "unknown_account": {
        "de": "Account '{account}' gibt es im Workspace '{workspace}' nicht (Handle oder ID).",
        "en": "No account '{account}' in workspace '{workspace}' (handle or id).",
    },
    "exact": {"de": "exakt", "en": "exact"},
    "sample": {"de": "Stichprobe hochgerechnet", "en": "scaled sample"},
    "minhash": {"de": "MinHash", "en": "MinHash"},
    "hyperloglog": {"de": "HyperLogLog", "en": "HyperLogLog"},
    "none": {"de": "keine Stichproben", "en": "no samples"},
}


def _t(key: str, **kw: Any) -> str:
    entry = _TEXT[key]
    return entry.get(STATE.lang, entry["de"]).format(**kw)


def _pair_json(p: Any, handles: dict[str, str]) -> dict[str, Any]:
    e = p.estimate
    return {
        "a": p.a, "b": p.b, "handle_a": handles.get(p.a), "handle_b": handles.get(p.b),
        "sample_a": p.sample_a, "sample_b": p.sample_b,
        "shared_names": round(p.shared_names, 3), "shared_followers": round(e.shared, 1),
        "se": round(e.se, 1), "upper95": round(e.upper95, 1), "jaccard": round(e.jaccard, 5),
        "exact": e.exact, "method": p.method,
    }  # fmt: skip


@app.command()
def overlap(
    accounts: list[str] = typer.Argument(..., help="Zwei oder mehr Handles oder Account-IDs."),
    as_json: bool = typer.Option(False, "--json", help="Als JSON."),
) -> None:
    """Zielgruppen-Überschneidung je Paar und deduplizierte Reichweite, mit Fehler."""
    if len(accounts) < 2:
        err.print(f"[red]{_t('need_two')}[/red]")
        raise typer.Exit(1)
    ws = _workspace()
    from resonanz.core.config import load_defaults
    from resonanz.ml.overlap import dedup_reach, reach_json
    from resonanz.web.store.discovery import UnknownAccount, find_account
    from resonanz.web.store.services import workspace_audiences

    ids: list[str] = []
    for key in accounts:
        try:
            acc = find_account(ws, key)
        except UnknownAccount:
            msg = _t("unknown_account", account=key, workspace=ws.name)
            err.print(f"[red]{escape(msg)}[/red]")
            raise typer.Exit(1) from None
        if acc.external_id not in ids:
            ids.append(acc.external_id)
    settings = load_defaults().planner.overlap
    auds = workspace_audiences(ws, ids)
    chosen = [auds[i] for i in ids if i in auds]
    handles = {a.account_id: a.handle for a in chosen}
    reach = dedup_reach(chosen, settings)
    data = {
        "pairs": [_pair_json(p, handles) for p in reach.pairs],
        "reach": reach_json(reach),
    }
    if as_json:
        _print_json(data)
        return
    table = Table(title=_t("title"), title_justify="left")
    for key in ("pair", "samples", "shared_names", "shared", "jaccard", "method"):
        table.add_column(_t(key), justify="left" if key in ("pair", "method") else "right")
    for p in data["pairs"]:
        table.add_row(
            escape(f"@{p['handle_a']} × @{p['handle_b']}"),
            f"{p['sample_a']} / {p['sample_b']}",
            f"{p['shared_names']:g}",
            f"{p['shared_followers']:,.0f} ± {p['se']:,.0f} (≤ {p['upper95']:,.0f})",
            f"{p['jaccard']:.3f}",
            _t(p["method"]),
        )
    out.print(table)
    r = data["reach"]
    out.print(
        _t("reach", unique=f"{r['unique_followers']:,.0f}", total=f"{r['followers_total']:,.0f}",
           dup=f"{r['duplicate_share']:.1%}", se=f"{r['se']:,.0f}", method=_t(r["method"]))
    )  # fmt: skip
    if r["without_sample"]:
        names = ", ".join(f"@{handles.get(a, a)}" for a in r["without_sample"])
        out.print(_t("no_sample", accounts=escape(names)))

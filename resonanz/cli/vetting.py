"""CLI commands that vet, report and show the store: vet, report, status, demo."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from resonanz.cli.main import STATE, _print_json, _progress, _workspace, app, err, out
from resonanz.cli.messages import msg


def _num(value: float | int | None, lang: str, digits: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    if lang == "de":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def _er(report: Any) -> float | None:
    comp = report.component("engagement")
    return comp.value if comp is not None and isinstance(comp.value, float) else None


def _row(report: Any, rank: int, lang: str) -> list[str]:
    er = _er(report)
    return [
        str(rank),
        report.handle,
        report.platform,
        report.tier or "–",
        _num(report.followers, lang),
        "–" if er is None else _num(er * 100, lang, 2) + " %",
        _num(report.score, lang, 1),
        _num(report.confidence * 100, lang) + " %",
        ", ".join(report.flags),
    ]


_COLUMNS = (
    "col_rank",
    "col_handle",
    "col_platform",
    "col_tier",
    "col_followers",
    "col_er",
    "col_score",
    "col_confidence",
    "col_flags",
)


def _table(title: str, reports: list[Any], lang: str) -> Table:
    table = Table(title=title, title_justify="left")
    for key in _COLUMNS:
        right = key in {"col_rank", "col_followers", "col_er", "col_score", "col_confidence"}
        table.add_column(msg(key, lang), justify="right" if right else "left")
    for i, r in enumerate(reports, start=1):
        table.add_row(*_row(r, i, lang))
    return table


def _flat(report: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "account_id": report.account_id,
        "handle": report.handle,
        "platform": report.platform,
        "followers": report.followers,
        "tier": report.tier,
        "score": report.score,
        "confidence": report.confidence,
        "flags": " ".join(report.flags),
    }
    for c in report.components:
        row[f"{c.key}_score"] = c.score
        row[f"{c.key}_confidence"] = c.confidence
        row[f"{c.key}_value"] = c.value
    return row


BRIEF_OPTION = typer.Option(
    None,
    "--brief",
    exists=True,
    dir_okay=False,
    help="Briefing (YAML): Nischen, Keywords, Zielgruppe – zählt Content- und Zielgruppen-Passung.",
)


def load_brief(path: Path | None) -> Any:
    """The brief in ``path`` (YAML) or None; a bad file ends the command naming the field."""
    if path is None:
        return None
    from resonanz.core.brief import BriefError, parse_brief

    try:
        return parse_brief(path.read_text(encoding="utf-8-sig"), source=str(path))
    except (BriefError, UnicodeDecodeError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None


def _run_vetting(ws: Any, brief: Any = None) -> int:
    from resonanz.web.store.services import vet_workspace

    with _progress() as bar:
        task = bar.add_task(msg("vetting", STATE.lang), total=None)
        outcome = vet_workspace(
            ws, brief=brief, progress=lambda i, n: bar.update(task, completed=i, total=n)
        )
    return outcome.frame.height


@app.command()
def vet(
    accounts: list[str] = typer.Argument(None, help="Account-IDs; ohne Angabe: alle."),
    as_json: bool = typer.Option(False, "--json", help="Vollständige Berichte als JSON."),
    as_csv: bool = typer.Option(False, "--csv", help="Eine Zeile je Account als CSV."),
    limit: int = typer.Option(25, "--limit", help="Zeilen in der Tabelle."),
    brief_file: Path = BRIEF_OPTION,
) -> None:
    """Prüft Accounts: Stufe, Engagement, Aktivität, Wachstum und resonanz-Score mit Gründen."""
    brief = load_brief(brief_file)
    ws = _workspace()
    from resonanz.web.store import services

    if _run_vetting(ws, brief) == 0:
        err.print(msg("no_accounts", STATE.lang, workspace=ws.name))
        raise typer.Exit(1)
    wanted = accounts or None
    missing = set(accounts) - services.vetted_ids(ws, accounts) if accounts else set()
    for account in sorted(missing):
        err.print(f"[red]{msg('unknown_account', STATE.lang, account=account)}[/red]")
    if as_json:
        _print_json(services.stored_report_data(ws, wanted))
    elif as_csv:
        rows = [_flat(r) for r in services.stored_reports(ws, wanted)]
        writer = csv.DictWriter(
            sys.stdout, fieldnames=list(dict.fromkeys(k for r in rows for k in r))
        )
        writer.writeheader()
        writer.writerows(rows)
    else:
        count = services.count_results(ws, wanted)
        top = services.stored_reports(ws, wanted, limit=limit)
        out.print(_table(msg("vetted", STATE.lang, count=count), top, STATE.lang))
    if missing:
        raise typer.Exit(1)


@app.command()
def status(as_json: bool = typer.Option(False, "--json", help="Als JSON.")) -> None:
    """Zeigt, was im Workspace gespeichert ist."""
    ws = _workspace(create=True)
    from resonanz.web.store.services import status as store_status

    data = store_status(ws)
    if as_json:
        _print_json(data)
        return
    table = Table(title=f"Workspace: {data['workspace']}", title_justify="left")
    table.add_column(msg("col_table", STATE.lang))
    table.add_column(msg("col_rows", STATE.lang), justify="right")
    for name, count in data["counts"].items():  # type: ignore[attr-defined]
        table.add_row(name, _num(count, STATE.lang))
    out.print(table)


@app.command()
def export(
    out_dir: Path = typer.Argument(..., help="Zielordner."),
    fmt: str = typer.Option("csv", "--format", help="csv, jsonl oder parquet."),
) -> None:
    """Exportiert alle Tabellen des Workspace im Format des Datenvertrags (wieder importierbar)."""
    if fmt not in {"csv", "jsonl", "parquet"}:
        raise typer.BadParameter("csv, jsonl or parquet", param_hint="--format")
    ws = _workspace()
    from resonanz.web.store.services import export_workspace

    for table, path in export_workspace(ws, out_dir, fmt).items():
        err.print(f"{table}: {path}")


def _write_report(ws: Any, out_dir: Path) -> Path:
    from resonanz.report.html import AccountSeries, write_report
    from resonanz.web.store.services import account_context, chart_series, stored_reports

    reports = stored_reports(ws)
    context = {r["account_id"]: r for r in account_context(ws).to_dicts()}
    series = chart_series(ws)

    def provide(account_id: str) -> AccountSeries:
        posts, metrics = series(account_id)
        ctx = context.get(account_id, {})
        return AccountSeries(
            posts=posts,
            metrics=metrics,
            creator_name=ctx.get("name"),
            city=ctx.get("city"),
            niches=tuple(ctx.get("niches") or ()),
        )

    with _progress() as bar:
        task = bar.add_task(msg("report_writing", STATE.lang), total=len(reports))
        return write_report(
            out_dir,
            reports,
            provide,
            lang=STATE.lang,
            title=f"resonanz – {ws.name}",
            progress=lambda n: bar.update(task, completed=n),
        )


@app.command()
def report(
    out_dir: Path = typer.Option(Path("resonanz-report"), "--out", help="Zielordner."),
    brief_file: Path = BRIEF_OPTION,
) -> None:
    """Schreibt den HTML-Bericht (Rangliste + eine Seite je Creator), offline lesbar."""
    brief = load_brief(brief_file)
    ws = _workspace()
    if _run_vetting(ws, brief) == 0:
        err.print(msg("no_accounts", STATE.lang, workspace=ws.name))
        raise typer.Exit(1)
    index = _write_report(ws, out_dir)
    out.print(msg("report_written", STATE.lang, path=index.resolve()))


def print_top_per_niche(
    ws: Any, per_niche: int = 5, niches: int = 6, min_confidence: float = 0.6
) -> None:
    """The best vetted creators of the largest niches, as tables.

    Private users (below the nano tier) and verdicts on thin data are left out of these lists: a
    top list should only hold creators one could book with confidence.
    """
    from resonanz.web.store.services import account_context, stored_reports

    reports = [
        r
        for r in stored_reports(ws)
        if r.tier not in (None, "private") and r.confidence >= min_confidence
    ]
    ctx = {r["account_id"]: r.get("niches") or [] for r in account_context(ws).to_dicts()}
    by_niche: dict[str, list[Any]] = {}
    for r in reports:
        for niche in ctx.get(r.account_id, [])[:1]:
            by_niche.setdefault(niche, []).append(r)
    biggest = sorted(by_niche, key=lambda n: -len(by_niche[n]))[:niches]
    for niche in sorted(biggest):
        title = msg("top_title", STATE.lang, niche=niche)
        out.print(_table(title, by_niche[niche][:per_niche], STATE.lang))

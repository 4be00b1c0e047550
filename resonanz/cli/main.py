"""The ``resonanz`` command: parse, call the library, print (tables for people, JSON/CSV for tools).

Exit status: 0 success; 3 some input rows rejected; 1 fatal (unreadable file, store unavailable);
2 usage error (from the CLI library).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from resonanz.cli.messages import msg
from resonanz.core.import_reasons import translate_reason

app = typer.Typer(
    help="resonanz – Micro-Influencer finden, prüfen, fair bezahlen, planen und messen.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
quarantine_app = typer.Typer(
    help="Abgelehnte Zeilen ansehen und exportieren.", no_args_is_help=True
)
app.add_typer(quarantine_app, name="quarantine")

# Piped or logged output gets a wide fixed width, so tables are not squeezed to 80 columns.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)


class Lang(StrEnum):
    de = "de"
    en = "en"


class Fmt(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


@dataclass
class State:
    """Global options of one invocation."""

    workspace: str = "default"
    lang: str = "de"
    db_ready: bool = False

    def store(self) -> None:
        """Connect Django to the store and create/upgrade its tables (once)."""
        if self.db_ready:
            return
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resonanz.web.settings")
        import django
        from django.db.utils import OperationalError

        from resonanz.settings import SettingsError

        try:
            django.setup()
            from resonanz.web.store.services import open_store

            open_store()
        except (SettingsError, OperationalError) as exc:
            err.print(f"[red]{msg('store_error', self.lang, reason=exc)}[/red]")
            raise typer.Exit(1) from exc
        self.db_ready = True


STATE = State()


@app.callback()
def main(
    db: str | None = typer.Option(
        None, "--db", help="Datenbank-URL (Standard: DATABASE_URL oder ./resonanz.sqlite3)."
    ),
    workspace: str = typer.Option("default", "--workspace", "-w", help="Workspace (Marke/Kunde)."),
    lang: Lang = typer.Option(Lang.de, "--lang", help="Sprache der Ausgaben: de oder en."),
) -> None:
    """Global options come before the command: resonanz --workspace kunde-a import daten/"""
    if db:
        os.environ["DATABASE_URL"] = db
    STATE.workspace, STATE.lang = workspace, lang.value


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
        disable=not err.is_terminal and os.environ.get("RESONANZ_PROGRESS") != "1",
    )


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _workspace(create: bool = False) -> Any:
    STATE.store()
    from resonanz.web.store.services import UnknownWorkspace, get_workspace

    try:
        return get_workspace(STATE.workspace, create=create)
    except UnknownWorkspace as exc:
        err.print(f"[red]{msg('unknown_workspace', STATE.lang, workspace=STATE.workspace)}[/red]")
        raise typer.Exit(1) from exc


@app.command()
def generate(
    out_dir: Path = typer.Option(Path("demo-data"), "--out", help="Zielordner."),
    creators: int = typer.Option(2000, "--creators", min=1, help="Anzahl Creator."),
    seed: int = typer.Option(
        42, "--seed", help="Zufallsstartwert (gleicher Wert = gleiche Daten)."
    ),
    fmt: Fmt = typer.Option(Fmt.csv, "--format", help="csv, jsonl oder parquet."),
) -> None:
    """Erzeugt einen realistischen deutschen Demo-Markt (mit Ground Truth)."""
    from resonanz.io.generator import write_world

    with _progress() as bar:
        task = bar.add_task(msg("generating", STATE.lang), total=creators)
        write_world(out_dir, creators, seed, fmt.value, lambda n: bar.update(task, completed=n))
    err.print(msg("generated", STATE.lang, creators=creators, out=out_dir))


def _default_errors_path() -> Path:
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return Path(str(name)).with_name("import-errors.csv")
    return Path("import-errors.csv")


@app.command("import")
def import_(
    paths: list[Path] = typer.Argument(..., help="Dateien oder Ordner (CSV, JSONL, Parquet)."),
    table: str | None = typer.Option(None, "--table", help="Tabelle erzwingen, z. B. posts."),
    errors: Path | None = typer.Option(None, "--errors", help="Fehlerbericht (CSV) hierhin."),
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON."),
    search_index: bool = typer.Option(
        True,
        "--search-index/--no-search-index",
        help="Suchindex danach neu aufbauen (Standard). Bei Massenimporten in mehreren Schritten "
        "--no-search-index und am Ende `resonanz search-index`.",
    ),
) -> None:
    """Importiert Creator-Daten; fehlerhafte Zeilen landen mit Grund in der Quarantäne."""
    from resonanz.core.contracts import ALL_TABLE_MODELS

    if table and table not in ALL_TABLE_MODELS:
        raise typer.BadParameter(
            f"{table!r}: one of {', '.join(ALL_TABLE_MODELS)}", param_hint="--table"
        )
    _workspace(create=True)
    from resonanz.web.store.importer import import_paths

    errors_path = errors or _default_errors_path()
    with _progress() as bar:
        task = bar.add_task("", total=None)

        def tick(name: str, rows: int) -> None:
            bar.update(task, description=msg("importing", STATE.lang, file=name), completed=rows)

        summary = import_paths(paths, STATE.workspace, errors_path, table, tick, search_index)
    if as_json:
        _print_json(summary.as_dict())
    else:
        _print_import(summary)
    raise typer.Exit(summary.exit_code)


@app.command("search-index")
def search_index_() -> None:
    """Baut den Volltext-Suchindex des Workspaces neu auf (nach `import --no-search-index`)."""
    ws = _workspace()
    from resonanz.web.store.search import refresh_search_index

    with _progress() as bar:
        task = bar.add_task(msg("search_index", STATE.lang), total=None)
        count = refresh_search_index(
            ws, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    out.print(msg("search_index_done", STATE.lang, count=count))


def _print_import(summary: Any) -> None:
    lang = STATE.lang
    for f in summary.files:
        if f.fatal:
            err.print(f"[red]{msg('import_fatal', lang, reason=f.fatal)}[/red]")
            continue
        style = "yellow" if f.rows_rejected else "green"
        line = msg(
            "import_done",
            lang,
            file=f.file,
            imported=f.rows_imported,
            rejected=f.rows_rejected,
            table=f.table,
        )
        out.print(f"[{style}]{line}[/{style}]")
        for note in f.notes:
            out.print(f"  [dim]{note}[/dim]")
    if summary.error_count:
        table = Table(title=msg("error_table_title", lang))
        for key in ("col_file", "col_line", "col_field", "col_value", "col_reason"):
            table.add_column(msg(key, lang))
        for e in summary.sample[:20]:
            table.add_row(
                Path(e["file"]).name,
                str(e["line"]),
                e["field"],
                str(e["value"] or "")[:40],
                translate_reason(e["reason"], lang),
            )
        out.print(table)
        if summary.error_count > 20:
            out.print(msg("more_errors", lang, count=summary.error_count - 20))
        out.print(msg("errors_written", lang, count=summary.error_count, path=summary.errors_path))


@quarantine_app.command("list")
def quarantine_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """Listet die Zeilen in Quarantäne mit ihren Gründen."""
    ws = _workspace()
    from resonanz.web.store.models import QuarantinedRow

    rows = list(
        QuarantinedRow.objects.filter(workspace=ws)
        .order_by("table", "file", "line")
        .values("table", "file", "line", "row_key", "errors")
    )
    if as_json:
        _print_json(rows)
        return
    if not rows:
        out.print(msg("quarantine_empty", STATE.lang))
        return
    table = Table()
    for key in ("col_table", "col_file", "col_line", "col_reason"):
        table.add_column(msg(key, STATE.lang))
    for r in rows:
        reasons = "; ".join(translate_reason(e, STATE.lang) for e in r["errors"])
        table.add_row(r["table"], Path(r["file"]).name, str(r["line"]), reasons)
    out.print(table)


@quarantine_app.command("export")
def quarantine_export(out_dir: Path = typer.Argument(..., help="Zielordner.")) -> None:
    """Schreibt die Quarantäne als CSV je Tabelle (mit Spalte _errors) zum Korrigieren."""
    ws = _workspace()
    from resonanz.web.store.models import QuarantinedRow

    out_dir.mkdir(parents=True, exist_ok=True)
    by_table: dict[str, list[QuarantinedRow]] = {}
    for row in QuarantinedRow.objects.filter(workspace=ws).order_by("table", "file", "line"):
        by_table.setdefault(row.table, []).append(row)
    for name, rows in by_table.items():
        columns = list(dict.fromkeys(k for r in rows for k in r.raw if not k.startswith("_")))
        with (out_dir / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([*columns, "_errors"])
            for r in rows:
                writer.writerow([r.raw.get(c) or "" for c in columns] + ["; ".join(r.errors)])
    total = sum(len(v) for v in by_table.values())
    err.print(msg("quarantine_exported", STATE.lang, count=total, out=out_dir))

"""`resonanz demo`: from nothing to a vetted, explained report of a generated German market."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from resonanz.cli.main import STATE, app, err, out
from resonanz.cli.messages import msg


@app.command()
def demo(
    creators: int = typer.Option(2000, "--creators", min=10, help="Anzahl Creator im Demo-Markt."),
    seed: int = typer.Option(42, "--seed", help="Zufallsstartwert."),
    out_dir: Path = typer.Option(Path("resonanz-demo"), "--out", help="Arbeitsordner der Demo."),
    port: int = typer.Option(
        8000, "--port", min=1, max=65535, help="Port der Web-App (nur interaktiv)."
    ),
) -> None:
    """Erzeugt den Demo-Markt, importiert, prüft jeden Account und schreibt den HTML-Bericht.

    Im Terminal (interaktiv) startet danach die Web-App (wie ``resonanz serve``).
    """
    from resonanz.cli.vetting import _run_vetting, _write_report, print_top_per_niche
    from resonanz.io.generator import write_world

    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{(out_dir / 'resonanz.sqlite3').resolve()}")
    lang = STATE.lang
    data_dir = out_dir / "data"

    err.print(msg("demo_step", lang, n=1, what=msg("generating", lang)))
    from resonanz.cli.main import _progress

    with _progress() as bar:
        task = bar.add_task(msg("generating", lang), total=creators)
        write_world(data_dir, creators, seed, "parquet", lambda n: bar.update(task, completed=n))

    err.print(msg("demo_step", lang, n=2, what=msg("importing", lang, file=data_dir)))
    from resonanz.cli.main import _workspace

    ws = _workspace(create=True)
    from resonanz.web.store.importer import import_paths

    summary = import_paths([data_dir], STATE.workspace, out_dir / "import-errors.csv")
    for f in summary.files:
        if f.fatal:
            err.print(f"[red]{msg('import_fatal', lang, reason=f.fatal)}[/red]")
            raise typer.Exit(1)
        line = msg(
            "import_done",
            lang,
            file=Path(f.file).name,
            imported=f.rows_imported,
            rejected=f.rows_rejected,
            table=f.table,
        )
        err.print(f"  {line}")

    err.print(msg("demo_step", lang, n=3, what=msg("vetting", lang)))
    _run_vetting(ws)
    print_top_per_niche(ws)

    err.print(msg("demo_step", lang, n=4, what=msg("report_writing", lang)))
    index = _write_report(ws, out_dir / "report")
    out.print(msg("report_written", lang, path=index.resolve()))

    # Interactive runs go on to the web app; scripts and CI stop after the report.
    if sys.stdin.isatty() and sys.stdout.isatty():
        from resonanz.cli.serve import run_server

        run_server(port)

"""``resonanz comments classify FILE --text-column NAME``: label any file of comments.

Needs no store: it reads the file (CSV — also ``;`` and Windows-1252 exports —, JSON Lines or
Parquet), classifies every data row as meaningful, generic_praise, emoji_only or spam and detects
its language. ``--json`` prints one object per data row (``row`` 1-based, header excluded;
blank CSV lines are not rows): ``{"row", "class", "language", "rule"}``. Without ``--json`` a
table of the first rows and the counts per class and language.

Exit status: 0 done; 1 the file cannot be read; 2 usage error (e.g. the column is missing).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from resonanz.cli.main import STATE, _print_json, app, err, out

comments_app = typer.Typer(
    help="Kommentarqualität: Kommentare klassifizieren (ohne Datenbank).", no_args_is_help=True
)
app.add_typer(comments_app, name="comments")

_TEXT: dict[str, dict[str, str]] = {
    "missing_column": {
        "de": "Spalte {column!r} fehlt in {file}. Vorhandene Spalten: {columns}",
        "en": "Column {column!r} is missing in {file}. Columns: {columns}",
    },
    "unreadable": {"de": "Nicht lesbar: {reason}", "en": "Unreadable: {reason}"},
    "bad_json": {
        "de": "Zeile {line}: kein gültiges JSON-Objekt – als leerer Text gewertet.",
        "en": "Line {line}: not a valid JSON object – counted as empty text.",
    },
    "title": {"de": "Kommentare (erste {n} Zeilen)", "en": "Comments (first {n} rows)"},
    "counts": {"de": "{n} Kommentare je Klasse", "en": "{n} comments per class"},
    "languages": {"de": "Sprachen", "en": "Languages"},
    "col_row": {"de": "Zeile", "en": "Row"},
    "col_class": {"de": "Klasse", "en": "Class"},
    "col_language": {"de": "Sprache", "en": "Language"},
    "col_rule": {"de": "Regel", "en": "Rule"},
    "col_text": {"de": "Text", "en": "Text"},
    "col_count": {"de": "Anzahl", "en": "Count"},
    "col_share": {"de": "Anteil", "en": "Share"},
    "none": {"de": "keine", "en": "none"},
}


def _t(key: str, **params: Any) -> str:
    lang = STATE.lang if STATE.lang in ("de", "en") else "de"
    return _TEXT[key][lang].format(**params)


def _resolve_column(columns: list[str], wanted: str, path: Path) -> str:
    """The column called ``wanted``; else the only one equal to it ignoring case and spaces."""
    if wanted in columns:
        return wanted
    loose = [c for c in columns if c.strip().casefold() == wanted.strip().casefold()]
    if len(loose) == 1:
        return loose[0]
    err.print(
        f"[red]{_t('missing_column', column=wanted, file=path, columns=', '.join(columns))}[/red]"
    )
    raise typer.Exit(2)


def _csv_texts(info: Any, index: int) -> list[str | None]:
    texts: list[str | None] = []
    errors = "replace" if info.encoding == "cp1252" else "strict"
    with info.path.open(encoding=info.encoding, errors=errors, newline="") as fh:
        reader = csv.reader(fh, delimiter=info.delimiter)
        next(reader, None)
        single = len(info.columns) == 1
        for row in reader:
            if not row:
                continue  # a blank line is not a data row (as in csv.DictReader and pandas)
            if single:  # one column: an unquoted comma belongs to the text
                texts.append(info.delimiter.join(row))
                continue
            texts.append(row[index] if index < len(row) else None)
    return texts


def _jsonl_texts(info: Any, column: str) -> list[str | None]:
    texts: list[str | None] = []
    errors = "replace" if info.encoding == "cp1252" else "strict"
    with info.path.open(encoding=info.encoding, errors=errors) as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                obj = None
            if not isinstance(obj, dict):
                err.print(f"[yellow]{_t('bad_json', line=number)}[/yellow]")
                texts.append(None)
                continue
            value = obj.get(column)
            texts.append(None if value is None else str(value))
    return texts


def read_texts(path: Path, text_column: str) -> list[str | None]:
    """The texts of ``text_column``, one per data row, in file order."""
    import polars as pl

    from resonanz.io.sources import SourceError, inspect

    try:
        info = inspect(path)
        column = _resolve_column(info.columns, text_column, path)
        if info.fmt == "csv":
            return _csv_texts(info, info.columns.index(column))
        if info.fmt == "jsonl":
            return _jsonl_texts(info, column)
        series = pl.read_parquet(path, columns=[column]).to_series().cast(pl.String)
        return list(series.to_list())
    except (SourceError, OSError, UnicodeDecodeError, csv.Error, pl.exceptions.PolarsError) as exc:
        err.print(f"[red]{_t('unreadable', reason=exc)}[/red]")
        raise typer.Exit(1) from exc


def _print_table(texts: list[str | None], labels: Any, show: int) -> None:
    table = Table(title=_t("title", n=min(show, len(texts))), title_justify="left")
    for key in ("col_row", "col_class", "col_language", "col_rule", "col_text"):
        table.add_column(_t(key), justify="right" if key == "col_row" else "left")
    for i, row in enumerate(labels.head(show).iter_rows(named=True)):
        text = (texts[i] or "").replace("\n", " ")
        table.add_row(
            str(i + 1),
            row["class"],
            row["language"] or "–",
            row["rule"],
            text[:70] + ("…" if len(text) > 70 else ""),
        )
    out.print(table)


def _print_counts(labels: Any) -> None:
    from resonanz.core.comments.settings import CLASSES

    n = labels.height
    counts = dict(labels["class"].value_counts().iter_rows())
    table = Table(title=_t("counts", n=n), title_justify="left")
    for key in ("col_class", "col_count", "col_share"):
        table.add_column(_t(key), justify="left" if key == "col_class" else "right")
    for cls in CLASSES:
        k = counts.get(cls, 0)
        table.add_row(cls, str(k), f"{100.0 * k / n:.1f} %" if n else "–")
    out.print(table)
    langs = labels["language"].fill_null("–").value_counts(sort=True)
    summary = ", ".join(f"{lang}: {k}" for lang, k in langs.iter_rows()) or _t("none")
    out.print(f"{_t('languages')}: {summary}")


@comments_app.command("classify")
def classify(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="CSV (auch ; und cp1252), JSONL oder Parquet."
    ),
    text_column: str = typer.Option(..., "--text-column", help="Spalte mit dem Kommentartext."),
    as_json: bool = typer.Option(
        False, "--json", help="Je Datenzeile {row, class, language, rule} als JSON-Liste."
    ),
    show: int = typer.Option(20, "--show", min=0, help="So viele Zeilen als Tabelle zeigen."),
) -> None:
    """Klassifiziert Kommentare: meaningful, generic_praise, emoji_only, spam; plus Sprache."""
    texts = read_texts(file, text_column)
    import polars as pl

    from resonanz.batch.comments import classify_comment_texts
    from resonanz.core.config import load_defaults

    labels = classify_comment_texts(pl.Series("text", texts, dtype=pl.String), load_defaults())
    if as_json:
        _print_json(
            [
                {"row": i, "class": r["class"], "language": r["language"], "rule": r["rule"]}
                for i, r in enumerate(labels.iter_rows(named=True), start=1)
            ]
        )
        return
    if show:
        _print_table(texts, labels, show)
    _print_counts(labels)

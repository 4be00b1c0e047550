"""``resonanz disclosure check``: ad-disclosure rules R1–R12 on any CSV of captions (no store).

    resonanz disclosure check captions.csv --text-column caption --profile DE --json
    resonanz --lang en disclosure check posts.csv --text-column text \\
        --consideration-column deal --profile US

Optional columns used when present: ``format``, ``has_platform_paid_label``, ``audience_country``
(and ``platform``, ``on_screen_text``, ``transcript``, ``mentions``, ``links``,
``discount_codes``). The consideration defaults to ``unknown``. JSON: one object per data row
with ``row`` (1-based, header excluded), ``verdict`` and ``rules`` (``id``, ``severity``,
``text``, ``position`` = 0-based character index in the row's text, ``field``, ``message``).
Exit status: 0 checked (whatever the verdicts); 1 file unreadable; 2 usage error (unknown column).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from resonanz.cli.main import STATE, _print_json, app, err, out

disclosure_app = typer.Typer(
    help="Werbekennzeichnung prüfen (Regeln R1–R12).", no_args_is_help=True
)
app.add_typer(disclosure_app, name="disclosure")

_TEXT: dict[str, dict[str, str]] = {
    "no_column": {
        "de": "Spalte '{column}' ({option}) fehlt in {file}. Vorhanden: {columns}",
        "en": "Column '{column}' ({option}) is missing in {file}. Available: {columns}",
    },
    "unreadable": {"de": "Nicht lesbar: {reason}", "en": "Unreadable: {reason}"},
    "not_csv": {
        "de": "{file}: erwartet wird eine CSV-Datei.",
        "en": "{file}: a CSV file is expected.",
    },
    "bad_consideration": {
        "de": "Unbekannte Gegenleistung '{value}' (Zeilen z. B. {row}) – als 'unknown' gewertet.",
        "en": "Unknown consideration '{value}' (e.g. row {row}) – read as 'unknown'.",
    },
    "title": {"de": "Werbekennzeichnung ({profile})", "en": "Ad disclosure ({profile})"},
    "summary": {
        "de": "{n} Zeilen: {ok} ok, {warn} Hinweis, {review} prüfen, {error} Fehler",
        "en": "{n} rows: {ok} ok, {warn} warn, {review} review, {error} error",
    },
    "col_row": {"de": "Zeile", "en": "Row"},
    "col_verdict": {"de": "Urteil", "en": "Verdict"},
    "col_rule": {"de": "Regel", "en": "Rule"},
    "col_pos": {"de": "Stelle", "en": "Pos."},
    "col_text": {"de": "Beanstandeter Text", "en": "Offending text"},
    "col_why": {"de": "Erklärung", "en": "Explanation"},
}
_OPTIONAL = (
    "format",
    "has_platform_paid_label",
    "audience_country",
    "platform",
    "on_screen_text",
    "transcript",
    "mentions",
    "links",
    "discount_codes",
)
_TRUE = {"1", "true", "yes", "y", "ja", "j", "wahr", "x", "t"}
_FALSE = {"0", "false", "no", "n", "nein", "falsch", "f"}
_STYLE = {"ok": "green", "warn": "yellow", "review": "magenta", "error": "red"}


class Profile(StrEnum):
    DE = "DE"
    EU = "EU"
    US = "US"


def _t(key: str, **params: object) -> str:
    entry = _TEXT[key]
    return entry.get(STATE.lang, entry["de"]).format(**params)


def _dialect(path: Path) -> tuple[str, str]:
    """Encoding and delimiter (shared sniffing of the importer; any file name is accepted)."""
    from resonanz.io.sources import SourceError, inspect, sniff_encoding

    try:
        info = inspect(path)
        if info.fmt != "csv":
            err.print(f"[red]{escape(_t('not_csv', file=path))}[/red]")
            raise typer.Exit(2)
        return info.encoding, info.delimiter
    except SourceError:
        if not path.is_file():
            raise
    encoding = sniff_encoding(path)
    with path.open(encoding=encoding, errors="replace", newline="") as fh:
        first = fh.readline()
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return encoding, best if counts[best] else ","


def _records(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """Data records; blank lines are no rows (as in every spreadsheet tool)."""
    for record in reader:
        if record and any(cell.strip() for cell in record):
            yield record


def _column(header: list[str], name: str) -> int | None:
    if name in header:
        return header.index(name)
    folded = [h.casefold() for h in header]
    return folded.index(name.casefold()) if name.casefold() in folded else None


def _require(header: list[str], name: str, option: str, path: Path) -> int:
    index = _column(header, name)
    if index is None:
        columns = ", ".join(header) or "–"
        text = _t("no_column", column=name, option=option, file=path, columns=columns)
        err.print(f"[red]{escape(text)}[/red]")
        raise typer.Exit(2)
    return index


def _bool(value: str | None) -> bool | None:
    key = (value or "").strip().casefold()
    return True if key in _TRUE else False if key in _FALSE else None


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(x for x in re.split(r"[\s,;|]+", value or "") if x)


def _cell(record: list[str], index: int | None) -> str | None:
    if index is None or index >= len(record):
        return None
    value = record[index]
    return value if value.strip() else None


def _check_row(
    record: list[str], cols: dict[str, int | None], profile: str, bad: Counter[str], row: int
) -> dict[str, Any]:
    from resonanz.core.disclosure import check_post
    from resonanz.core.disclosure.models import parse_consideration
    from resonanz.core.messages import render_code

    raw = _cell(record, cols["consideration"])
    consideration = parse_consideration(raw)
    if consideration is None:
        bad[f"{raw}\x00{row}"] += 1
        consideration = "unknown"
    v = check_post(
        _cell(record, cols["text"]) or "",
        consideration=consideration,
        profile=profile,
        format=_cell(record, cols["format"]),
        has_platform_paid_label=_bool(_cell(record, cols["has_platform_paid_label"])),
        audience_country=_cell(record, cols["audience_country"]),
        platform=_cell(record, cols["platform"]),
        on_screen_text=_cell(record, cols["on_screen_text"]),
        transcript=_cell(record, cols["transcript"]),
        mentions=_list(_cell(record, cols["mentions"])),
        links=_list(_cell(record, cols["links"])),
        discount_codes=_list(_cell(record, cols["discount_codes"])),
    )
    lang = "en" if STATE.lang == "en" else "de"
    rules = [
        {
            "id": h.id,
            "severity": h.severity,
            "text": h.text,
            "position": h.position,
            "field": h.field,
            "message": render_code(h.code, h.params, lang),
        }
        for h in v.rules
    ]
    return {
        "row": row,
        "verdict": v.verdict,
        "rules": rules,
        "requirement": v.requirement,
        "unchecked": list(v.unchecked),
    }


def _report_bad(bad: Counter[str]) -> None:
    seen: set[str] = set()
    for key in bad:
        value, row = key.split("\x00")
        if value not in seen:
            seen.add(value)
            err.print(f"[yellow]{escape(_t('bad_consideration', value=value, row=row))}[/yellow]")


def _print_table(results: list[dict[str, Any]], profile: str) -> None:
    table = Table(title=_t("title", profile=profile), title_justify="left")
    for key in ("col_row", "col_verdict", "col_rule", "col_pos", "col_text", "col_why"):
        table.add_column(_t(key), justify="right" if key in ("col_row", "col_pos") else "left")
    for r in results:
        verdict = f"[{_STYLE[r['verdict']]}]{r['verdict']}[/]"
        if not r["rules"]:
            table.add_row(str(r["row"]), verdict, "", "", "", "")
        for i, h in enumerate(r["rules"]):
            pos = "" if h["position"] is None else str(h["position"])
            table.add_row(
                str(r["row"]) if i == 0 else "",
                verdict if i == 0 else "",
                f"[{_STYLE[h['severity']]}]{h['id']}[/]",
                pos,
                escape(h["text"][:60]),
                escape(h["message"]),
            )
    out.print(table)
    counts = Counter(r["verdict"] for r in results)
    out.print(_t("summary", n=len(results), **{k: counts.get(k, 0) for k in _STYLE}))


@disclosure_app.command("check")
def check(
    file: Path = typer.Argument(..., help="CSV-Datei mit Captions (eine Zeile je Beitrag)."),
    text_column: str = typer.Option(..., "--text-column", help="Spalte mit dem Beitragstext."),
    consideration_column: str | None = typer.Option(
        None,
        "--consideration-column",
        help="Spalte mit der Gegenleistung: paid, gifted, affiliate, discount_code, none, "
        "unknown (Standard: unknown).",
    ),
    profile: Profile = typer.Option(
        Profile.DE, "--profile", case_sensitive=False, help="Regelprofil: DE, EU oder US."
    ),
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON-Liste."),
) -> None:
    """Prüft die Werbekennzeichnung jeder Caption einer CSV-Datei (Regeln R1–R12)."""
    from resonanz.io.sources import SourceError

    try:
        encoding, delimiter = _dialect(file)
        with file.open(encoding=encoding, errors="replace", newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            header = [h.replace("\ufeff", "").strip() for h in next(reader, [])]
            results, bad = _check_all(header, _records(reader), file, text_column,
                                      consideration_column, profile.value)  # fmt: skip
    except (SourceError, OSError, UnicodeDecodeError, csv.Error) as exc:
        err.print(f"[red]{escape(_t('unreadable', reason=exc))}[/red]")
        raise typer.Exit(1) from exc
    _report_bad(bad)
    if as_json:
        _print_json(results)
    else:
        _print_table(results, profile.value)


def _check_all(
    header: list[str],
    records: Iterator[list[str]],
    file: Path,
    text_column: str,
    consideration_column: str | None,
    profile: str,
) -> tuple[list[dict[str, Any]], Counter[str]]:
    cols: dict[str, int | None] = {name: _column(header, name) for name in _OPTIONAL}
    cols["text"] = _require(header, text_column, "--text-column", file)
    cols["consideration"] = (
        _require(header, consideration_column, "--consideration-column", file)
        if consideration_column
        else None
    )
    bad: Counter[str] = Counter()
    results = [
        _check_row(record, cols, profile, bad, row) for row, record in enumerate(records, start=1)
    ]
    return results, bad

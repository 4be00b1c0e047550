"""``resonanz geo``: regional tests — design (regions, detectable effect) and analysis.

    resonanz geo analyze --data sales.csv --treated chicago,portland \\
        --start 2021-04-01 --end 2021-04-15 --spend 5000 --json
    resonanz geo design --data history.csv --days 15 --budget 50000 --cpic 2.5
    resonanz geo demo --out sales.csv --lift 0.05

The sales file is a CSV with one row per region and day (columns ``location,Y,date`` unless
mapped with ``--location-column``/``--y-column``/``--date-column``); ``date`` holds ISO dates or
integer time indices, and ``--start``/``--end`` accept either (a number on a date panel is the
1-based day, as in GeoLift's examples). Exit status: 0 done; 1 unreadable file or a request that
does not fit the data (unknown region, bad dates); 3 bad rows in the file (each named with its
line and field).
"""

from __future__ import annotations

import csv
import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from resonanz.cli.main import STATE, _print_json, app, err, out

geo_app = typer.Typer(
    help="Regionaltests: Testregionen planen und Wirkung messen.", no_args_is_help=True
)
app.add_typer(geo_app, name="geo")

_TEXT: dict[str, dict[str, str]] = {
    "unreadable": {"de": "{file}: nicht lesbar: {reason}", "en": "{file}: unreadable: {reason}"},
    "missing_column": {
        "de": "{file}: Spalte '{field}' fehlt (vorhanden: {value}). Andere Spalte mit {option}.",
        "en": "{file}: column '{field}' is missing (present: {value}). Map it with {option}.",
    },
    "row_issue": {
        "de": "{file}, Zeile {line}, Feld '{field}': {reason} ('{value}')",
        "en": "{file}, line {line}, field '{field}': {reason} ('{value}')",
    },
    "table_issue": {
        "de": "{file}, Feld '{field}': {reason} ({value})",
        "en": "{file}, field '{field}': {reason} ({value})",
    },
    "not_number": {"de": "keine Zahl", "en": "not a number"},
    "not_period": {
        "de": "kein Datum (JJJJ-MM-TT) und kein ganzzahliger Zeitindex",
        "en": "neither a date (YYYY-MM-DD) nor an integer time index",
    },
    "duplicate": {"de": "Region und Tag doppelt", "en": "region and day appear twice"},
    "missing_cell": {"de": "Wert fehlt", "en": "value missing"},
    "empty": {"de": "keine Datenzeilen", "en": "no data rows"},
    "geo_unknown_treated": {
        "de": "Unbekannte Testregion(en): {regions}",
        "en": "Unknown test region(s): {regions}",
    },
    "geo_unknown_excluded": {
        "de": "Unbekannte ausgeschlossene Region(en): {regions}",
        "en": "Unknown excluded region(s): {regions}",
    },
    "geo_treated_excluded": {
        "de": "Region(en) zugleich Test und ausgeschlossen: {regions}",
        "en": "Region(s) both treated and excluded: {regions}",
    },
    "geo_no_treated": {"de": "Keine Testregion angegeben.", "en": "No test region given."},
    "geo_no_donors": {
        "de": "Keine Kontrollregion übrig.",
        "en": "No control region left.",
    },
    "geo_bad_start": {
        "de": "--start '{value}' ist kein Tag der Daten (Datum JJJJ-MM-TT oder Zeitindex).",
        "en": "--start '{value}' is not a day of the data (date YYYY-MM-DD or time index).",
    },
    "geo_bad_end": {
        "de": "--end '{value}' ist kein Tag der Daten (Datum JJJJ-MM-TT oder Zeitindex).",
        "en": "--end '{value}' is not a day of the data (date YYYY-MM-DD or time index).",
    },
    "geo_end_before_start": {
        "de": "--end {end} liegt vor --start {start}.",
        "en": "--end {end} is before --start {start}.",
    },
    "geo_short_pre": {
        "de": "Vor --start {start} liegen zu wenige Tage für die Anpassung (mindestens 2).",
        "en": "Too few days before --start {start} to fit the control (at least 2).",
    },
    "fit_error": {"de": "Modell nicht schätzbar: {reason}", "en": "Cannot fit: {reason}"},
    "title": {"de": "Regionaltest: {treated}", "en": "Regional test: {treated}"},
    "weights_title": {"de": "Synthetische Kontrolle", "en": "Synthetic control"},
    "design_title": {
        "de": "Testdesigns ({days} Tage)",
        "en": "Test designs ({days} days)",
    },
    "col_figure": {"de": "Kennzahl", "en": "Figure"},
    "col_value": {"de": "Wert", "en": "Value"},
    "col_region": {"de": "Region", "en": "Region"},
    "col_weight": {"de": "Gewicht", "en": "Weight"},
    "col_regions": {"de": "Testregionen", "en": "Test regions"},
    "col_mde": {"de": "MDE", "en": "MDE"},
    "col_share": {"de": "Marktanteil", "en": "Market share"},
    "col_fpr": {"de": "Fehlalarme", "en": "False alarms"},
    "col_invest": {"de": "Budget nötig", "en": "Spend needed"},
    "col_ok": {"de": "passt", "en": "fits"},
    "f_window": {"de": "Testzeitraum", "en": "Test window"},
    "f_att": {"de": "Ø Effekt je Region und Tag (ATT)", "en": "Average effect (ATT)"},
    "f_incremental": {"de": "Zusätzliche Verkäufe", "en": "Incremental Y"},
    "f_ci": {"de": "{level} %-Konfidenzintervall", "en": "{level} % confidence interval"},
    "f_lift": {"de": "Lift", "en": "Lift"},
    "f_p": {"de": "p-Wert (Permutationstest)", "en": "p-value (permutation test)"},
    "f_l2": {"de": "L2-Ungleichgewicht (skaliert)", "en": "L2 imbalance (scaled)"},
    "f_iroas": {"de": "Inkrementeller ROAS", "en": "Incremental ROAS"},
    "f_model": {"de": "Modell", "en": "Model"},
    "significant": {
        "de": "Signifikant auf dem {level} %-Niveau.",
        "en": "Significant at the {level} % level.",
    },
    "not_significant": {
        "de": "Nicht signifikant auf dem {level} %-Niveau.",
        "en": "Not significant at the {level} % level.",
    },
    "html_written": {"de": "Bericht: {path}", "en": "Report: {path}"},
    "demo_written": {
        "de": "Demo-Verkäufe nach {path}: Test {treated}, {start}..{end}, Lift {lift}",
        "en": "Demo sales written to {path}: test {treated}, {start}..{end}, lift {lift}",
    },
    "no_design": {
        "de": "Kein Design möglich: {reason}",
        "en": "No design possible: {reason}",
    },
}


class GeoModel(StrEnum):
    none = "none"
    ridge = "ridge"


def _t(key: str, **params: object) -> str:
    entry = _TEXT[key]
    return entry.get(STATE.lang, entry["de"]).format(**params)


def _fail(text: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]{escape(text)}[/red]")
    return typer.Exit(code)


def _split(value: str | None) -> list[str]:
    return [x.strip() for x in (value or "").split(",") if x.strip()]


def _read_rows(path: Path, columns: dict[str, str]) -> tuple[dict[str, list[str]], list[int]]:
    """The three mapped columns as text and each row's physical line number."""
    from resonanz.io.sources import sniff_encoding

    encoding = sniff_encoding(path)
    with path.open(encoding=encoding, newline="") as fh:
        first = fh.readline()
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        delimiter = max(counts, key=lambda d: counts[d])
        fh.seek(0)
        reader = csv.reader(fh, delimiter=delimiter if counts[delimiter] else ",")
        header = [h.replace("\ufeff", "").strip() for h in next(reader, [])]
        missing = [(k, v) for k, v in columns.items() if v not in header]
        if missing:
            key, name = missing[0]
            raise _fail(_t("missing_column", file=path, field=name, value=", ".join(header) or "–",
                           option=f"--{key}-column"))  # fmt: skip
        index = {k: header.index(v) for k, v in columns.items()}
        data: dict[str, list[str]] = {v: [] for v in columns.values()}
        lines: list[int] = []
        line = reader.line_num + 1
        for record in reader:
            if record and any(cell.strip() for cell in record):
                for key, name in columns.items():
                    i = index[key]
                    data[name].append(record[i] if i < len(record) else "")
                lines.append(line)
            line = reader.line_num + 1
    return data, lines


def _load_panel(path: Path, location: str, y: str, date: str) -> Any:
    import polars as pl

    from resonanz.core.geo import PanelError, panel_from_long

    columns = {"location": location, "y": y, "date": date}
    try:
        data, lines = _read_rows(path, columns)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise _fail(_t("unreadable", file=path, reason=exc)) from exc
    try:
        return panel_from_long(pl.DataFrame(data, schema=dict.fromkeys(data, pl.String)),
                               location, y, date)  # fmt: skip
    except PanelError as exc:
        for issue in exc.issues:
            reason = _t(issue.reason)
            if issue.row is None:
                text = _t("table_issue", file=path, field=issue.field, reason=reason,
                          value=issue.value)  # fmt: skip
                err.print(f"[red]{escape(text)}[/red]")
            else:
                text = _t("row_issue", file=path, line=lines[issue.row], field=issue.field,
                          reason=reason, value=issue.value)  # fmt: skip
                err.print(f"[red]{escape(text)}[/red]")
        raise typer.Exit(3) from exc


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return (
        text.replace(",", "_").replace(".", ",").replace("_", ".") if STATE.lang == "de" else text
    )


def _pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{_num(100 * value, digits)} %"


def _print_result(r: Any) -> None:
    level = round(100 * r.ci_level)
    low, high = r.incremental_ci
    table = Table(title=_t("title", treated=", ".join(r.treated)), title_justify="left")
    table.add_column(_t("col_figure"))
    table.add_column(_t("col_value"), justify="right")
    rows = [
        ("f_window", f"{r.start} – {r.end} ({len(r.periods_post)})"),
        ("f_model", r.model),
        ("f_att", _num(r.att, 3)),
        ("f_incremental", _num(r.incremental, 0)),
        ("f_ci", f"{_num(low, 0)} … {_num(high, 0)}"),
        ("f_lift", _pct(r.lift)),
        ("f_p", _num(r.p_value, 3)),
        ("f_l2", f"{_num(r.l2_imbalance, 3)} ({_num(r.scaled_l2_imbalance, 4)})"),
    ]
    if r.spend:
        rows.append(
            (
                "f_iroas",
                f"{_num(r.iroas, 2)} ({_num(low / r.spend, 2)} … {_num(high / r.spend, 2)})",
            )
        )
    for key, value in rows:
        table.add_row(_t(key, level=level), value)
    out.print(table)
    sig = "significant" if r.p_value < 1 - r.ci_level else "not_significant"
    out.print(_t(sig, level=level))
    weights = Table(title=_t("weights_title"), title_justify="left")
    weights.add_column(_t("col_region"))
    weights.add_column(_t("col_weight"), justify="right")
    for region, weight in sorted(r.weights.items(), key=lambda kv: -kv[1]):
        weights.add_row(escape(region), _num(weight, 4))
    out.print(weights)


_DATA = typer.Option(..., "--data", help="CSV mit Verkäufen je Region und Tag.")
_LOC = typer.Option("location", "--location-column", help="Spalte mit der Region.")
_Y = typer.Option("Y", "--y-column", help="Spalte mit dem Wert (Verkäufe, Umsatz, …).")
_DATE = typer.Option("date", "--date-column", help="Spalte mit Datum oder Zeitindex.")


@geo_app.command("analyze")
def analyze_cmd(
    data: Path = _DATA,
    treated: str = typer.Option(..., "--treated", help="Testregionen, kommagetrennt."),
    start: str = typer.Option(..., "--start", help="Erster Testtag (Datum oder Zeitindex)."),
    end: str = typer.Option(..., "--end", help="Letzter Testtag (Datum oder Zeitindex)."),
    exclude: str | None = typer.Option(None, "--exclude", help="Regionen ohne Kontrollrolle."),
    model: GeoModel | None = typer.Option(None, "--model", help="none oder ridge."),
    spend: float | None = typer.Option(None, "--spend", min=0.0, help="Werbeausgaben in EUR."),
    permutations: int | None = typer.Option(None, "--permutations", min=19),
    seed: int | None = typer.Option(None, "--seed", help="Zufallsstartwert der Permutationen."),
    location_column: str = _LOC,
    y_column: str = _Y,
    date_column: str = _DATE,
    html: Path | None = typer.Option(None, "--html", help="HTML-Bericht hierhin schreiben."),
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON."),
) -> None:
    """Misst die Wirkung eines Regionaltests (augmentierte synthetische Kontrolle wie GeoLift)."""
    from resonanz.core.geo import GeoFitError, GeoInputError, analyze

    panel = _load_panel(data, location_column, y_column, date_column)
    try:
        result = analyze(panel, _split(treated), start, end, exclude=_split(exclude),
                         model=model.value if model else None, spend=spend or None,
                         permutations=permutations, seed=seed)  # fmt: skip
    except GeoInputError as exc:
        raise _fail(_t(exc.code, **exc.params)) from exc
    except GeoFitError as exc:
        raise _fail(_t("fit_error", reason=exc)) from exc
    if html is not None:
        from resonanz.report.geo import write_geo_report

        path = write_geo_report(result, html, STATE.lang)
        err.print(_t("html_written", path=path))
    if as_json:
        _print_json(result.as_dict())
    else:
        _print_result(result)


@geo_app.command("design")
def design_cmd(
    data: Path = _DATA,
    days: int = typer.Option(..., "--days", min=2, help="Dauer des Tests in Tagen."),
    budget: float | None = typer.Option(None, "--budget", min=0.0, help="Budget in EUR."),
    cpic: float | None = typer.Option(
        None, "--cpic", min=0.0, help="Kosten je zusätzlicher Einheit Y (EUR)."
    ),
    include: str | None = typer.Option(None, "--include", help="Regionen, die testen müssen."),
    exclude: str | None = typer.Option(None, "--exclude", help="Regionen, die nicht mitspielen."),
    counts: str | None = typer.Option(None, "--counts", help="Anzahl Testregionen, z. B. 2,3,4."),
    seed: int = typer.Option(0, "--seed", help="Zufallsstartwert der Kandidaten."),
    location_column: str = _LOC,
    y_column: str = _Y,
    date_column: str = _DATE,
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON."),
) -> None:
    """Plant einen Regionaltest: Testregionen, Teststärke und kleinster messbarer Effekt (MDE)."""
    from resonanz.core.geo import DesignRequest, GeoFitError, design

    panel = _load_panel(data, location_column, y_column, date_column)
    known = set(panel.locations)
    from resonanz.core.geo.panel import normalise_region

    for option, names in (("geo_unknown_treated", include), ("geo_unknown_excluded", exclude)):
        unknown = [n for n in _split(names) if normalise_region(n) not in known]
        if unknown:
            raise _fail(_t(option, regions=", ".join(unknown)))
    try:
        parsed = tuple(int(c) for c in _split(counts)) or None
    except ValueError as exc:
        raise typer.BadParameter(str(counts), param_hint="--counts") from exc
    request = DesignRequest(test_days=days, budget=budget, cpic=cpic,
                            include=tuple(_split(include)), exclude=tuple(_split(exclude)),
                            treated_counts=parsed, seed=seed)  # fmt: skip
    try:
        options = design(panel, request)
    except GeoFitError as exc:
        raise _fail(_t("no_design", reason=exc)) from exc
    top = options[: max(1, _top())]
    if as_json:
        _print_json([o.as_dict() for o in top])
        return
    table = Table(title=_t("design_title", days=days), title_justify="left")
    for key in ("col_regions", "col_mde", "col_share", "col_fpr", "col_invest", "col_ok"):
        table.add_column(_t(key), justify="left" if key == "col_regions" else "right")
    for o in top:
        ok = "–" if o.affordable is None else ("✓" if o.affordable else "✗")
        table.add_row(escape(", ".join(o.treated)), _pct(o.mde), _pct(o.market_share),
                      _pct(o.false_positive_rate, 0), _num(o.investment, 0), ok)  # fmt: skip
    out.print(table)


def _top() -> int:
    from resonanz.core.geo import builtin_geo

    return builtin_geo().design.top


@geo_app.command("demo")
def demo_cmd(
    out_file: Path = typer.Option(Path("geo-sales.csv"), "--out", help="Zieldatei (CSV)."),
    regions: int = typer.Option(16, "--regions", min=3, help="Anzahl Regionen."),
    days: int = typer.Option(120, "--days", min=30, help="Anzahl Tage."),
    test_days: int = typer.Option(14, "--test-days", min=2, help="Testtage am Ende."),
    lift: float = typer.Option(0.05, "--lift", help="Eingebauter Lift (0.05 = 5 %)."),
    treated: int = typer.Option(2, "--treated", min=2, help="Anzahl Testregionen."),
    seed: int = typer.Option(42, "--seed", help="Zufallsstartwert."),
) -> None:
    """Schreibt Demo-Verkäufe je Region und Tag mit bekanntem Testeffekt (Wahrheit als JSON)."""
    from resonanz.io.geo_demo import demo_sales

    try:
        frame, truth = demo_sales(regions, days, test_days, lift, treated, seed)
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    frame.write_csv(out_file)
    out_file.with_suffix(".truth.json").write_text(
        json.dumps(truth.__dict__, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    err.print(_t("demo_written", path=out_file, treated=", ".join(truth.treated),
                 start=truth.start, end=truth.end, lift=lift))  # fmt: skip

"""The HTML page of a regional test: treated vs synthetic control (test window shaded), weights.

One self-contained page beside an ``assets/`` folder (plotly.js, the report's CSS and JS, shared
with the vetting report), so it opens offline. Texts are German or English.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from resonanz.core.geo import GeoResult
from resonanz.report.charts import base_layout
from resonanz.report.html import _environment, script_json, write_assets
from resonanz.report.strings import fmt_num, fmt_pct

TREATED, SYNTHETIC, WINDOW = "#c2410c", "#2563eb", "rgba(250, 204, 21, 0.18)"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

STRINGS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Regionaltest",
        "treated": "Testregionen (Ø)",
        "synthetic": "Synthetische Kontrolle",
        "window": "Testzeitraum",
        "weights": "Gewichte der Kontrollregionen",
        "series": "Verlauf",
        "att": "Ø Effekt je Region und Tag (ATT)",
        "incremental": "Zusätzliche Verkäufe",
        "ci": "{level} %-Konfidenzintervall",
        "lift": "Lift",
        "p": "p-Wert",
        "l2": "L2-Ungleichgewicht",
        "scaled": "skaliert",
        "iroas": "Inkrementeller ROAS",
        "model": "Modell",
        "perm": "Permutationen",
        "method": "Augmentierte synthetische Kontrolle wie Metas GeoLift (Regionen "
        "gemittelt, Fixed Effects, Gewichte ≥ 0 mit Summe 1); "
        "p-Wert aus {n} Permutationen der Residuen.",
        "footer": "Erstellt mit resonanz.",
    },
    "en": {
        "title": "Regional test",
        "treated": "Test regions (avg.)",
        "synthetic": "Synthetic control",
        "window": "Test window",
        "weights": "Weights of the control regions",
        "series": "Over time",
        "att": "Average effect per region and day (ATT)",
        "incremental": "Incremental Y",
        "ci": "{level} % confidence interval",
        "lift": "Lift",
        "p": "p-value",
        "l2": "L2 imbalance",
        "scaled": "scaled",
        "iroas": "Incremental ROAS",
        "model": "Model",
        "perm": "Permutations",
        "method": "Augmented synthetic control as in Meta's GeoLift (regions averaged, "
        "fixed effects, weights ≥ 0 summing to 1); p-value from {n} permutations of the residuals.",
        "footer": "Made with resonanz.",
    },
}


def _s(lang: str) -> dict[str, str]:
    return STRINGS.get(lang, STRINGS["de"])


def series_figure(r: GeoResult, lang: str) -> dict[str, Any]:
    """Treated average and synthetic control per period, the test window shaded."""
    s = _s(lang)
    x = list(r.periods)
    layout = base_layout(lang, height=380)
    if not all(_ISO.match(p) for p in x):
        layout["xaxis"] = {**layout["xaxis"], "type": "linear"}
        layout["xaxis"].pop("tickformat", None)
        layout["xaxis"].pop("hoverformat", None)
    first, last = r.periods_post[0], r.periods_post[-1]
    layout["shapes"] = [{"type": "rect", "xref": "x", "yref": "paper", "x0": first, "x1": last,
                         "y0": 0, "y1": 1, "fillcolor": WINDOW, "line": {"width": 0},
                         "layer": "below"}]  # fmt: skip
    layout["annotations"] = [{"x": first, "y": 1, "xref": "x", "yref": "paper", "text": s["window"],
                              "showarrow": False, "xanchor": "left", "yanchor": "top"}]  # fmt: skip
    layout["title"] = {"text": s["series"]}
    data = [
        {"type": "scatter", "mode": "lines", "name": s["treated"], "x": x,
         "y": list(r.treated_series), "line": {"color": TREATED, "width": 2}},
        {"type": "scatter", "mode": "lines", "name": s["synthetic"], "x": x,
         "y": list(r.synthetic_series), "line": {"color": SYNTHETIC, "width": 2, "dash": "dash"}},
    ]  # fmt: skip
    return {"data": data, "layout": layout}


def weights_figure(r: GeoResult, lang: str) -> dict[str, Any]:
    """Horizontal bars of the non-zero donor weights, largest on top."""
    items = sorted(r.weights.items(), key=lambda kv: kv[1])
    layout = base_layout(lang, height=max(220, 26 * len(items) + 90))
    layout["xaxis"] = {"gridcolor": "#eef0f4", "tickformat": ".0%", "automargin": True}
    layout["yaxis"] = {"automargin": True}
    layout["showlegend"] = False
    layout["title"] = {"text": _s(lang)["weights"]}
    bars = {"type": "bar", "orientation": "h", "x": [w for _, w in items],
            "y": [k for k, _ in items], "marker": {"color": SYNTHETIC}}  # fmt: skip
    return {"data": [bars], "layout": layout}


def _figures(r: GeoResult, lang: str) -> list[tuple[str, str]]:
    s = _s(lang)
    level = round(100 * r.ci_level)
    low, high = r.incremental_ci
    rows = [
        (s["att"], fmt_num(r.att, lang, 1)),
        (s["incremental"], fmt_num(r.incremental, lang, 0)),
        (s["ci"].format(level=level), f"{fmt_num(low, lang, 0)} … {fmt_num(high, lang, 0)}"),
        (s["lift"], fmt_pct(r.lift, lang, 1)),
        (s["p"], fmt_num(r.p_value, lang, 3)),
        (s["l2"], f"{fmt_num(r.l2_imbalance, lang, 1)} ({s['scaled']} "
                  f"{fmt_num(r.scaled_l2_imbalance, lang, 3)})"),
        (s["model"], r.model),
        (s["perm"], fmt_num(r.permutations, lang, 0)),
    ]  # fmt: skip
    if r.iroas is not None:
        rows.insert(4, (s["iroas"], fmt_num(r.iroas, lang, 2)))
    return rows


def write_geo_report(result: GeoResult, path: Path, lang: str = "de") -> Path:
    """Write the page to ``path`` (``assets/`` beside it); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_assets(path.parent / "assets")
    s = _s(lang)
    html = _environment().get_template("geo.html.j2").render(
        lang=lang, s=s, r=result, figures=_figures(result, lang),
        method=s["method"].format(n=result.permutations),
        series=script_json(series_figure(result, lang)),
        weights=script_json(weights_figure(result, lang)),
    )  # fmt: skip
    path.write_text(html, encoding="utf-8")
    return path

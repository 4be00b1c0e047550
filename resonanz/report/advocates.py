"""The HTML page of the consumer-influencer analysis: advocate segments and the best advocates.

One self-contained page beside an ``assets/`` folder (plotly.js, the report's CSS and JS, shared
with the vetting report), so it opens offline. Texts are German or English.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from resonanz.report.charts import base_layout
from resonanz.report.html import _environment, script_json, write_assets
from resonanz.report.strings import fmt_num

SEGMENT_ORDER = ("brand_lover", "brand_maven", "brand_critic", "customer")
COLORS = {
    "brand_lover": "#16a34a",
    "brand_maven": "#2563eb",
    "brand_critic": "#c2410c",
    "customer": "#9ca3af",
}
ADVOCATE = "#15803d"

STRINGS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Fürsprecher unter den Kunden",
        "method": "Advocate-Score je Kunde (0–100) aus Kaufhäufigkeit, Aktualität und Umsatz "
        "(RFM), Early-Adopter-Index, Wohnort in einer Großstadt über 100.000 Einwohner, "
        "Bewertungen und ihrem Ton sowie Social-Media-Reichweite (Seed 003).",
        "segments": "Kunden je Segment",
        "scores": "Verteilung der Scores",
        "customers": "Kunden",
        "advocates": "davon Fürsprecher",
        "top": "Die besten Fürsprecher",
        "customer": "Kunde",
        "score": "Score",
        "segment": "Segment",
        "reasons": "Gründe",
        "subtitle": "{customers} Kunden · {advocates} Fürsprecher",
        "brand_lover": "Brand Lover",
        "brand_maven": "Brand Maven",
        "brand_critic": "Brand Critic",
        "customer_seg": "Kunde",
        "footer": "Erstellt mit resonanz.",
    },
    "en": {
        "title": "Advocates among the customers",
        "method": "Advocate score per customer (0–100) from purchase frequency, recency and "
        "value (RFM), early-adopter index, living in a German city over 100,000 inhabitants, "
        "reviews and their tone, and social reach (seed 003).",
        "segments": "Customers per segment",
        "scores": "Score distribution",
        "customers": "Customers",
        "advocates": "of which advocates",
        "top": "Top advocates",
        "customer": "Customer",
        "score": "Score",
        "segment": "Segment",
        "reasons": "Reasons",
        "subtitle": "{customers} customers · {advocates} advocates",
        "brand_lover": "Brand lover",
        "brand_maven": "Brand maven",
        "brand_critic": "Brand critic",
        "customer_seg": "Customer",
        "footer": "Made with resonanz.",
    },
}


def _s(lang: str) -> dict[str, str]:
    return STRINGS.get(lang, STRINGS["de"])


def _label(segment: str, lang: str) -> str:
    s = _s(lang)
    return s["customer_seg"] if segment == "customer" else s[segment]


def segments_figure(summary: dict[str, dict[str, Any]], lang: str) -> dict[str, Any]:
    """Grouped bars: customers and advocates per segment."""
    s = _s(lang)
    layout = base_layout(lang, height=340)
    layout["xaxis"] = {"type": "category", "automargin": True}
    layout["title"] = {"text": s["segments"]}
    layout["barmode"] = "group"
    names = [_label(k, lang) for k in SEGMENT_ORDER]
    data = [
        {"type": "bar", "name": s["customers"], "x": names,
         "y": [summary.get(k, {}).get("customers", 0) for k in SEGMENT_ORDER],
         "marker": {"color": [COLORS[k] for k in SEGMENT_ORDER]}},
        {"type": "bar", "name": s["advocates"], "x": names,
         "y": [summary.get(k, {}).get("advocates", 0) for k in SEGMENT_ORDER],
         "marker": {"color": ADVOCATE, "pattern": {"shape": "/"}}},
    ]  # fmt: skip
    return {"data": data, "layout": layout}


def scores_figure(scored: pl.DataFrame, lang: str) -> dict[str, Any]:
    """Histogram of the advocate score, one trace per segment (stacked)."""
    layout = base_layout(lang, height=340)
    layout["xaxis"] = {"type": "linear", "range": [0, 100], "automargin": True}
    layout["title"] = {"text": _s(lang)["scores"]}
    layout["barmode"] = "stack"
    data = []
    for seg in SEGMENT_ORDER:
        values = scored.filter(pl.col("segment") == seg)["score"].round(1).to_list()
        data.append({"type": "histogram", "name": _label(seg, lang), "x": values,
                     "xbins": {"start": 0, "end": 100, "size": 5},
                     "marker": {"color": COLORS[seg]}})  # fmt: skip
    return {"data": data, "layout": layout}


def write_advocates_report(
    scored: pl.DataFrame,
    summary: dict[str, dict[str, Any]],
    path: Path,
    lang: str = "de",
    reasons: Callable[[dict[str, Any]], list[str]] | None = None,
    top: int = 50,
) -> Path:
    """Write the page to ``path`` (``assets/`` beside it); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_assets(path.parent / "assets")
    s = _s(lang)
    best = scored.filter(pl.col("advocate")).head(top).to_dicts()
    rows = [
        {
            "customer_id": r["customer_id"],
            "score": fmt_num(r["score"], lang, 0),
            "segment": _label(r["segment"], lang),
            "reasons": "; ".join(reasons(r) if reasons else r["reasons"]),
        }
        for r in best
    ]
    subtitle = s["subtitle"].format(
        customers=fmt_num(scored.height, lang, 0),
        advocates=fmt_num(int(scored["advocate"].sum()), lang, 0),
    )
    html = _environment().get_template("advocates.html.j2").render(
        lang=lang, s=s, rows=rows, subtitle=subtitle,
        segments=script_json(segments_figure(summary, lang)),
        scores=script_json(scores_figure(scored, lang)),
    )  # fmt: skip
    path.write_text(html, encoding="utf-8")
    return path

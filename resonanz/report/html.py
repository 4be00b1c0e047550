"""The offline HTML report: an index with the ranked accounts and one explained page per account.

The report opens from the file system (``file://``) without network: plotly.js is copied once into
``assets/``, every chart is a plain JSON figure spec embedded in its page, and all text goes
through Jinja2 with autoescaping. Reason sentences come from :func:`resonanz.core.messages.render`,
the report's own labels from :mod:`resonanz.report.strings`. See :mod:`resonanz.report.charts` for
the evidence keys the charts read.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import statistics
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

import polars as pl
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from resonanz.core.messages import Lang, render
from resonanz.core.vetting.result import ComponentResult, Reason, VettingReport
from resonanz.report.charts import CHARTS, Chart, GrowthEvent, growth_events, to_date
from resonanz.report.strings import Catalogue, fmt_date, fmt_int, fmt_num, fmt_pct

__all__ = ["AccountSeries", "page_name", "reason_text", "write_report"]

SEVERITIES = ("alert", "warn", "good", "info")
GOOD_SCORE, MEDIUM_SCORE = 70.0, 40.0
MAX_LIST_ITEMS = 8
SUMMARY_ITEMS = 6
PERCENT_TOKENS = frozenset({"rate", "er", "share", "pct", "percent", "percentile", "benchmark"})
"""Evidence keys with one of these words hold fractions, shown as percentages."""
PERCENT_COMPONENTS = frozenset({"engagement", "growth", "follower_quality"})
"""Components whose headline ``value`` is a fraction (and whose ``median``/``growth`` keys are)."""
# authenticity's headline value is the likes-per-comment ratio (core/vetting/authenticity)
VALUE_UNITS = {
    "activity": "unit.activity",
    "growth": "unit.growth",
    "authenticity": "unit.authenticity",
}
"""Unit shown after a component's headline value (a key of the strings catalogue)."""
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.+\-Z]*)?$")
_SAFE_NAME = re.compile(r"^[a-z0-9-]+$")


@dataclass(frozen=True)
class AccountSeries:
    """Chart data of one account."""

    posts: pl.DataFrame  # posted_at (datetime), likes, comments, views (nullable ints),
    # engagement_rate (float, nullable)
    metrics: pl.DataFrame  # date (date), followers (nullable int)
    creator_name: str | None = None
    city: str | None = None
    niches: tuple[str, ...] = ()


EMPTY_SERIES = AccountSeries(posts=pl.DataFrame(), metrics=pl.DataFrame())


# --- small helpers ----------------------------------------------------------------------------


def page_name(account_id: str) -> str:
    """A file-system-safe, stable page name: ASCII slug of the id plus a short hash of it."""
    ascii_id = unicodedata.normalize("NFKD", account_id).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_id.lower()).strip("-")[:40].strip("-") or "account"
    digest = hashlib.sha256(account_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug}-{digest}"


def reason_text(reason: Reason, lang: str) -> str:
    """The reason as a sentence in ``lang``; an unknown code shows raw, with its parameters."""
    try:
        return render(reason, cast("Lang", lang))
    except (LookupError, ValueError, TypeError):  # unknown code or malformed parameters
        return f"{reason.code} {reason.params}" if reason.params else reason.code


def script_json(obj: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def score_band(score: float | None) -> str:
    if score is None:
        return "none"
    return "good" if score >= GOOD_SCORE else "medium" if score >= MEDIUM_SCORE else "weak"


def _score_text(score: float | None) -> str:
    return "–" if score is None else f"{score:.0f}"


def _severity(reason: Reason) -> str:
    return reason.severity if reason.severity in SEVERITIES else "info"


def _get_series(series: Callable[[str], AccountSeries], account_id: str) -> AccountSeries:
    try:
        found = series(account_id)
    except KeyError:
        return EMPTY_SERIES
    return found if found is not None else EMPTY_SERIES


# --- value formatting -------------------------------------------------------------------------


def _is_percent(component: str, key: str) -> bool:
    tokens = set(re.split(r"[^a-z]+", key.lower()))
    if tokens & PERCENT_TOKENS:
        return True
    return component in PERCENT_COMPONENTS and bool(tokens & {"median", "mean", "growth"})


def _float_text(value: float, lang: str) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return fmt_int(value, lang)
    digits = 2 if abs(value) < 10 else 1 if abs(value) < 1000 else 0
    return fmt_num(value, lang, digits)


def format_value(value: Any, t: Catalogue, *, percent: bool = False, depth: int = 0) -> str:
    """Any evidence value as short text in the report's language."""
    lang = t.lang
    if value is None:
        return t("value.none")
    if isinstance(value, bool):
        return t("value.yes") if value else t("value.no")
    if isinstance(value, int | float):
        if percent:
            return fmt_pct(value, lang)
        return fmt_int(value, lang) if isinstance(value, int) else _float_text(value, lang)
    if isinstance(value, date | datetime):
        return fmt_date(value, lang)
    if isinstance(value, str):
        day = to_date(value) if _ISO_DATE.match(value) else None
        return fmt_date(day, lang) if day else t.get(f"term.{value}", value)
    if depth >= 2:
        return json.dumps(value, ensure_ascii=False, default=str)[:200]
    if isinstance(value, Mapping):
        return _mapping_text(value, t, depth)
    if isinstance(value, Iterable):
        return _list_text(list(value), t, percent, depth)
    return str(value)


def _mapping_text(value: Mapping[str, Any], t: Catalogue, depth: int) -> str:
    event = growth_events({"events": [value]})
    if event and set(value) <= {"date", "day", "change", "change_pct"}:
        return _event_text(event[0], t)
    day = next((to_date(value[k]) for k in ("date", "day") if k in value), None)
    parts = []
    for key, item in value.items():
        if day is not None and key in ("date", "day"):
            continue
        text = format_value(item, t, percent=_is_percent("", str(key)), depth=depth + 1)
        parts.append(f"{t.label('evidence', str(key))}: {text}")
    body = ", ".join(parts)
    return f"{fmt_date(day, t.lang)}: {body}" if day else body


def _event_text(event: GrowthEvent, t: Catalogue) -> str:
    text = f"{fmt_date(event.day, t.lang)}: {event.change_text(t.lang)}"
    if event.change_pct is not None and event.change is not None:
        sign = "+" if event.change >= 0 else ""
        text += f" ({sign}{t('event.followers', n=fmt_int(event.change, t.lang))})"
    return text


def _list_text(items: list[Any], t: Catalogue, percent: bool, depth: int) -> str:
    shown = [format_value(i, t, percent=percent, depth=depth + 1) for i in items[:MAX_LIST_ITEMS]]
    if len(items) > MAX_LIST_ITEMS:
        shown.append(t("account.more", n=fmt_int(len(items) - MAX_LIST_ITEMS, t.lang)))
    return "; ".join(shown) if shown else t("value.none")


def headline_value(component: ComponentResult, t: Catalogue) -> str:
    """The component's headline figure (``value``) formatted for its kind."""
    value = component.value
    if isinstance(value, str):
        return t.label(component.key, value) if component.key == "tier" else value
    if component.key in PERCENT_COMPONENTS and isinstance(value, int | float):
        text = fmt_pct(value, t.lang, signed=component.key == "growth")
    else:
        text = format_value(value, t)
    unit = VALUE_UNITS.get(component.key)
    return f"{text} {t(unit)}" if unit and value is not None else text


# --- account page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReasonView:
    severity: str
    label: str
    text: str
    component: str = ""


@dataclass(frozen=True)
class ChartView:
    id: str
    chart: Chart
    json: Markup
    component: str | None = None  # name and anchor of the component that explains the chart
    anchor: str | None = None


@dataclass
class ComponentView:
    key: str
    anchor: str
    name: str
    score: str
    band: str
    bar: float
    weight: str
    confidence: str
    value: str
    contribution: str
    reasons: list[ReasonView]
    evidence: list[tuple[str, str, str]]


def _reason_views(component: ComponentResult, name: str, t: Catalogue) -> list[ReasonView]:
    return [
        ReasonView(_severity(r), t(f"severity.{_severity(r)}"), reason_text(r, t.lang), name)
        for r in component.reasons
    ]


def _evidence_view(component: ComponentResult, t: Catalogue) -> list[tuple[str, str, str]]:
    return [
        (
            t.label("evidence", key),
            key,
            format_value(value, t, percent=_is_percent(component.key, key)),
        )
        for key, value in component.evidence.items()
    ]


def _component_anchor(key: str) -> str:
    return "c-" + page_name(key)


def chart_views(report: VettingReport, s: AccountSeries, t: Catalogue) -> list[ChartView]:
    """The special charts of the known components (also drawn when the component is missing)."""
    views = []
    for key, (frame_name, builder) in CHARTS.items():
        comp = report.component(key)
        drawn = comp
        if comp is not None and key == "authenticity":  # the pod graph marks the account itself
            drawn = comp.model_copy(update={"evidence": {**comp.evidence, "handle": report.handle}})
        chart = builder(getattr(s, frame_name), drawn, t)  # evidence charts ignore the frame
        if chart is None:
            continue
        views.append(
            ChartView(
                id=f"chart-{chart.key}",
                chart=chart,
                json=script_json(chart.figure),
                component=t.label("component", key) if comp else None,
                anchor=_component_anchor(key) if comp else None,
            )
        )
    return views


def component_views(report: VettingReport, t: Catalogue) -> list[ComponentView]:
    """Every component with its score, weight share, contribution, reasons and evidence."""
    all_weight = sum(c.weight for c in report.components)
    scored_weight = sum(c.weight for c in report.components if c.score is not None)
    views = []
    for comp in report.components:
        name = t.label("component", comp.key)
        anchor = _component_anchor(comp.key)
        contribution = (
            comp.score * comp.weight / scored_weight
            if comp.score is not None and scored_weight > 0
            else None
        )
        views.append(
            ComponentView(
                key=comp.key,
                anchor=anchor,
                name=name,
                score=_score_text(comp.score),
                band=score_band(comp.score),
                bar=round(comp.score or 0.0, 1),
                weight=fmt_pct(comp.weight / all_weight, t.lang, 0) if all_weight else "–",
                confidence=fmt_pct(comp.confidence, t.lang, 0),
                value=headline_value(comp, t),
                contribution=fmt_num(contribution, t.lang, 1),
                reasons=_reason_views(comp, name, t),
                evidence=_evidence_view(comp, t),
            )
        )
    return views


def _banner(report: VettingReport, t: Catalogue) -> list[str]:
    """Red flags: alert reasons, plus follower events the growth reasons do not explain."""
    lines = [
        reason_text(r, t.lang)
        for c in report.components
        for r in c.reasons
        if _severity(r) == "alert"
    ]
    growth = report.component("growth")
    if growth is not None and not any(_severity(r) == "alert" for r in growth.reasons):
        lines.extend(e.sentence(t) for e in growth_events(growth.evidence) if e.kind == "spike")
    return lines


def _summary(views: list[ComponentView], severity: str) -> list[ReasonView]:
    found = [r for v in views for r in v.reasons if r.severity == severity]
    return found[:SUMMARY_ITEMS]


def account_page(
    report: VettingReport, s: AccountSeries, t: Catalogue, rank: int | None, n_ranked: int
) -> dict[str, Any]:
    """Everything the account template shows, already formatted."""
    views = component_views(report, t)
    contributions = [
        c.score * c.weight for c in report.components if c.score is not None and c.weight > 0
    ]
    scored_weight = sum(c.weight for c in report.components if c.score is not None)
    total = sum(contributions) / scored_weight if scored_weight else None
    return {
        "handle": report.handle,
        "initial": (report.handle[:1] or "?").upper(),
        "platform": t.label("platform", report.platform),
        "tier": t.label("tier", report.tier),
        "followers": fmt_int(report.followers, t.lang) if report.followers is not None else None,
        "name": s.creator_name,
        "city": s.city,
        "niches": [t.label("niche", n) for n in s.niches],
        "rank": t("account.rank", rank=fmt_int(rank, t.lang), total=fmt_int(n_ranked, t.lang))
        if rank
        else None,
        "score": _score_text(report.score),
        "score_pct": round(report.score or 0.0, 1),
        "band": score_band(report.score),
        "confidence": fmt_pct(report.confidence, t.lang, 0),
        "confidence_pct": round(report.confidence * 100),
        "flags": [t.label("flag", f) for f in report.flags],
        "banner": _banner(report, t),
        "strengths": _summary(views, "good"),
        "weaknesses": _summary(views, "warn"),
        "components": views,
        "contribution_total": fmt_num(total, t.lang, 1),
        "charts": chart_views(report, s, t),
    }


# --- index ------------------------------------------------------------------------------------


def _rank_key(report: VettingReport) -> tuple[Any, ...]:
    rank = report.rank_score if report.rank_score is not None else report.score
    return (
        rank is None,
        -(rank or 0.0),
        -(report.followers or 0),
        report.handle.lower(),
        report.account_id,
    )


def _has_alert(report: VettingReport) -> bool:
    return bool(report.flags) or any(
        _severity(r) == "alert" for c in report.components for r in c.reasons
    )


def index_row(
    report: VettingReport, s: AccountSeries, rank: int | None, href: str, t: Catalogue
) -> dict[str, Any]:
    """One line of the ranking table, formatted, with sort and filter keys."""
    niches = [t.label("niche", n) for n in s.niches]
    flags = [t.label("flag", f) for f in report.flags]
    if not flags and _has_alert(report):
        flags = [t("severity.alert")]
    words = [report.handle, s.creator_name or "", s.city or "", *niches, *s.niches]
    return {
        "rank": rank,
        "href": href,
        "handle": report.handle,
        "name": s.creator_name,
        "platform_code": report.platform,
        "platform": t.label("platform", report.platform),
        "tier_code": report.tier or "",
        "tier": t.label("tier", report.tier),
        "followers": fmt_int(report.followers, t.lang),
        "followers_sort": report.followers if report.followers is not None else -1,
        "score": _score_text(report.score),
        "score_sort": report.score if report.score is not None else -1,
        "score_pct": round(report.score or 0.0, 1),
        "band": score_band(report.score),
        "confidence": fmt_pct(report.confidence, t.lang, 0),
        "confidence_sort": report.confidence,
        "flags": flags,
        "flagged": bool(flags),
        "niche_keys": [n.strip().lower() for n in s.niches if n.strip()],
        "niches": niches,
        "city": s.city or "",
        "search": " ".join(words).lower(),
    }


def _top_per_niche(rows: list[dict[str, Any]], t: Catalogue, top: int) -> list[dict[str, Any]]:
    by_niche: dict[str, list[dict[str, Any]]] = {}
    for row in rows:  # rows come ranked, so each niche's list is ranked too
        if row["rank"] is None:
            continue
        for niche in dict.fromkeys(row["niche_keys"]):
            by_niche.setdefault(niche, []).append(row)
    groups = [
        {"name": t.label("niche", n), "count": fmt_int(len(members), t.lang), "rows": members[:top]}
        for n, members in by_niche.items()
    ]
    return sorted(groups, key=lambda g: g["name"].lower())


def _stats(
    reports: Sequence[VettingReport], rows: list[dict[str, Any]], t: Catalogue
) -> dict[str, Any]:
    scores = [r.score for r in reports if r.score is not None]
    platforms = sorted({(r["platform_code"], r["platform"]) for r in rows})
    tiers = sorted({(r["tier_code"], r["tier"]) for r in rows if r["tier_code"]})
    return {
        "accounts": fmt_int(len(reports), t.lang),
        "scored": fmt_int(len(scores), t.lang),
        "flagged": fmt_int(sum(1 for r in rows if r["flagged"]), t.lang),
        "median": fmt_num(statistics.median(scores), t.lang, 0) if scores else "–",
        "platforms": platforms,
        "tiers": tiers,
        "platform_list": ", ".join(label for _, label in platforms) or "–",
    }


# --- writing ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("resonanz.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def _copy_asset(source: Any, target: Path, *, always: bool) -> None:
    with resources.as_file(source) as path:
        if always or not target.exists() or target.stat().st_size != path.stat().st_size:
            shutil.copyfile(path, target)


def write_assets(assets_dir: Path) -> None:
    """plotly.js (once, from the installed plotly package), the report's CSS and JS."""
    assets_dir.mkdir(parents=True, exist_ok=True)
    plotly_js = resources.files("plotly") / "package_data" / "plotly.min.js"
    _copy_asset(plotly_js, assets_dir / "plotly.min.js", always=False)
    for name in ("report.css", "report.js"):
        source = resources.files("resonanz.report") / "assets" / name
        _copy_asset(source, assets_dir / name, always=True)


def _page_names(reports: Sequence[VettingReport]) -> list[str]:
    names: list[str] = []
    used: set[str] = set()
    for report in reports:
        name, n = page_name(report.account_id), 1
        while name in used:  # the same account id twice: keep both pages
            n += 1
            name = f"{page_name(report.account_id)}-{n}"
        used.add(name)
        names.append(name)
    return names


def _safe_target(directory: Path, name: str) -> Path:
    if not _SAFE_NAME.match(name):
        raise ValueError(f"unsafe page name {name!r}")
    return directory / f"{name}.html"


def write_report(
    out_dir: Path,
    reports: Sequence[VettingReport],
    series: Callable[[str], AccountSeries],
    *,
    lang: str = "de",
    title: str = "resonanz",
    top_per_niche: int = 10,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Write index.html (ranked list) + one page per account (accounts/<safe account_id>.html) +
    assets; return the index path.

    ``series(account_id)`` gives each account's chart data (a ``KeyError`` means none). Pages are
    named by :func:`page_name`, so no account id can reach outside ``out_dir``. ``progress`` is
    called after each account page with the number of pages written so far. The output is
    reproducible: the same input gives the same bytes (no wall-clock time is written).
    """
    t = Catalogue(lang)
    out_dir = Path(out_dir)
    accounts_dir = out_dir / "accounts"
    accounts_dir.mkdir(parents=True, exist_ok=True)
    write_assets(out_dir / "assets")
    env = _environment()
    page_template = env.get_template("account.html.j2")
    common = {"lang": lang, "t": t, "title": title}

    ordered = sorted(reports, key=_rank_key)
    n_ranked = sum(1 for r in ordered if r.score is not None)
    rows = []
    for done, (report, name) in enumerate(zip(ordered, _page_names(ordered), strict=True), 1):
        s = _get_series(series, report.account_id)
        rank = done if report.score is not None else None
        page = account_page(report, s, t, rank, n_ranked)
        html = page_template.render(common, root="../", page=page)
        _safe_target(accounts_dir, name).write_text(html, encoding="utf-8")
        rows.append(index_row(report, s, rank, f"accounts/{name}.html", t))
        if progress is not None:
            progress(done)

    index = env.get_template("index.html.j2").render(
        common,
        root="",
        rows=rows,
        stats=_stats(ordered, rows, t),
        niches=_top_per_niche(rows, t, top_per_niche),
        top_per_niche=top_per_niche,
    )
    index_path = out_dir / "index.html"
    index_path.write_text(index, encoding="utf-8")
    return index_path

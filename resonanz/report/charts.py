"""Chart specs of the HTML report as plain plotly.js JSON dicts (no plotly.graph_objects: too slow
for thousands of pages) plus the follower events they mark.

Evidence this module reads, defensively (anything missing is skipped, never an error):

* engagement component: the benchmark engagement rate as a fraction under ``benchmark`` (or
  ``benchmark_rate``, ``benchmark_er``, ``tier_benchmark``; a dict with ``rate``/``value`` works
  too); the component ``value`` (median rate, fraction) is drawn as a dotted line.
* growth component: lists of dicts under ``spikes`` (or ``follower_spikes``, ``jumps``) and
  ``drops`` (or ``follower_drops``), or one mixed list under ``events``/``anomalies`` whose items
  say ``kind``/``type`` ``"spike"``/``"drop"`` (else the sign of the change decides). Each item has
  ``date`` (ISO string, date or datetime) and ``change_pct`` (relative change as a *fraction*:
  0.38 = +38 %; also ``pct_change``/``change_rel``/``relative``) and/or ``change`` (absolute
  followers; also ``delta``/``change_abs``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl

from resonanz.core.frames import naive_utc
from resonanz.core.vetting.result import ComponentResult
from resonanz.report.strings import Catalogue, fmt_date, fmt_int, fmt_pct

BENCHMARK_KEYS = ("benchmark", "benchmark_rate", "benchmark_er", "tier_benchmark")
SPIKE_KEYS = ("spikes", "follower_spikes", "jumps")
DROP_KEYS = ("drops", "follower_drops")
MIXED_KEYS = ("events", "anomalies")
_DATE_KEYS = ("date", "day", "on")
_REL_KEYS = ("change_pct", "pct_change", "change_rel", "relative")
_ABS_KEYS = ("change", "delta", "change_abs")

ACCENT = "#4f46e5"
ALERT = "#c81e1e"
WARN = "#b45309"
MUTED = "#6b7280"
GRID = "#eceef3"
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
MAX_ACTIVITY_WEEKS = 104


@dataclass(frozen=True)
class GrowthEvent:
    """A conspicuous jump (``spike``) or fall (``drop``) of followers on one day."""

    kind: str
    day: date
    change: float | None = None
    change_pct: float | None = None

    def change_text(self, lang: str) -> str:
        if self.change_pct is not None:
            return fmt_pct(self.change_pct, lang, 0, signed=True)
        if self.change is not None:
            return (
                fmt_int(self.change, lang) if self.change < 0 else "+" + fmt_int(self.change, lang)
            )
        return "–"

    def sentence(self, t: Catalogue) -> str:
        return t(
            f"event.{self.kind}", date=fmt_date(self.day, t.lang), change=self.change_text(t.lang)
        )


@dataclass(frozen=True)
class Chart:
    """One chart of a page: the plotly.js figure spec plus its accessible description."""

    key: str
    title: str
    aria: str
    figure: dict[str, Any]
    notes: tuple[str, ...] = field(default_factory=tuple)
    alert_notes: bool = False


# --- evidence parsing -------------------------------------------------------------------------


def to_date(value: Any) -> date | None:
    """A date from a date, datetime or ISO string; ``None`` if it is none of these."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _number(item: Mapping[str, Any], keys: Iterable[str]) -> float | None:
    for key in keys:
        value = item.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return float(value)
    return None


def _event(item: Any, kind: str | None) -> GrowthEvent | None:
    if not isinstance(item, Mapping):
        return None
    day = next((d for d in (to_date(item.get(k)) for k in _DATE_KEYS) if d is not None), None)
    if day is None:
        return None
    rel, absolute = _number(item, _REL_KEYS), _number(item, _ABS_KEYS)
    if kind is None:
        declared = str(item.get("kind") or item.get("type") or "").lower()
        sign = rel if rel is not None else absolute
        kind = declared if declared in ("spike", "drop") else "drop" if (sign or 0) < 0 else "spike"
    return GrowthEvent(kind=kind, day=day, change=absolute, change_pct=rel)


def growth_events(evidence: Mapping[str, Any]) -> list[GrowthEvent]:
    """Follower spikes and drops named in a growth component's evidence, sorted by day."""
    found: list[GrowthEvent] = []
    for keys, kind in ((SPIKE_KEYS, "spike"), (DROP_KEYS, "drop"), (MIXED_KEYS, None)):
        for key in keys:
            items = evidence.get(key)
            if isinstance(items, list | tuple):
                found.extend(e for e in (_event(i, kind) for i in items) if e is not None)
    unique = {(e.kind, e.day): e for e in found}
    return sorted(unique.values(), key=lambda e: (e.day, e.kind))


def benchmark_rate(evidence: Mapping[str, Any]) -> float | None:
    """The engagement benchmark (fraction) from engagement evidence, if there is one."""
    for key in BENCHMARK_KEYS:
        value = evidence.get(key)
        if isinstance(value, Mapping):
            value = value.get("rate", value.get("value"))
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return float(value)
    return None


# --- helpers ----------------------------------------------------------------------------------


def _column(df: pl.DataFrame, name: str) -> list[Any]:
    return df.get_column(name).to_list() if name in df.columns else [None] * df.height


def _x(moment: date | datetime) -> str:
    """plotly.js date string (it does not understand time zone suffixes)."""
    if isinstance(moment, datetime):
        return naive_utc(moment).strftime("%Y-%m-%d %H:%M")
    return moment.isoformat()


def _finite(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def base_layout(lang: str, *, height: int = 300) -> dict[str, Any]:
    """Shared plotly.js layout: light theme, locale separators and date formats."""
    axis = {"gridcolor": GRID, "linecolor": "#cfd3dc", "zeroline": False, "automargin": True}
    return {
        "separators": ",." if lang == "de" else ".,",
        "height": height,
        "margin": {"l": 10, "r": 16, "t": 56, "b": 10},
        "font": {"family": FONT, "size": 12, "color": "#374151"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hovermode": "closest",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "xaxis": {
            **axis,
            "type": "date",
            "tickformat": "%d.%m.%y" if lang == "de" else "%d %b %y",
            "hoverformat": "%d.%m.%Y" if lang == "de" else "%d %b %Y",
        },
        "yaxis": {**axis},
    }


def _hline(x0: str, x1: str, y: float, name: str, color: str, dash: str) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "lines",
        "x": [x0, x1],
        "y": [y, y],
        "name": name,
        "line": {"color": color, "width": 2, "dash": dash},
        "hoverinfo": "skip",
    }


# --- engagement -------------------------------------------------------------------------------


def _post_hover(t: Catalogue, rate: float, likes: Any, comments: Any, views: Any) -> str:
    lang = t.lang
    parts = [f"<b>{fmt_pct(rate, lang, 2)}</b>"]
    for label, value in (
        ("chart.likes", likes),
        ("chart.comments", comments),
        ("chart.views", views),
    ):
        if _finite(value) is not None:
            parts.append(f"{t(label)}: {fmt_int(value, lang)}")
    return "<br>".join(parts)


def engagement_chart(
    posts: pl.DataFrame, component: ComponentResult | None, t: Catalogue
) -> Chart | None:
    """Engagement rate per post over time against the benchmark (and median) line."""
    if posts.height == 0 or "posted_at" not in posts.columns:
        return None
    rows = zip(
        _column(posts, "posted_at"),
        _column(posts, "engagement_rate"),
        _column(posts, "likes"),
        _column(posts, "comments"),
        _column(posts, "views"),
        strict=True,
    )
    points = sorted(
        (
            (when, rate, likes, comments, views)
            for when, rate, likes, comments, views in rows
            if isinstance(when, date) and _finite(rate) is not None
        ),
        key=lambda p: _x(p[0]),
    )
    if not points:
        return None
    xs = [_x(p[0]) for p in points]
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": t("chart.engagement.series"),
            "x": xs,
            "y": [round(p[1] * 100, 4) for p in points],
            "text": [_post_hover(t, *p[1:]) for p in points],
            "hovertemplate": "%{x}<br>%{text}<extra></extra>",
            "line": {"color": ACCENT, "width": 1.5},
            "marker": {"color": ACCENT, "size": 7},
        }
    ]
    evidence = component.evidence if component else {}
    bench = benchmark_rate(evidence)
    median = _finite(component.value) if component else None
    if median is not None:
        label = t("chart.engagement.median", value=fmt_pct(median, t.lang))
        data.append(_hline(xs[0], xs[-1], median * 100, label, MUTED, "dot"))
    if bench is not None:
        label = t("chart.engagement.benchmark", value=fmt_pct(bench, t.lang))
        data.append(_hline(xs[0], xs[-1], bench * 100, label, WARN, "dash"))
    layout = base_layout(t.lang)
    layout["yaxis"].update({"ticksuffix": " %" if t.lang == "de" else "%", "rangemode": "tozero"})
    bench_text = (
        t("chart.engagement.aria_bench", value=fmt_pct(bench, t.lang)) if bench is not None else ""
    )
    return Chart(
        key="engagement",
        title=t("chart.engagement.title"),
        aria=t("chart.engagement.aria", n=fmt_int(len(points), t.lang), bench=bench_text),
        figure={"data": data, "layout": layout},
    )


# --- followers --------------------------------------------------------------------------------


def _value_near(history: list[tuple[date, float]], day: date) -> float | None:
    """Followers on ``day``, else on the first later day with data, else the last known."""
    later = [v for d, v in history if d >= day]
    if later:
        return later[0]
    return history[-1][1] if history else None


def _event_marks(
    events: list[GrowthEvent], history: list[tuple[date, float]], t: Catalogue
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    traces: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for kind, symbol in (("spike", "triangle-up"), ("drop", "triangle-down")):
        chosen = [e for e in events if e.kind == kind]
        if not chosen:
            continue
        ys = [_value_near(history, e.day) for e in chosen]
        labels = [t(f"event.{kind}_short", change=e.change_text(t.lang)) for e in chosen]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": t(f"event.{kind}_short", change="").strip(),
                "x": [_x(e.day) for e in chosen],
                "y": ys,
                "text": labels,
                "hovertemplate": "%{x}<br><b>%{text}</b><extra></extra>",
                "marker": {"color": ALERT, "size": 13, "symbol": symbol},
            }
        )
        for event, label in zip(chosen, labels, strict=True):
            x = _x(event.day)
            line = {"color": ALERT, "width": 1.5, "dash": "dot"}
            shapes.append(
                {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1}
                | {"line": line}
            )
            notes.append(
                {"x": x, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom", "text": label}
                | {"showarrow": False, "font": {"color": ALERT, "size": 12}, "bgcolor": "#fff"}
            )
    return traces, shapes, notes


def followers_chart(
    metrics: pl.DataFrame, component: ComponentResult | None, t: Catalogue
) -> Chart | None:
    """Follower history with the growth component's spikes and drops marked in red."""
    if metrics.height == 0 or "date" not in metrics.columns or "followers" not in metrics.columns:
        return None
    history: list[tuple[date, float]] = []
    for raw_day, raw_followers in zip(
        _column(metrics, "date"), _column(metrics, "followers"), strict=True
    ):
        day, followers = to_date(raw_day), _finite(raw_followers)
        if day is not None and followers is not None:
            history.append((day, followers))
    history.sort()
    if not history:
        return None
    events = growth_events(component.evidence) if component else []
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": t("chart.followers.series"),
            "x": [_x(d) for d, _ in history],
            "y": [v for _, v in history],
            "hovertemplate": "%{x}<br><b>%{y:,d}</b><extra></extra>",
            "line": {"color": ACCENT, "width": 2},
            "fill": "tozeroy",
            "fillcolor": "rgba(79,70,229,0.07)",
        }
    ]
    traces, shapes, annotations = _event_marks(events, history, t)
    layout = base_layout(t.lang)
    layout["yaxis"].update({"tickformat": ",d", "rangemode": "tozero"})
    layout["shapes"] = shapes
    layout["annotations"] = annotations
    events_text = t("chart.followers.aria_events", n=len(events)) if events else ""
    aria = t(
        "chart.followers.aria",
        start=fmt_date(history[0][0], t.lang),
        end=fmt_date(history[-1][0], t.lang),
        first=fmt_int(history[0][1], t.lang),
        last=fmt_int(history[-1][1], t.lang),
        events=events_text,
    )
    return Chart(
        key="growth",
        title=t("chart.followers.title"),
        aria=aria,
        figure={"data": data + traces, "layout": layout},
        notes=tuple(e.sentence(t) for e in events),
        alert_notes=True,
    )


# --- activity ---------------------------------------------------------------------------------


def activity_chart(
    posts: pl.DataFrame, component: ComponentResult | None, t: Catalogue
) -> Chart | None:
    """Posts per week (weeks start on Monday), the last two years at most."""
    del component  # the bars speak for themselves; the evidence is listed beside them
    days = [
        naive_utc(v).date() if isinstance(v, datetime) else v for v in _column(posts, "posted_at")
    ]
    weeks = Counter(d - timedelta(days=d.weekday()) for d in days if isinstance(d, date))
    if not weeks:
        return None
    last = max(weeks)
    first = max(min(weeks), last - timedelta(weeks=MAX_ACTIVITY_WEEKS - 1))
    span = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    layout = base_layout(t.lang, height=240)
    layout["showlegend"] = False
    layout["margin"]["t"] = 12
    layout["bargap"] = 0.15
    layout["yaxis"].update({"tickformat": ",d", "rangemode": "tozero", "dtick": 1})
    if max(weeks[w] for w in span) > 8:
        del layout["yaxis"]["dtick"]
    data = [
        {
            "type": "bar",
            "name": t("chart.activity.series"),
            "x": [_x(w) for w in span],
            "y": [weeks.get(w, 0) for w in span],
            "marker": {"color": ACCENT},
            "hovertemplate": f"{t('chart.week')} %{{x}}<br><b>%{{y}}</b><extra></extra>",
        }
    ]
    aria = t(
        "chart.activity.aria",
        n=fmt_int(sum(weeks[w] for w in span), t.lang),
        weeks=fmt_int(len(span), t.lang),
    )
    return Chart(
        key="activity",
        title=t("chart.activity.title"),
        aria=aria,
        figure={"data": data, "layout": layout},
    )


def _share_bars(
    key: str, items: list[tuple[str, float | None, str]], t: Catalogue, aria_params: dict[str, str]
) -> Chart | None:
    """A horizontal bar chart of shares (0–1) with one colour per bar; None when all are unknown."""
    known = [(label, v, color) for label, v, color in items if _finite(v) is not None]
    if not known:
        return None
    layout = base_layout(t.lang, height=60 + 34 * len(known))
    layout["showlegend"] = False
    layout["margin"]["t"] = 12
    axis = {k: v for k, v in layout["xaxis"].items() if k not in ("tickformat", "hoverformat")}
    layout["xaxis"] = {**axis, "type": "linear", "tickformat": ".0%", "range": [0, 1]}
    layout["yaxis"].update({"type": "category", "autorange": "reversed"})
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "x": [float(v or 0.0) for _, v, _ in known],
            "y": [label for label, _, _ in known],
            "marker": {"color": [color for _, _, color in known]},
            "text": [fmt_pct(float(v or 0.0), t.lang, 0) for _, v, _ in known],
            "textposition": "auto",
            "hovertemplate": "%{y}: <b>%{text}</b><extra></extra>",
        }
    ]
    return Chart(
        key=key,
        title=t(f"chart.{key}.title"),
        aria=t(f"chart.{key}.aria", **aria_params),
        figure={"data": data, "layout": layout},
    )


def follower_quality_chart(
    frame: Any, component: ComponentResult | None, t: Catalogue
) -> Chart | None:
    """The follower sample's breakdown: real, suspicious (bot-like), mass followers, inactive."""
    del frame  # drawn from the component's evidence
    if component is None or component.score is None:
        return None
    ev = component.evidence
    items = [
        (t("chart.follower_quality.real"), ev.get("real_share"), ACCENT),
        (t("chart.follower_quality.suspicious"), ev.get("flagged_share"), ALERT),
        (t("chart.follower_quality.mass"), ev.get("mass_follower_share"), WARN),
        (t("chart.follower_quality.inactive"), ev.get("inactive_share"), MUTED),
    ]
    n = ev.get("sample_size")
    return _share_bars(
        "follower_quality", items, t, {"n": fmt_int(n, t.lang) if n is not None else "–"}
    )


def comment_classes_chart(
    frame: Any, component: ComponentResult | None, t: Catalogue
) -> Chart | None:
    """Shares of the comment classes: meaningful, generic praise, emoji-only, spam."""
    del frame
    if component is None or component.score is None:
        return None
    shares = component.evidence.get("shares") or {}
    colors = {"meaningful": ACCENT, "generic_praise": MUTED, "emoji_only": WARN, "spam": ALERT}
    items = [(t(f"chart.comment_quality.{c}"), shares.get(c), col) for c, col in colors.items()]
    n = component.evidence.get("comments")
    return _share_bars(
        "comment_quality", items, t, {"n": fmt_int(n, t.lang) if n is not None else "–"}
    )


def pod_chart(frame: Any, component: ComponentResult | None, t: Catalogue) -> Chart | None:
    """The engagement pod as a network: members on a circle, an arrow-less line per comment link."""
    del frame
    if component is None:
        return None
    from resonanz.core.vetting.authenticity import pod_graph

    graph = pod_graph(component.evidence, handle=component.evidence.get("handle"))
    if graph is None:
        return None
    where = {n["id"]: (n["x"], n["y"]) for n in graph["nodes"]}
    data: list[dict[str, Any]] = []
    for e in graph["edges"]:
        if e.get("source") not in where or e.get("target") not in where:
            continue
        (x0, y0), (x1, y1) = where[e["source"]], where[e["target"]]
        share = _finite(e.get("share")) or 0.0
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": [x0, x1],
                "y": [y0, y1],
                "line": {"width": 0.5 + 2 * share, "color": ALERT if e.get("mutual") else MUTED},
                "opacity": 0.45,
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
    data.append(
        {
            "type": "scatter",
            "mode": "markers+text",
            "x": [n["x"] for n in graph["nodes"]],
            "y": [n["y"] for n in graph["nodes"]],
            "text": [f"@{n['id']}" for n in graph["nodes"]],
            "textposition": "top center",
            "marker": {
                "size": 16,
                "color": [ACCENT if n["is_self"] else ALERT for n in graph["nodes"]],
            },
            "hovertemplate": "%{text}<extra></extra>",
            "showlegend": False,
        }
    )
    layout = base_layout(t.lang, height=420)
    layout["margin"]["t"] = 24
    hidden = {"visible": False, "type": "linear", "range": [-1.5, 1.5]}
    layout["xaxis"], layout["yaxis"] = dict(hidden), dict(hidden)
    return Chart(
        key="pod",
        title=t("chart.pod.title"),
        aria=t(
            "chart.pod.aria",
            n=fmt_int(len(graph["nodes"]), t.lang),
            links=fmt_int(len(graph["edges"]), t.lang),
        ),
        figure={"data": data, "layout": layout},
    )


ChartBuilder = Callable[[Any, ComponentResult | None, Catalogue], Chart | None]

CHARTS: dict[str, tuple[str, ChartBuilder]] = {
    "growth": ("metrics", followers_chart),
    "engagement": ("posts", engagement_chart),
    "activity": ("posts", activity_chart),
    "follower_quality": ("posts", follower_quality_chart),
    "comment_quality": ("posts", comment_classes_chart),
    "authenticity": ("posts", pod_chart),
}
"""Special charts by component key, in page order: which series frame they draw, the builder."""

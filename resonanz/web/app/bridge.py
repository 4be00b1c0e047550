"""The report's explained-vetting views and charts, reused by the web pages.

The offline report (:mod:`resonanz.report`) already turns a vetting report into formatted
components, evidence and plotly chart specs, in German and English. The web pages show the same,
so they call it instead of repeating it (the layers put ``resonanz.web`` above
``resonanz.report``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from resonanz.core.vetting.result import VettingReport
from resonanz.report import html as report_html
from resonanz.report import strings as report_strings
from resonanz.web.store.models import Account, MetricDaily, Post


def catalogue(lang: str) -> Any:
    """The report's string catalogue in ``lang`` (``de`` or ``en``; others fall back to ``de``)."""
    strings = report_strings
    return strings.Catalogue(lang if lang in strings.LANGUAGES else "de")


def fmt_int(n: float | int | None, lang: str) -> str:
    """A whole number the way the report writes it (``12.345`` in German)."""
    return str(report_strings.fmt_int(n, lang))


def fmt_pct(frac: float | None, lang: str, digits: int = 1) -> str:
    """A share as percent the way the report writes it."""
    return str(report_strings.fmt_pct(frac, lang, digits))


def plotly_js_path() -> Path:
    """plotly.js as shipped inside the installed plotly package (served offline)."""
    return Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))


@dataclass(frozen=True)
class Series:
    """Posts and daily metrics of one account, as the report's charts read them."""

    posts: pl.DataFrame
    metrics: pl.DataFrame


_POST_FIELDS = ("posted_at", "likes", "comments", "views", "shares", "saves", "reach", "format")


def account_series(account: Account) -> Series:
    """The chart data of one account: two queries, whatever the workspace's size."""
    posts = list(
        Post.objects.filter(account=account).order_by("posted_at").values_list(*_POST_FIELDS)
    )
    schema = {
        "posted_at": pl.Datetime("us"),
        "likes": pl.Int64,
        "comments": pl.Int64,
        "views": pl.Int64,
        "shares": pl.Int64,
        "saves": pl.Int64,
        "reach": pl.Int64,
        "format": pl.String,
    }
    rows = [(p[0].astimezone(UTC).replace(tzinfo=None), *p[1:]) for p in posts]
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    followers = account.followers
    frame = frame.with_columns(
        engagement_rate=(
            (pl.col("likes") + pl.col("comments")) / followers
            if followers
            else pl.lit(None, dtype=pl.Float64)
        )
    )
    metrics = list(
        MetricDaily.objects.filter(account=account)
        .order_by("date")
        .values_list("date", "followers", "following", "posts")
    )
    mframe = pl.DataFrame(
        metrics,
        schema={"date": pl.Date, "followers": pl.Int64, "following": pl.Int64, "posts": pl.Int64},
        orient="row",
    )
    return Series(frame, mframe)


def account_page(account: Account, lang: str) -> dict[str, Any] | None:
    """Everything the report's account page shows (components, evidence, charts), formatted;
    None when the account has not been vetted yet."""
    stored = getattr(account, "vetting_report", None)
    if stored is None:
        return None
    html = report_html
    report = VettingReport.model_validate(stored.report)
    s = account_series(account)
    creator = account.creator
    series = html.AccountSeries(
        posts=s.posts,
        metrics=s.metrics,
        creator_name=creator.name if creator else None,
        city=creator.city if creator else None,
        niches=tuple(creator.niches or ()) if creator else (),
    )
    page: dict[str, Any] = html.account_page(report, series, catalogue(lang), None, 0)
    return page


def label(prefix: str, code: str | None, lang: str) -> str:
    """The report's translated name of a code (tier, platform, niche, flag, component)."""
    return str(catalogue(lang).label(prefix, code))


def codes(prefix: str) -> list[str]:
    """The codes the report has names for under ``prefix`` (``flag``, ``niche``, ``tier`` …)."""
    strings = report_strings.STRINGS["en"]
    start = prefix + "."
    return sorted(k[len(start) :] for k in strings if k.startswith(start))

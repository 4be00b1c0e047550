"""``resonanz advocates`` and ``resonanz referrals``: consumer influencers among the customers.

    resonanz advocates demo --out crm/ [--customers 3000] [--world demo-data/]
    resonanz import crm/
    resonanz advocates [--segment brand_lover] [--top 20] [--json] [--html FILE] [--csv FILE]
    resonanz advocates sales --out sales.csv [--metric value|orders] [--postal-digits 2]
    resonanz referrals codes [--top 50] [--json]          (secret: RESONANZ_REFERRAL_SECRET)
    resonanz referrals analyze [--advocates 200] [--json]

Exit status: 0 done; 1 no CRM data in the workspace (import it first) or a bad option.
"""

from __future__ import annotations

import os
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from resonanz.cli.main import STATE, _print_json, _workspace, app, err, out

advocates_app = typer.Typer(
    help="Consumer Influencer: Fürsprecher unter den eigenen Kunden finden.",
    invoke_without_command=True,
)
referrals_app = typer.Typer(
    help="Empfehlungsprogramm: Codes, Betrugsprüfung, Empfehlungsquote, Uplift.",
    no_args_is_help=True,
)
app.add_typer(advocates_app, name="advocates")
app.add_typer(referrals_app, name="referrals")

SECRET_ENV = "RESONANZ_REFERRAL_SECRET"

_TEXT: dict[str, dict[str, str]] = {
    "no_data": {
        "de": "Keine {table} im Workspace '{ws}'. Erst importieren: resonanz import DATEI",
        "en": "No {table} in workspace '{ws}'. Import them first: resonanz import FILE",
    },
    "bad_date": {
        "de": "--as-of: kein Datum (JJJJ-MM-TT): {value}",
        "en": "--as-of: not a date (YYYY-MM-DD): {value}",
    },
    "title": {"de": "Fürsprecher (Advocate-Score)", "en": "Advocates (advocate score)"},
    "col_customer": {"de": "Kunde", "en": "Customer"},
    "col_score": {"de": "Score", "en": "Score"},
    "col_segment": {"de": "Segment", "en": "Segment"},
    "col_reasons": {"de": "Gründe", "en": "Reasons"},
    "col_code": {"de": "Code", "en": "Code"},
    "col_link": {"de": "Link", "en": "Link"},
    "summary": {
        "de": "{customers} Kunden bewertet, {advocates} Fürsprecher, {excluded} ohne "
        "Profiling-Einwilligung ausgelassen.",
        "en": "{customers} customers scored, {advocates} advocates, {excluded} left out "
        "without profiling consent.",
    },
    "brand_lover": {"de": "Brand Lover", "en": "Brand lover"},
    "brand_maven": {"de": "Brand Maven", "en": "Brand maven"},
    "brand_critic": {"de": "Brand Critic", "en": "Brand critic"},
    "customer": {"de": "Kunde", "en": "Customer"},
    "loyal_buyer": {
        "de": "kauft oft, viel und zuletzt ({n} Bestellungen, {eur} €)",
        "en": "buys often, much and recently ({n} orders, €{eur})",
    },
    "early_adopter": {
        "de": "Early Adopter ({k} von {m} Neuheiten früh gekauft)",
        "en": "early adopter (bought {k} of {m} launches early)",
    },
    "metropolis": {"de": "wohnt in {city}", "en": "lives in {city}"},
    "reviewer": {"de": "{n} Bewertungen", "en": "{n} reviews"},
    "positive_tone": {"de": "positiver Ton", "en": "positive tone"},
    "negative_tone": {"de": "kritischer Ton", "en": "critical tone"},
    "social_reach": {
        "de": "{platform} @{handle}: {followers} Follower",
        "en": "{platform} @{handle}: {followers} followers",
    },
    "no_marketing_consent": {"de": "keine Marketing-Einwilligung", "en": "no marketing consent"},
    "secret_missing": {
        "de": "Kein Geheimnis in {env}: die Codes nutzen den SECRET_KEY der Installation.",
        "en": "No secret in {env}: the codes use the installation's SECRET_KEY.",
    },
    "no_advocates": {"de": "Keine Fürsprecher gefunden.", "en": "No advocates found."},
    "uplift": {
        "de": "Uplift: {n} Fürsprecher × {r} Empfehlungen × {c} Conversion = {orders} Bestellungen"
        " ({lo} … {hi}, {level} %), Umsatz {rev} € ({rlo} … {rhi} €)",
        "en": "Uplift: {n} advocates × {r} referrals × {c} conversion = {orders} orders"
        " ({lo} … {hi}, {level} %), revenue €{rev} (€{rlo} … €{rhi})",
    },
    "fraud": {
        "de": "{flagged} von {total} Empfehlungen verdächtig: {detail}",
        "en": "{flagged} of {total} referrals suspicious: {detail}",
    },
    "demo_written": {
        "de": "Demo-CRM in {out}: {customers} Kunden, {orders} Bestellungen. "
        "Import: resonanz import {out}",
        "en": "Demo CRM in {out}: {customers} customers, {orders} orders. "
        "Import: resonanz import {out}",
    },
    "html_written": {"de": "HTML-Bericht: {path}", "en": "HTML report: {path}"},
    "sales_written": {
        "de": "{regions} Regionen, {rows} Zeilen nach {path}: resonanz geo design --data {path} …",
        "en": "{regions} regions, {rows} rows written to {path}: "
        "resonanz geo design --data {path} …",
    },
    "csv_written": {
        "de": "{rows} Kunden nach {path} geschrieben.",
        "en": "{rows} customers written to {path}.",
    },
}


def _t(key: str, **params: object) -> str:
    entry = _TEXT[key]
    return entry.get(STATE.lang, entry["de"]).format(**params)


class Segment(StrEnum):
    brand_lover = "brand_lover"
    brand_maven = "brand_maven"
    brand_critic = "brand_critic"
    customer = "customer"


def _fail(text: str) -> typer.Exit:
    err.print(f"[red]{escape(text)}[/red]")
    return typer.Exit(1)


def _settings() -> Any:
    from resonanz.core.config import load_defaults

    return load_defaults().advocates


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(_t("bad_date", value=value)) from None


def _scores(as_of: str | None) -> tuple[Any, Any]:
    ws = _workspace()  # sets Django up before the store's modules are imported
    from resonanz.web.crm.services import NoCrmData, score

    settings = _settings()
    try:
        return ws, score(ws, settings, _as_of(as_of))
    except NoCrmData as exc:
        raise _fail(_t("no_data", table=exc.table, ws=ws.name)) from exc


def reason_text(row: dict[str, Any]) -> list[str]:
    """The reasons of one scored customer in the CLI's language."""
    out = []
    for code in row["reasons"]:
        params: dict[str, object] = {}
        if code == "loyal_buyer":
            params = {"n": row["frequency"], "eur": f"{row['monetary']:.0f}"}
        elif code == "early_adopter":
            params = {"k": row["early_products"], "m": row["launches"]}
        elif code == "metropolis":
            params = {"city": row["metro_city"]}
        elif code == "reviewer":
            params = {"n": row["review_count"]}
        elif code == "social_reach":
            params = {
                "platform": row["social_platform"],
                "handle": row["social_handle"],
                "followers": f"{row['followers']:,}",
            }
        out.append(_t(code, **params))
    return out


def _count_excluded(ws: Any, scored: Any) -> int:
    from resonanz.web.crm.models import Customer

    return int(Customer.objects.filter(workspace=ws).count() - scored.height)


@advocates_app.callback()
def advocates(
    ctx: typer.Context,
    segment: Segment | None = typer.Option(None, "--segment", help="Nur dieses Segment."),
    top: int = typer.Option(20, "--top", min=1, help="So viele Kunden zeigen."),
    all_customers: bool = typer.Option(False, "--all", help="Alle Kunden, nicht nur Fürsprecher."),
    as_of: str | None = typer.Option(None, "--as-of", help="Stichtag (JJJJ-MM-TT)."),
    html: Path | None = typer.Option(None, "--html", help="HTML-Bericht hierhin schreiben."),
    csv_path: Path | None = typer.Option(
        None, "--csv", help="Alle bewerteten Kunden als CSV hierhin (mit Gründen)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON."),
) -> None:
    """Bewertet Kunden als Fürsprecher (RFM, Early Adopter, Metropole, Bewertungen, Reichweite)."""
    if ctx.invoked_subcommand is not None:
        return
    import polars as pl

    from resonanz.core.advocates.score import segment_summary

    ws, scored = _scores(as_of)
    summary = segment_summary(scored)
    excluded = _count_excluded(ws, scored)
    shown = scored
    if segment is not None:
        shown = shown.filter(pl.col("segment") == segment.value)
    elif not all_customers:
        shown = shown.filter(pl.col("advocate"))
    rows = shown.head(top).to_dicts()
    if csv_path is not None:
        texts = [" | ".join(reason_text(r)) for r in scored.iter_rows(named=True)]
        scored.with_columns(
            pl.col("reasons").list.join(" "), pl.Series("reason_texts", texts, dtype=pl.String)
        ).write_csv(csv_path)
        err.print(_t("csv_written", path=csv_path, rows=scored.height))
    if html is not None:
        from resonanz.report.advocates import write_advocates_report

        path = write_advocates_report(scored, summary, html, STATE.lang, reason_text)
        err.print(_t("html_written", path=path))
    if as_json:
        _print_json(
            {
                "workspace": ws.name,
                "customers": scored.height,
                "advocates": int(scored["advocate"].sum()),
                "excluded_no_consent": excluded,
                "segments": summary,
                "top": [{**r, "reason_texts": reason_text(r)} for r in rows],
            }
        )
        return
    table = Table(title=_t("title"))
    for key in ("col_customer", "col_score", "col_segment", "col_reasons"):
        table.add_column(_t(key))
    for r in rows:
        table.add_row(
            escape(r["customer_id"]),
            f"{r['score']:.0f}",
            _t(r["segment"]),
            escape("; ".join(reason_text(r))),
        )
    out.print(table)
    out.print(
        _t(
            "summary",
            customers=scored.height,
            advocates=int(scored["advocate"].sum()),
            excluded=excluded,
        )
    )


@advocates_app.command("demo")
def demo_cmd(
    out_dir: Path = typer.Option(Path("demo-crm"), "--out", help="Zielordner."),
    customers: int = typer.Option(3000, "--customers", min=20, help="Anzahl Kunden."),
    seed: int = typer.Option(7, "--seed", help="Zufallsstartwert."),
    world: Path | None = typer.Option(
        None, "--world", help="Ordner eines Demo-Markts: Kunden-Handles passend zu Creators."
    ),
    lift: float = typer.Option(0.08, "--lift", help="Wirkung in den Testregionen (0,08 = 8 %)."),
    fmt: str = typer.Option("csv", "--format", help="csv, jsonl oder parquet."),
) -> None:
    """Erzeugt ein Demo-CRM: Kunden, Produkte, Bestellungen, Bewertungen, Empfehlungen, Verkäufe."""
    import polars as pl

    from resonanz.io.crm_demo import write_crm

    accounts = None
    if world is not None:
        found = sorted(world.glob("accounts.*"))
        if not found:
            raise _fail(f"{world}: accounts.csv/.parquet/.jsonl not found")
        f = found[0]
        reader = {".parquet": pl.read_parquet, ".jsonl": pl.read_ndjson}.get(f.suffix, pl.read_csv)
        accounts = reader(f).select("platform", "handle", "followers")
    try:
        paths = write_crm(out_dir, customers, seed, fmt, accounts, lift)
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    n_orders = sum(1 for _ in paths["orders"].open(encoding="utf-8")) - 1 if fmt == "csv" else "…"
    err.print(_t("demo_written", out=out_dir, customers=customers, orders=n_orders))


class SalesMetric(StrEnum):
    value = "value"
    orders = "orders"


@advocates_app.command("sales")
def sales_cmd(
    out_path: Path = typer.Option(Path("sales.csv"), "--out", help="Ziel-CSV (location,Y,date)."),
    metric: SalesMetric = typer.Option(SalesMetric.value, "--metric", help="value oder orders."),
    postal_digits: int | None = typer.Option(
        None, "--postal-digits", min=1, max=5, help="Regionen aus den ersten PLZ-Ziffern."
    ),
) -> None:
    """Tägliche Verkäufe je Region aus den Bestellungen: die Eingabe von resonanz geo."""
    ws = _workspace()
    from resonanz.core.advocates.sales import daily_sales
    from resonanz.web.crm.services import load_crm

    crm = load_crm(ws)
    if crm["orders"].is_empty():
        raise _fail(_t("no_data", table="orders", ws=ws.name))
    try:
        panel = daily_sales(crm["orders"], crm["customers"], metric.value, postal_digits)
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    out_path.parent.mkdir(parents=True, exist_ok=True)
    panel.write_csv(out_path)
    err.print(
        _t("sales_written", path=out_path, regions=panel["location"].n_unique(), rows=panel.height)
    )


def _secret() -> bytes:
    value = os.environ.get(SECRET_ENV)
    if value:
        return value.encode()
    from django.conf import settings

    err.print(f"[yellow]{_t('secret_missing', env=SECRET_ENV)}[/yellow]")
    return str(settings.SECRET_KEY).encode()


@referrals_app.command("codes")
def codes_cmd(
    top: int | None = typer.Option(None, "--top", min=1, help="Nur die besten N Fürsprecher."),
    link_base: str | None = typer.Option(None, "--link-base", help="Basis-URL der Links."),
    as_of: str | None = typer.Option(None, "--as-of", help="Stichtag (JJJJ-MM-TT)."),
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON."),
) -> None:
    """Empfehlungscodes und -links für die Fürsprecher (HMAC, nicht erratbar, stabil)."""
    import polars as pl

    from resonanz.core.advocates.referrals import referral_codes

    ws, scored = _scores(as_of)
    chosen = scored.filter(pl.col("advocate"))
    if top is not None:
        chosen = chosen.head(top)
    settings = _settings().referrals
    if link_base:
        settings = settings.model_copy(update={"link_base": link_base})
    codes = referral_codes(chosen["customer_id"].to_list(), _secret(), ws.name, settings)
    codes = codes.join(chosen.select("customer_id", "score", "segment"), on="customer_id")
    if as_json:
        _print_json(codes.to_dicts())
        return
    if codes.is_empty():
        out.print(_t("no_advocates"))
        return
    table = Table()
    for key in ("col_customer", "col_score", "col_code", "col_link"):
        table.add_column(_t(key))
    for r in codes.iter_rows(named=True):
        table.add_row(r["customer_id"], f"{r['score']:.0f}", r["code"], r["link"])
    out.print(table)


@referrals_app.command("analyze")
def analyze_cmd(
    advocates_n: int | None = typer.Option(
        None, "--advocates", min=0, help="Geplante Fürsprecher (Standard: alle gefundenen)."
    ),
    top: int = typer.Option(10, "--top", min=1, help="So viele Fürsprecher zeigen."),
    as_of: str | None = typer.Option(None, "--as-of", help="Stichtag (JJJJ-MM-TT)."),
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON."),
) -> None:
    """Empfehlungen auswerten: Betrugsprüfung, Quote je Fürsprecher, erwarteter Uplift."""
    import polars as pl

    ws = _workspace()
    from resonanz.core.advocates.referrals import FRAUD_FLAGS, project_uplift
    from resonanz.web.crm.services import NoCrmData, referral_check

    settings = _settings()
    try:
        checked, stats = referral_check(ws, settings, _secret)
    except NoCrmData as exc:
        raise _fail(_t("no_data", table=exc.table, ws=ws.name)) from exc
    if advocates_n is None:
        _, scored = _scores(as_of)
        advocates_n = int(scored["advocate"].sum())
    try:
        uplift = project_uplift(stats, advocates_n, settings.referrals)
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    flags = checked.select(pl.col("flags").explode()).drop_nulls()
    by_flag = {f: int((flags["flags"] == f).sum()) for f in FRAUD_FLAGS}
    flagged = checked.filter(~pl.col("clean"))
    data = {
        "workspace": ws.name,
        "referrals": checked.height,
        "flagged": flagged.height,
        "fraud": by_flag,
        "flagged_referrals": flagged.select("referral_id", "referrer_id", "flags").to_dicts(),
        "per_advocate": stats.head(top).to_dicts(),
        "uplift": uplift.as_dict(),
    }
    if as_json:
        _print_json(data)
        return
    detail = ", ".join(f"{k} {v}" for k, v in by_flag.items() if v) or "–"
    out.print(_t("fraud", flagged=flagged.height, total=checked.height, detail=detail))
    u = uplift
    rev = u.revenue_interval or (0.0, 0.0)
    out.print(
        _t(
            "uplift",
            n=u.advocates,
            r=f"{u.referrals_per_advocate:.2f}",
            c=f"{u.conversion_rate:.1%}",
            orders=f"{u.orders:.0f}",
            lo=f"{u.orders_interval[0]:.0f}",
            hi=f"{u.orders_interval[1]:.0f}",
            level=round(100 * u.level),
            rev=f"{u.revenue or 0:,.0f}",
            rlo=f"{rev[0]:,.0f}",
            rhi=f"{rev[1]:,.0f}",
        )
    )

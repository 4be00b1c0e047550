"""``resonanz fee``: a fair fee range (low / fair / high, EUR) per account and deliverable.

The named accounts are vetted with the same service as ``resonanz vet``; the fee comes from
resonanz/core/fees (method in docs/planning.md "Fair fees").
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from resonanz.cli.main import STATE, _print_json, _progress, _workspace, app, err, out
from resonanz.cli.messages import msg

_TEXT: dict[str, dict[str, str]] = {
    "title": {"de": "Faire Honorare (EUR)", "en": "Fair fees (EUR)"},
    "account": {"de": "Account", "en": "Account"},
    "platform": {"de": "Plattform", "en": "Platform"},
    "tier": {"de": "Stufe", "en": "Tier"},
    "deliverable": {"de": "Leistung", "en": "Deliverable"},
    "low": {"de": "niedrig", "en": "low"},
    "fair": {"de": "fair", "en": "fair"},
    "high": {"de": "hoch", "en": "high"},
    "cash": {"de": "bar", "en": "cash"},
    "confidence": {"de": "Sicherheit", "en": "Confidence"},
    "no_accounts_named": {
        "de": "Bitte mindestens einen Handle oder eine Account-ID angeben.",
        "en": "Name at least one handle or account id.",
    },
}


class Deliverable(StrEnum):
    feed_post = "feed_post"
    reel = "reel"
    story = "story"
    video = "video"


def _t(key: str) -> str:
    entry = _TEXT[key]
    return entry.get(STATE.lang, entry["de"])


def _money(value: float | None) -> str:
    if value is None:
        return "–"
    text = f"{value:,.0f}"
    return text.replace(",", ".") if STATE.lang == "de" else text


def _select(frame: Any, wanted: list[str]) -> tuple[Any, list[str]]:
    import polars as pl

    keys = [w.strip() for w in wanted]
    handles = [k.lstrip("@").lower() for k in keys]
    handle = pl.col("handle").cast(pl.String).str.strip_chars_start("@").str.to_lowercase()
    chosen = frame.filter(pl.col("account_id").is_in(keys) | handle.is_in(handles))
    found_ids = set(chosen["account_id"].to_list())
    found_handles = {str(h).lstrip("@").lower() for h in chosen["handle"].to_list() if h}
    missing = [k for k, h in zip(keys, handles, strict=True)
               if k not in found_ids and h not in found_handles]  # fmt: skip
    return chosen, missing


def _rows(fees: Any, chosen: Any, defaults: Any) -> list[dict[str, Any]]:
    from resonanz.core.fees import fee_result
    from resonanz.core.messages import Lang, render

    handles = dict(zip(chosen["account_id"], chosen["handle"], strict=True))
    lang: Lang = "en" if STATE.lang == "en" else "de"
    rows: list[dict[str, Any]] = []
    for row in fees.iter_rows(named=True):
        result = fee_result(row, defaults)
        rows.append(
            {
                "account_id": row["account_id"],
                "handle": handles.get(row["account_id"]),
                "platform": row["platform"],
                "tier": row["tier"],
                "deliverable": row["deliverable"],
                "fee_low_eur": row["fee_low_eur"],
                "fee_eur": row["fee_eur"],
                "fee_high_eur": row["fee_high_eur"],
                "cash_fee_eur": row["cash_fee_eur"],
                "product_value_eur": row["product_value_eur"],
                "confidence": row["fee_confidence"],
                "reasons": [
                    {"code": r.code, "severity": r.severity, "text": render(r, lang)}
                    for r in result.reasons
                ],
            }
        )
    return rows


def _print_table(rows: list[dict[str, Any]], first: str, show_cash: bool) -> None:
    table = Table(title=_t("title"), title_justify="left")
    for key in ("account", "platform", "tier", "deliverable"):
        table.add_column(_t(key))
    for key in ("low", "fair", "high", *(("cash",) if show_cash else ()), "confidence"):
        table.add_column(_t(key), justify="right")
    for r in rows:
        cells = [escape(str(r["handle"] or r["account_id"])), str(r["platform"]),
                 str(r["tier"] or "–"), r["deliverable"], _money(r["fee_low_eur"]),
                 _money(r["fee_eur"]), _money(r["fee_high_eur"])]  # fmt: skip
        if show_cash:
            cells.append(_money(r["cash_fee_eur"]))
        cells.append(f"{r['confidence']:.2f}")
        table.add_row(*cells)
    out.print(table)
    for r in rows:  # the reasons once per account (they differ by deliverable only in the factor)
        if r["deliverable"] == first:
            out.print(f"[bold]{escape(str(r['handle'] or r['account_id']))}[/bold]")
            for reason in r["reasons"]:
                out.print(f"  • {escape(reason['text'])}")


@app.command()
def fee(
    accounts: list[str] = typer.Argument(None, help="Handles oder Account-IDs."),
    deliverable: list[Deliverable] = typer.Option(
        None, "--deliverable", "-d", help="Leistung(en); ohne Angabe: alle."
    ),
    product_value: float = typer.Option(
        0.0, "--product-value", min=0.0, help="Wert eines Produkts (EUR), das angerechnet wird."
    ),
    as_json: bool = typer.Option(False, "--json", help="Als JSON-Liste."),
) -> None:
    """Faires Honorar (niedrig / fair / hoch, EUR) je Account und Leistung, mit Gründen."""
    if not accounts:
        err.print(f"[red]{_t('no_accounts_named')}[/red]")
        raise typer.Exit(2)
    ws = _workspace()
    from resonanz.core.fees import DELIVERABLES, fee_frame
    from resonanz.web.store.services import vet_workspace

    with _progress() as bar:
        task = bar.add_task(msg("vetting", STATE.lang), total=None)
        outcome = vet_workspace(ws, progress=lambda i, n: bar.update(task, completed=i, total=n))
    if outcome.frame.height == 0:
        err.print(msg("no_accounts", STATE.lang, workspace=ws.name))
        raise typer.Exit(1)
    chosen, missing = _select(outcome.frame, accounts)
    for name in missing:
        err.print(f"[red]{escape(msg('unknown_account', STATE.lang, account=name))}[/red]")
    kinds = tuple(d.value for d in deliverable) if deliverable else DELIVERABLES
    fees = fee_frame(chosen, outcome.defaults, kinds, product_value)
    rows = _rows(fees, chosen, outcome.defaults)
    if as_json:
        _print_json(rows)
    else:
        _print_table(rows, kinds[0], show_cash=product_value > 0)
    if missing:
        raise typer.Exit(1)

"""``resonanz fee``: a fair fee range (low / fair / high, EUR) per account and deliverable.

The named accounts are vetted with the same service as ``resonanz vet``; the fee comes from
resonanz/core/fees (method in docs/planning.md "Fair fees").
"""

from __future__ import annotations

import math
from enum import StrEnum
from pathlib import Path
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
    "learned": {"de": "gelernt", "en": "learned"},
    "learned_range": {"de": "gelernt 90 %", "en": "learned 90 %"},
    "deals": {"de": "Deals", "en": "Deals"},
    "learn_summary": {
        "de": "Aus {n} Deals gelernt (Streuung je Deal ×/÷ {spread:.2f}); Segmente: {segments}. "
        "Gewicht der Deals 0 = nur Richtwert, 1 = nur Deals.",
        "en": "Learned from {n} deals (spread per deal ×/÷ {spread:.2f}); segments: {segments}. "
        "Deal weight 0 = prior only, 1 = deals only.",
    },
    "deal_error": {"de": "Deals nicht nutzbar: {reason}", "en": "Deals not usable: {reason}"},
    "deal_unknown": {
        "de": "{path}, Zeile {line}, Feld account: '{account}' gibt es im Workspace nicht.",
        "en": "{path}, line {line}, field account: no account '{account}' in the workspace.",
    },
    "deal_no_prior": {
        "de": "{n} Deal(s) ohne Follower-Zahl des Accounts übersprungen (kein Richtwert).",
        "en": "{n} deal(s) skipped: the account has no follower count (no prior fee).",
    },
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


def _t(key: str, **kw: Any) -> str:
    entry = _TEXT[key]
    text = entry.get(STATE.lang, entry["de"])
    return text.format(**kw) if kw else text


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


def _learn(path: Path, outcome: Any) -> Any:
    """The fee model learned from the deals file (errors name file, line and field)."""
    import polars as pl

    from resonanz.core.fees import DELIVERABLES, fee_frame
    from resonanz.core.fees.learn import DealError, check_deals, fit

    try:
        raw = pl.read_csv(path, infer_schema_length=0, encoding="utf8-lossy")
        deals = check_deals(raw, str(path), DELIVERABLES)
    except (OSError, pl.exceptions.PolarsError, DealError) as exc:
        err.print(f"[red]{escape(_t('deal_error', reason=str(exc)))}[/red]")
        raise typer.Exit(1) from None
    frame = outcome.frame
    ids = {str(a): str(a) for a in frame["account_id"].to_list()}
    order = {"instagram": 0, "tiktok": 1, "youtube": 2}  # a handle on several platforms: as vet
    ranked = sorted(
        zip(frame["account_id"].to_list(), frame["handle"].to_list(),
            frame["platform"].to_list(), strict=True),
        key=lambda r: order.get(str(r[2]), 9),
    )  # fmt: skip
    for a, h, _ in ranked:
        if h:
            ids.setdefault(str(h).lstrip("@").lower(), str(a))
    matched = []
    for row in deals.iter_rows(named=True):
        key = row["account"]
        acc = ids.get(key) or ids.get(key.lstrip("@").lower())
        if acc is None:
            text = _t("deal_unknown", path=str(path), line=row["line"], account=key)
            err.print(f"[red]{escape(text)}[/red]")
            raise typer.Exit(1)
        matched.append(acc)
    deals = deals.with_columns(pl.Series("account_id", matched))
    priors = fee_frame(
        frame.filter(pl.col("account_id").cast(pl.String).is_in(matched)), outcome.defaults
    ).select("account_id", "platform", "deliverable", "followers", "fee_eur")
    usable = deals.join(priors, on=["account_id", "deliverable"], how="left").rename(
        {"fee_eur": "prior_fair_eur"}
    )
    skipped = usable.filter(pl.col("prior_fair_eur").is_null()).height
    if skipped:
        err.print(_t("deal_no_prior", n=skipped))
    usable = usable.filter(pl.col("prior_fair_eur").is_not_null())
    if usable.height == 0:
        err.print(f"[red]{escape(_t('deal_error', reason=str(path)))}[/red]")
        raise typer.Exit(1)
    return fit(usable, outcome.defaults.fees.learn)


def _apply_learned(rows: list[dict[str, Any]], model: Any, chosen: Any) -> None:
    followers = dict(zip(chosen["account_id"], chosen["followers"], strict=True))
    for r in rows:
        f = followers.get(r["account_id"])
        if r["fee_eur"] is None or f is None:
            r["learned"] = None
            continue
        p = model.predict(r["platform"], r["deliverable"], float(f), float(r["fee_eur"]))
        r["learned"] = {
            "fee_eur": round(p.fair_eur, 2),
            "fee_low_eur": round(p.low_eur, 2),
            "fee_high_eur": round(p.high_eur, 2),
            "interval": model.settings.interval,
            "sd_log": round(p.sd_log, 4),
            "data_weight": round(p.data_weight, 3),
            "deals_in_segment": p.n_deals,
            "deals_total": model.n_deals,
        }


def _print_table(rows: list[dict[str, Any]], first: str, show_cash: bool) -> None:
    table = Table(title=_t("title"), title_justify="left")
    for key in ("account", "platform", "tier", "deliverable"):
        table.add_column(_t(key))
    learned = any(r.get("learned") for r in rows)
    extra = ("learned", "learned_range", "deals") if learned else ()
    for key in ("low", "fair", "high", *(("cash",) if show_cash else ()), "confidence", *extra):
        table.add_column(_t(key), justify="right")
    for r in rows:
        cells = [escape(str(r["handle"] or r["account_id"])), str(r["platform"]),
                 str(r["tier"] or "–"), r["deliverable"], _money(r["fee_low_eur"]),
                 _money(r["fee_eur"]), _money(r["fee_high_eur"])]  # fmt: skip
        if show_cash:
            cells.append(_money(r["cash_fee_eur"]))
        cells.append(f"{r['confidence']:.2f}")
        if learned:
            lr = r.get("learned")
            cells += (
                [_money(lr["fee_eur"]), f"{_money(lr['fee_low_eur'])}–{_money(lr['fee_high_eur'])}",
                 f"{lr['deals_in_segment']} ({lr['data_weight']:.2f})"]
                if lr else ["–", "–", "–"]
            )  # fmt: skip
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
    learn: Path = typer.Option(
        None,
        "--learn",
        help="Vergangene Deals (CSV: account, deliverable, fee_eur, date, optional reach, "
        "engagements, conversions): das Honorar lernt daraus, mit Intervall.",
    ),
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
    model = _learn(learn, outcome) if learn is not None else None
    if model is not None:
        _apply_learned(rows, model, chosen)
    if as_json:
        _print_json(rows)
    else:
        _print_table(rows, kinds[0], show_cash=product_value > 0)
        if model is not None:
            segs = ", ".join(f"{k} ({v})" for k, v in sorted(model.n_by_segment.items()))
            out.print(
                _t("learn_summary", n=model.n_deals, spread=math.exp(model.sigma), segments=segs)
            )
    if missing:
        raise typer.Exit(1)

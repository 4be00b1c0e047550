"""``resonanz plan BRIEF.yaml``: choose creators and deliverables for a campaign brief.

The workspace is vetted with the brief (as ``resonanz vet --brief``), fair fees come from
resonanz/core/fees, expected values from resonanz/core/planning/candidates.py and the plan from the
planner's MIP (docs/planning.md, "Planner" and "resonanz plan").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from resonanz.cli.main import STATE, _print_json, _progress, _workspace, app, err, out
from resonanz.cli.messages import msg
from resonanz.cli.vetting import load_brief

_TEXT: dict[str, dict[str, str]] = {
    "title": {"de": "Kampagnenplan ({goal})", "en": "Campaign plan ({goal})"},
    "creator": {"de": "Creator", "en": "Creator"},
    "platform": {"de": "Plattform", "en": "Platform"},
    "tier": {"de": "Stufe", "en": "Tier"},
    "deliverables": {"de": "Leistungen", "en": "Deliverables"},
    "fee": {"de": "Honorar (EUR)", "en": "Fee (EUR)"},
    "total": {
        "de": "Gesamt: {cost} EUR von {budget} EUR; erwarteter Wert {value} ({low}–{high}); "
        "Schranke {bound}, Lücke {gap} ({status})",
        "en": "Total: {cost} EUR of {budget} EUR; expected value {value} ({low}–{high}); "
        "bound {bound}, gap {gap} ({status})",
    },
    "dedup": {
        "de": "Deduplizierte Reichweite: {unique} von {total} Followern, ± {se} ({method})",
        "en": "Deduplicated reach: {unique} of {total} followers, ± {se} ({method})",
    },
    "why": {"de": "Warum", "en": "Why"},
    "by_tier": {"de": "Budget je Stufe", "en": "Budget by tier"},
    "by_platform": {"de": "Budget je Plattform", "en": "Budget by platform"},
    "left_out": {"de": "Nicht im Plan", "en": "Left out"},
    "excluded_by_brief": {"de": "vom Briefing ausgeschlossen", "en": "excluded by the brief"},
    "over_max_per_creator": {
        "de": "teurer als max_per_creator_eur",
        "en": "costs more than max_per_creator_eur",
    },
    "not_chosen": {
        "de": "nicht gewählt (Wert je Euro {ratio})",
        "en": "not chosen (value per euro {ratio})",
    },
    "no_budget": {
        "de": "{path}: budget_eur fehlt – ein Plan braucht ein Budget (z. B. 'budget_eur: 10000').",
        "en": "{path}: budget_eur is missing – a plan needs a budget (e.g. 'budget_eur: 10000').",
    },
    "no_candidates": {
        "de": "Keine buchbaren Creator für dieses Briefing "
        "(Plattformen, Formate, privat, ohne Score).",
        "en": "No bookable creators for this brief (platforms, formats, private, no score).",
    },
    "infeasible": {"de": "Kein Plan möglich: {reason}", "en": "No plan possible: {reason}"},
    "pilot": {
        "de": "Pilot: der Plan ist als Testlauf markiert.",
        "en": "Pilot: the plan is marked as a trial run.",
    },
    "pilot_results": {
        "de": "Folgeplan mit Pilot-Ergebnissen: Erwartungen je Creator angepasst",
        "en": "Follow-up plan with pilot results: expectations updated per creator",
    },
    "pilot_unmatched": {
        "de": "Pilot-Zeilen ohne passenden Creator/Leistung: {rows}",
        "en": "Pilot rows without a matching creator/deliverable: {rows}",
    },
    "pilot_bad_file": {
        "de": "{path}: Pilot-Ergebnisse nicht lesbar: {reason}",
        "en": "{path}: cannot read the pilot results: {reason}",
    },
}


def _t(key: str, **kw: Any) -> str:
    entry = _TEXT[key]
    return entry.get(STATE.lang, entry["de"]).format(**kw)


def _money(value: float) -> str:
    text = f"{value:,.0f}"
    return text.replace(",", ".") if STATE.lang == "de" else text


def plan_json(result: Any, goal: str) -> dict[str, Any]:
    """The public JSON of a plan in the CLI's language (resonanz/core/planning/explain.py)."""
    from resonanz.core.planning.explain import plan_json as core_plan_json

    return core_plan_json(result, goal, _lang())


def _lang() -> Any:
    return "en" if STATE.lang == "en" else "de"


def _print_plan(
    data: dict[str, Any], budget: float, update: Any = None, options: Any = None
) -> None:
    if update is not None:
        _print_pilot(update, options)
    table = Table(title=_t("title", goal=data["goal"]), title_justify="left")
    for key in ("creator", "platform", "tier", "deliverables"):
        table.add_column(_t(key))
    table.add_column(_t("fee"), justify="right")
    table.add_column(_t("why"))
    for c in data["creators"]:
        kinds = ", ".join(f"{d['count']}× {d['type']}" for d in c["deliverables"])
        why = c.get("reason", {}).get("why", "")
        table.add_row(escape(str(c["handle"] or c["account_id"])), c["platform"],
                      str(c["tier"] or "–"), kinds, _money(c["fee_eur"]), escape(why))  # fmt: skip
    out.print(table)
    out.print(
        _t(
            "total",
            cost=_money(data["total_cost_eur"]),
            budget=_money(budget),
            value=_money(data["objective"]),
            low=_money(data["value_low"]),
            high=_money(data["value_high"]),
            bound="–" if data["bound"] is None else _money(data["bound"]),
            gap="–" if data["gap"] is None else f"{data['gap']:.2%}",
            status=data["status"],
        )
    )
    r = data.get("dedup_reach")
    if r and r["unique_followers"]:
        out.print(
            _t("dedup", unique=_money(r["unique_followers"]), total=_money(r["followers_total"]),
               se=_money(r["se"]), method=r["method"])
        )  # fmt: skip
    total = data["total_cost_eur"] or 1.0
    for key, split in (("by_tier", "spend_by_tier"), ("by_platform", "spend_by_platform")):
        parts = ", ".join(
            f"{escape(k)} {_money(v)} ({v / total:.0%})"
            for k, v in sorted(data[split].items(), key=lambda kv: -kv[1])
        )
        out.print(f"[bold]{_t(key)}:[/bold] {parts or '–'}")
    if data["left_out"]:
        out.print(f"[bold]{_t('left_out')}:[/bold]")
        for lo in data["left_out"]:
            why = lo.get("why") or _t(lo["reason"], ratio=f"{lo['best_value_per_eur']:.1f}")
            out.print(f"  • {escape(str(lo['handle'] or lo['account_id']))}: {why}")


@app.command()
def plan(
    brief_file: Path = typer.Argument(..., help="Briefing (YAML) mit budget_eur."),
    as_json: bool = typer.Option(False, "--json", help="Plan als JSON-Objekt."),
    pilot: bool = typer.Option(False, "--pilot", help="Plan als Pilot (Testlauf) markieren."),
    pilot_results: Path = typer.Option(
        None,
        "--pilot-results",
        help="Ergebnisse eines Pilots (CSV/Parquet/JSONL: account_id oder handle, deliverable, "
        "count, reach|engagements|conversions): der Folgeplan skaliert, was funktioniert hat.",
    ),
) -> None:
    """Plant eine Kampagne: Creator und Leistungen im Budget, mit erwartetem Wert und Gründen."""
    brief = load_brief(brief_file)
    if brief.budget_eur is None:
        err.print(f"[red]{escape(_t('no_budget', path=str(brief_file)))}[/red]")
        raise typer.Exit(1)
    if pilot:
        brief = brief.model_copy(update={"pilot": True})
    ws = _workspace()
    from resonanz.core.fees import fee_frame
    from resonanz.core.planning import PlanError
    from resonanz.core.planning import plan as run_plan
    from resonanz.core.planning.candidates import candidates
    from resonanz.web.store.services import vet_workspace

    with _progress() as bar:
        task = bar.add_task(msg("vetting", STATE.lang), total=None)
        outcome = vet_workspace(
            ws, brief=brief, progress=lambda i, n: bar.update(task, completed=i, total=n)
        )
    if outcome.frame.height == 0:
        err.print(msg("no_accounts", STATE.lang, workspace=ws.name))
        raise typer.Exit(1)
    fees = fee_frame(outcome.frame, outcome.defaults)
    options = candidates(outcome.frame, fees, brief, outcome.defaults)
    if options.height == 0:
        err.print(f"[red]{_t('no_candidates')}[/red]")
        raise typer.Exit(1)
    update = None
    if pilot_results is not None:
        options, update = _apply_pilot(options, pilot_results, brief.goal, outcome.defaults)
    try:
        result = run_plan(options, brief, outcome.defaults)
    except PlanError as exc:
        err.print(f"[red]{escape(_t('infeasible', reason=str(exc)))}[/red]")
        raise typer.Exit(1) from None
    data = plan_json(result, brief.goal)
    data["dedup_reach"] = _dedup_reach(ws, result, outcome.defaults)
    data["pilot"] = brief.pilot
    if update is not None:
        data["pilot_update"] = _pilot_json(update)
    if as_json:
        _print_json(data)
        return
    if brief.pilot:
        out.print(_t("pilot"))
    _print_plan(data, brief.budget_eur, update, options)


def _dedup_reach(ws: Any, result: Any, defaults: Any) -> dict[str, Any]:
    """Deduplicated follower reach of the plan's creators with its error (resonanz overlap)."""
    from resonanz.web.store.services import dedup_reach_json

    return dedup_reach_json(ws, list(result.creators), defaults)


def _read_results(path: Path) -> Any:
    import polars as pl

    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            return pl.read_parquet(path)
        if suffix in (".jsonl", ".ndjson"):
            return pl.read_ndjson(path)
        head = path.read_text(encoding="utf-8-sig", errors="replace")[:4096]
        sep = ";" if head.count(";") > head.count(",") else ","
        return pl.read_csv(path, separator=sep, encoding="utf8-lossy", infer_schema_length=None)
    except (OSError, pl.exceptions.PolarsError) as exc:
        err.print(f"[red]{escape(_t('pilot_bad_file', path=str(path), reason=str(exc)))}[/red]")
        raise typer.Exit(1) from None


def _apply_pilot(options: Any, path: Path, goal: str, defaults: Any) -> tuple[Any, Any]:
    """The candidates with the pilot's posterior multipliers applied (resonanz/core/pilot)."""
    import polars as pl

    from resonanz.core.pilot import PilotError, pilot_update

    results = _read_results(path)
    if "account_id" not in results.columns and "handle" in results.columns:
        # a handle can exist on several platforms: results with a platform column match on both
        keys = ["_h", "platform"] if "platform" in results.columns else ["_h"]
        handle = pl.col("handle").cast(pl.String).str.strip_chars_start("@").str.to_lowercase()
        by_handle = options.select(handle.alias("_h"), "platform", "account_id").unique(keys)
        results = (
            results.with_columns(handle.alias("_h"), pl.col(keys[1:]).cast(pl.String))
            .join(by_handle.select(*keys, "account_id"), on=keys, how="left")
            .with_columns(pl.coalesce("account_id", pl.lit("@") + pl.col("_h")).alias("account_id"))
        )
    try:
        update = pilot_update(options, results, goal, defaults.pilot)
    except PilotError as exc:
        err.print(f"[red]{escape(f'{path}: {exc}')}[/red]")
        raise typer.Exit(1) from None
    return update.candidates, update


def _pilot_json(update: Any) -> dict[str, Any]:
    from resonanz.core.messages import render

    lang: Any = "en" if STATE.lang == "en" else "de"
    creators = update.creators.to_dicts()
    for c in creators:
        c["reasons"] = [render(r, lang) for r in update.reasons.get(c["account_id"], [])]
    return {"creators": creators, "groups": update.groups.to_dicts(), "unmatched": update.unmatched}


def _print_pilot(update: Any, options: Any) -> None:
    from resonanz.core.messages import render

    lang: Any = "en" if STATE.lang == "en" else "de"
    handles = dict(zip(options["account_id"], options["handle"], strict=False))
    out.print(f"[bold]{_t('pilot_results')}:[/bold]")
    for account_id, reasons in update.reasons.items():
        for r in reasons:
            out.print(
                f"  • {escape(str(handles.get(account_id) or account_id))}: {render(r, lang)}"
            )
    if update.unmatched:
        err.print(_t("pilot_unmatched", rows=", ".join(update.unmatched)))

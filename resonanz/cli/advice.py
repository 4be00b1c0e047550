"""``resonanz advise platforms|times``: the platform for a brief; when each account posts best.

Method in docs/advice.md; rules and priors from seed 002 in ``[advice]`` of
defaults.toml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from resonanz.cli.fee import _select
from resonanz.cli.main import STATE, _print_json, _workspace, app, err, out
from resonanz.cli.messages import msg
from resonanz.cli.vetting import load_brief

advise_app = typer.Typer(
    help="Ratschläge: passende Plattform für ein Briefing, beste Posting-Zeiten je Account.",
    no_args_is_help=True,
)
app.add_typer(advise_app, name="advise")

_TEXT: dict[str, dict[str, str]] = {
    "platforms_title": {"de": "Plattform-Empfehlung", "en": "Platform advice"},
    "platform": {"de": "Plattform", "en": "Platform"},
    "score": {"de": "Eignung", "en": "Fit"},
    "share": {"de": "Budgetanteil", "en": "Budget share"},
    "confidence": {
        "de": "Sicherheit: {value} der Kriterien (nach Gewicht) stehen im Briefing.",
        "en": "Confidence: the brief gives {value} of the criteria (by weight).",
    },
    "times_title": {
        "de": "Beste Posting-Zeiten (Ortszeit {tz})",
        "en": "Best posting times ({tz})",
    },
    "account": {"de": "Account", "en": "Account"},
    "rank": {"de": "Rang", "en": "Rank"},
    "window": {"de": "Zeitfenster", "en": "Window"},
    "lift": {"de": "erwartet", "en": "expected"},
    "posts": {"de": "Posts", "en": "Posts"},
    "evidence": {"de": "Grundlage", "en": "Evidence"},
    "weekday": {"de": "Mo–Fr", "en": "Mon–Fri"},
    "weekend": {"de": "Sa–So", "en": "Sat–Sun"},
    "own": {"de": "eigene Posts", "en": "own posts"},
    "mixed": {"de": "wenige Posts + Branchenwert", "en": "few posts + industry default"},
    "seed": {"de": "Branchenwert (seed 002)", "en": "industry default (seed 002)"},
    "no_accounts_named": {
        "de": "Bitte mindestens einen Handle oder eine Account-ID angeben (oder --all).",
        "en": "Name at least one handle or account id (or --all).",
    },
}


def _t(key: str, **params: Any) -> str:
    entry = _TEXT[key]
    text = entry.get(STATE.lang, entry["de"])
    return text.format(**params) if params else text


def _lang() -> Any:
    return "en" if STATE.lang == "en" else "de"


@advise_app.command("platforms")
def platforms(
    brief_path: Path = typer.Option(..., "--brief", help="Briefing (YAML) wie bei `plan`."),
    as_json: bool = typer.Option(False, "--json", help="Als JSON."),
) -> None:
    """Welche Plattform passt zum Briefing – mit Gründen (Regeln aus seed 002)."""
    from resonanz.core.advice import advise_platforms
    from resonanz.core.config import load_defaults
    from resonanz.core.messages import format_number, format_percent, render

    brief = load_brief(brief_path)
    advice = advise_platforms(brief, load_defaults().advice)
    rows = [
        {
            "platform": s.platform,
            "score": round(s.score, 4),
            "share": round(s.share, 4),
            "components": s.components,
            "reasons": [
                {"code": r.code, "severity": r.severity, "text": render(r, _lang())}
                for r in s.reasons
            ],
        }
        for s in advice.scores
    ]
    if as_json:
        _print_json(
            {"recommended": advice.recommended, "confidence": advice.confidence, "platforms": rows}
        )
        return
    table = Table(title=_t("platforms_title"), title_justify="left")
    table.add_column(_t("platform"))
    table.add_column(_t("score"), justify="right")
    table.add_column(_t("share"), justify="right")
    for r in rows:
        table.add_row(
            r["platform"],
            format_number(r["score"], 2, _lang()),
            format_percent(r["share"], 0, _lang()),
        )
    out.print(table)
    for r in rows:
        out.print(f"[bold]{r['platform']}[/bold]")
        for reason in r["reasons"]:
            out.print(f"  • {escape(reason['text'])}")
    out.print(_t("confidence", value=format_percent(advice.confidence, 0, _lang())))


@advise_app.command("times")
def times(
    accounts: list[str] = typer.Argument(None, help="Handles oder Account-IDs."),
    all_accounts: bool = typer.Option(False, "--all", help="Alle Accounts des Workspaces."),
    as_json: bool = typer.Option(False, "--json", help="Als JSON-Liste."),
) -> None:
    """Beste Posting-Zeiten je Account: eigene Historie, mit den Branchenzeiten als Vorwissen."""
    if not accounts and not all_accounts:
        err.print(f"[red]{_t('no_accounts_named')}[/red]")
        raise typer.Exit(2)
    import polars as pl

    from resonanz.core.advice import posting_times
    from resonanz.core.config import load_defaults
    from resonanz.core.messages import format_number
    from resonanz.web.store import sql

    ws = _workspace()
    frame = sql.read_table("accounts", ws.pk, ["account_id", "handle", "platform"])
    if frame.height == 0:
        err.print(msg("no_accounts", STATE.lang, workspace=ws.name))
        raise typer.Exit(1)
    chosen, missing = (frame, []) if all_accounts else _select(frame, accounts)
    for name in missing:
        err.print(f"[red]{escape(msg('unknown_account', STATE.lang, account=name))}[/red]")
    posts = sql.read_table("posts", ws.pk, ["account_id", "posted_at", "likes", "comments"])
    posts = posts.filter(pl.col("account_id").is_in(chosen["account_id"].implode()))
    settings = load_defaults().advice.timing
    result = posting_times(posts, chosen, settings).join(
        chosen.select("account_id", "handle", "platform"), on="account_id", how="left"
    )
    rows = result.sort("handle", "platform", "rank").to_dicts()
    if as_json:
        _print_json(rows)
    else:
        table = Table(title=_t("times_title", tz=settings.timezone), title_justify="left")
        for key in ("account", "platform", "rank", "window", "lift", "posts", "evidence"):
            table.add_column(_t(key))
        for r in rows:
            window = f"{_t(r['days'])} {r['start_hour']:02d}–{r['end_hour']:02d}"
            lift = format_number(r["expected_lift"], 2, _lang())
            table.add_row(escape(str(r["handle"] or r["account_id"])), r["platform"],
                          str(r["rank"]), window, f"{lift}×",
                          str(r["posts"]), _t(r["evidence"]))  # fmt: skip
        out.print(table)
    if missing:
        raise typer.Exit(1)

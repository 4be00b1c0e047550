"""``resonanz discover`` and ``resonanz lookalikes``: find creators (docs/discovery.md).

``discover`` searches the workspace's full-text index (German stemming) and filters by platform,
tier, place, language, engagement, real audience, audience fit, score, fee, niche and hashtag;
with ``--brief`` it fills fit and the brief's signals and can sort by fit. ``lookalikes`` lists
the accounts most like one account by content, audience and followers, each with its reasons.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from resonanz.cli.main import STATE, _print_json, _workspace, app, err, out
from resonanz.cli.messages import msg
from resonanz.cli.vetting import BRIEF_OPTION, load_brief

_TEXT: dict[str, dict[str, str]] = {
    "title": {"de": "{total} Creator gefunden", "en": "{total} creators found"},
    "title_query": {
        "de": "{total} Creator für „{query}“",
        "en": "{total} creators for “{query}”",
    },
    "shown": {"de": "(die ersten {n})", "en": "(first {n})"},
    "no_terms": {
        "de": "Die Suche enthält kein suchbares Wort – es wird nur gefiltert.",
        "en": "The query has no searchable word – filters only.",
    },
    "nothing": {
        "de": "Nichts gefunden. Weniger Filter oder andere Suchwörter probieren.",
        "en": "Nothing found. Try fewer filters or other words.",
    },
    "fit_needs_brief": {
        "de": "--sort fit und --min-fit brauchen ein Briefing (--brief BRIEF.yaml).",
        "en": "--sort fit and --min-fit need a brief (--brief BRIEF.yaml).",
    },
    "bad_range": {
        "de": "{option}: {low} ist größer als {high}.",
        "en": "{option}: {low} is greater than {high}.",
    },
    "col_city": {"de": "Stadt", "en": "City"},
    "col_niches": {"de": "Nischen", "en": "Niches"},
    "col_real": {"de": "Echt", "en": "Real"},
    "col_fit": {"de": "Fit", "en": "Fit"},
    "col_fee": {"de": "Honorar €", "en": "Fee €"},
    "col_why": {"de": "Warum", "en": "Why"},
    "col_similarity": {"de": "Ähnlichkeit", "en": "Similarity"},
    "lookalike_title": {
        "de": "Ähnlich wie @{handle} ({platform})",
        "en": "Like @{handle} ({platform})",
    },
    "unknown_account": {
        "de": "Account '{account}' gibt es im Workspace '{workspace}' nicht (Handle oder ID).",
        "en": "No account '{account}' in workspace '{workspace}' (handle or id).",
    },
    "no_lookalikes": {
        "de": "Keine vergleichbaren Accounts (zu wenig Inhalte oder Zielgruppendaten).",
        "en": "No comparable accounts (too little content or audience data).",
    },
    # reasons
    "why_match": {"de": "Suchtreffer", "en": "search match"},
    "why_tags": {"de": "gemeinsame Hashtags: {tags}", "en": "shared hashtags: {tags}"},
    "why_brand": {
        "de": "nennt die Marke in {n} Beiträgen ({ugc} ohne Bezahlung)",
        "en": "mentions the brand in {n} posts ({ugc} unpaid)",
    },
    "why_competitor": {
        "de": "nennt Wettbewerber in {n} Beiträgen",
        "en": "mentions competitors in {n} posts",
    },
    "why_engager": {
        "de": "kommentiert bei Wettbewerbern ({n}×)",
        "en": "comments on competitors ({n}×)",
    },
    "why_city": {"de": "lebt in einer Zielstadt ({city})", "en": "lives in a target city ({city})"},
    "why_city_share": {
        "de": "{share} % der Zielgruppe in Zielstädten",
        "en": "{share} % of the audience in target cities",
    },
    "why_customers": {
        "de": "{n} Kund:innen der Marke folgen",
        "en": "{n} of the brand's customers follow",
    },
    "why_content": {"de": "ähnliche Inhalte ({pct} %)", "en": "similar content ({pct} %)"},
    "why_niches": {"de": "gleiche Nische: {niches}", "en": "same niche: {niches}"},
    "why_audience": {
        "de": "ähnliche Zielgruppe ({pct} %): {buckets}",
        "en": "similar audience ({pct} %): {buckets}",
    },
    "why_audience_plain": {
        "de": "Zielgruppe {pct} % ähnlich",
        "en": "audience {pct} % similar",
    },
    "why_followers": {
        "de": "{n} gemeinsame Follower in der Stichprobe",
        "en": "{n} shared followers in the sample",
    },
}


def _t(key: str, **params: object) -> str:
    entry = _TEXT[key]
    return entry.get(STATE.lang, entry["de"]).format(**params)


class Sort(StrEnum):
    relevance = "relevance"
    score = "score"
    engagement = "engagement"
    fit = "fit"


def _split(values: list[str] | None) -> tuple[str, ...]:
    """Repeated options and comma lists alike: --tier micro --tier nano == --tier micro,nano."""
    return tuple(v.strip() for raw in values or [] for v in raw.split(",") if v.strip())


def _pct(value: float | None) -> float | None:
    return None if value is None else value / 100.0


def _num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    if STATE.lang == "de":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def _why(row: dict[str, Any], has_query: bool) -> list[str]:
    """The reasons a result is shown, in the interface language."""
    why: list[str] = []
    if row.get("shared_hashtags"):
        why.append(_t("why_tags", tags=" ".join("#" + t for t in row["shared_hashtags"])))
    if row.get("brand_mentions"):
        why.append(_t("why_brand", n=row["brand_mentions"], ugc=row.get("ugc_posts") or 0))
    if row.get("competitor_posts"):
        why.append(_t("why_competitor", n=row["competitor_posts"]))
    if row.get("competitor_engagement"):
        why.append(_t("why_engager", n=row["competitor_engagement"]))
    if row.get("in_target_city"):
        why.append(_t("why_city", city=row.get("city")))
    share = row.get("target_city_share")
    if share:
        why.append(_t("why_city_share", share=_num(share * 100)))
    if row.get("customer_followers"):
        why.append(_t("why_customers", n=row["customer_followers"]))
    if has_query and not why:
        why.append(_t("why_match"))
    return why


_JSON_FIELDS = (
    "account_id", "store_id", "handle", "platform", "tier", "followers", "display_name",
    "creator_name", "city", "country", "language", "niches", "relevance", "score", "rank_score",
    "confidence", "engagement_rate", "real_share", "audience_fit", "content_fit", "fit",
    "fee_low_eur", "fee_eur", "fee_high_eur", "flags",
)  # fmt: skip
_SIGNAL_FIELDS = (
    "shared_hashtags", "brand_mentions", "ugc_posts", "competitor_posts",
    "competitor_engagement", "in_target_city", "target_city_share", "customer_followers",
)  # fmt: skip


def _json_row(row: dict[str, Any], has_query: bool) -> dict[str, Any]:
    data = {k: row.get(k) for k in _JSON_FIELDS}
    data["signals"] = {k: row.get(k) for k in _SIGNAL_FIELDS}
    data["why"] = _why(row, has_query)
    return data


def _table(rows: list[dict[str, Any]], title: str, has_query: bool) -> Table:
    table = Table(title=title, title_justify="left")
    heads = [("#", True), (msg("col_handle", STATE.lang), False),
             (msg("col_platform", STATE.lang), False), (msg("col_tier", STATE.lang), False),
             (_t("col_city"), False), (_t("col_niches"), False),
             (msg("col_er", STATE.lang), True), (_t("col_real"), True),
             (msg("col_score", STATE.lang), True), (_t("col_fit"), True),
             (_t("col_fee"), True), (_t("col_why"), False)]  # fmt: skip
    for head, right in heads:
        table.add_column(head, justify="right" if right else "left")
    for i, r in enumerate(rows, start=1):
        er = r.get("engagement_rate")
        real = r.get("real_share")
        table.add_row(
            str(i),
            escape("@" + str(r.get("handle") or r["account_id"])),
            str(r.get("platform") or "–"),
            str(r.get("tier") or "–"),
            escape(str(r.get("city") or "–")),
            escape(", ".join(r.get("niches") or []) or "–"),
            "–" if er is None else _num(er * 100, 2) + " %",
            "–" if real is None else _num(real * 100) + " %",
            _num(r.get("score"), 1),
            _num(r.get("fit")),
            _num(r.get("fee_eur")),
            escape("; ".join(_why(r, has_query))),
        )
    return table


def _check_range(option: str, low: float | None, high: float | None) -> None:
    if low is not None and high is not None and low > high:
        err.print(f"[red]{_t('bad_range', option=option, low=low, high=high)}[/red]")
        raise typer.Exit(2)


@app.command()
def discover(
    query: str = typer.Argument(
        None, help="Suchwörter (Nische, Hashtag, Freitext), z. B. laufschuhe."
    ),
    platform: list[str] = typer.Option(None, "--platform", help="instagram, tiktok, youtube …"),
    tier: list[str] = typer.Option(None, "--tier", help="nano, micro, mid, mega …"),
    city: list[str] = typer.Option(None, "--city", help="Stadt des Creators (mehrere = Region)."),
    country: list[str] = typer.Option(None, "--country", help="Land (ISO), z. B. DE, AT."),
    language: list[str] = typer.Option(None, "--language", help="Sprache (ISO), z. B. de."),
    niche: list[str] = typer.Option(None, "--niche", help="Nische, z. B. fitness."),
    hashtag: list[str] = typer.Option(None, "--hashtag", help="Hashtag der Beiträge."),
    min_engagement: float = typer.Option(
        None, "--min-engagement", min=0, help="Engagement-Rate in %, mindestens."
    ),
    max_engagement: float = typer.Option(
        None, "--max-engagement", min=0, help="Engagement-Rate in %, höchstens."
    ),
    min_quality: float = typer.Option(
        None, "--min-quality", min=0, max=100, help="Echte Follower in %, mindestens."
    ),
    min_fit: float = typer.Option(
        None, "--min-fit", min=0, max=100, help="Zielgruppen-Fit 0–100 (mit --brief)."
    ),
    min_score: float = typer.Option(
        None, "--min-score", min=0, max=100, help="resonanz-Score, mindestens."
    ),
    fee_min: float = typer.Option(
        None, "--fee-min", min=0, help="Faires Honorar je Beitrag (EUR), mindestens."
    ),
    fee_max: float = typer.Option(
        None, "--fee-max", min=0, help="Faires Honorar je Beitrag (EUR), höchstens."
    ),
    brief_file: Path = BRIEF_OPTION,
    sort: Sort = typer.Option(
        Sort.relevance, "--sort", help="relevance, score, engagement oder fit."
    ),
    limit: int = typer.Option(25, "--limit", min=1, help="Höchstens so viele Treffer."),
    as_json: bool = typer.Option(False, "--json", help="Als JSON."),
) -> None:
    """Findet Creator: Volltextsuche (deutsche Wortformen) mit Filtern, Fit und Signalen."""
    brief = load_brief(brief_file)
    if brief is None and (sort is Sort.fit or min_fit is not None):
        err.print(f"[red]{_t('fit_needs_brief')}[/red]")
        raise typer.Exit(2)
    _check_range("--min-engagement/--max-engagement", min_engagement, max_engagement)
    _check_range("--fee-min/--fee-max", fee_min, fee_max)
    from resonanz.core.discovery.filters import DiscoveryFilters

    filters = DiscoveryFilters(
        platforms=tuple(p.lower() for p in _split(platform)),
        tiers=tuple(t.lower() for t in _split(tier)),
        cities=_split(city),
        countries=tuple(c.upper() for c in _split(country)),
        languages=tuple(x.lower() for x in _split(language)),
        niches=_split(niche),
        hashtags=_split(hashtag),
        min_engagement=_pct(min_engagement),
        max_engagement=_pct(max_engagement),
        min_quality=_pct(min_quality),
        min_audience_fit=min_fit,
        min_score=min_score,
        min_fee=fee_min,
        max_fee=fee_max,
    )
    ws = _workspace()
    from resonanz.web.store.discovery import discover as run
    from resonanz.web.store.models import Account

    if not Account.objects.filter(workspace=ws).exists():
        err.print(msg("no_accounts", STATE.lang, workspace=ws.name))
        raise typer.Exit(1)
    result = run(ws, query, filters, brief=brief, sort=sort.value, limit=limit)
    rows = result.rows.to_dicts()
    has_query = bool(result.terms)
    if as_json:
        _print_json(
            {
                "query": query,
                "terms": [list(t) for t in result.terms],
                "sort": sort.value,
                "total": result.total,
                "results": [_json_row(r, has_query) for r in rows],
            }
        )
        return
    if "no_terms" in result.notes:
        err.print(f"[yellow]{_t('no_terms')}[/yellow]")
    if not rows:
        out.print(_t("nothing"))
        return
    title = (_t("title_query", total=result.total, query=query) if has_query
             else _t("title", total=result.total))  # fmt: skip
    if result.total > len(rows):
        title += " " + _t("shown", n=len(rows))
    out.print(_table(rows, escape(title), has_query))


# issue 5 calls it `resonanz search`: the same command under both names
app.command("search", help="Wie discover: Creator finden (Volltext, Filter, Fit, Signale).")(
    discover
)


def _lookalike_why(row: dict[str, Any]) -> list[str]:
    why: list[str] = []
    content = row.get("content_similarity")
    if row.get("shared_niches"):
        why.append(_t("why_niches", niches=", ".join(row["shared_niches"])))
    if row.get("shared_hashtags"):
        why.append(_t("why_tags", tags=" ".join("#" + t for t in row["shared_hashtags"])))
    elif content:
        why.append(_t("why_content", pct=_num(content * 100)))
    aud = row.get("audience_similarity")
    if aud is not None and row.get("same_audience"):
        buckets = ", ".join(b.split(":", 1)[1] for b in row["same_audience"])
        why.append(_t("why_audience", pct=_num(aud * 100), buckets=buckets))
    elif aud is not None:
        why.append(_t("why_audience_plain", pct=_num(aud * 100)))
    if row.get("shared_followers"):
        why.append(_t("why_followers", n=row["shared_followers"]))
    return why


@app.command()
def lookalikes(
    account: str = typer.Argument(..., help="Handle oder Account-ID des Vorbilds."),
    limit: int = typer.Option(10, "--limit", min=1, help="Höchstens so viele Treffer."),
    as_json: bool = typer.Option(False, "--json", help="Als JSON."),
) -> None:
    """Findet ähnliche Creator: gleiche Inhalte, ähnliche Zielgruppe, gemeinsame Follower."""
    ws = _workspace()
    from resonanz.web.store.discovery import UnknownAccount
    from resonanz.web.store.discovery import lookalikes as run

    try:
        result = run(ws, account, limit=limit)
    except UnknownAccount:
        err.print(f"[red]{escape(_t('unknown_account', account=account, workspace=ws.name))}[/red]")
        raise typer.Exit(1) from None
    fields = ("account_id", "store_id", "handle", "platform", "followers", "city", "niches",
              "similarity", "content_similarity", "audience_similarity", "follower_similarity",
              "shared_followers", "shared_hashtags", "shared_niches", "same_audience")  # fmt: skip
    rows = [
        {**{k: r.get(k) for k in fields}, "why": _lookalike_why(r)} for r in result.rows.to_dicts()
    ]
    if as_json:
        _print_json({"target": result.target, "results": rows})
        return
    if not rows:
        out.print(_t("no_lookalikes"))
        return
    title = _t(
        "lookalike_title", handle=result.target["handle"], platform=result.target["platform"]
    )
    table = Table(title=escape(title), title_justify="left")
    for head, right in (("#", True), (msg("col_handle", STATE.lang), False),
                        (msg("col_platform", STATE.lang), False), (_t("col_niches"), False),
                        (_t("col_similarity"), True), (_t("col_why"), False)):  # fmt: skip
        table.add_column(head, justify="right" if right else "left")
    for i, r in enumerate(rows, start=1):
        table.add_row(
            str(i),
            escape("@" + str(r["handle"])),
            str(r["platform"]),
            escape(", ".join(r["niches"] or []) or "–"),
            _num(r["similarity"] * 100) + " %",
            escape("; ".join(r["why"])),
        )
    out.print(table)

"""Creators: the filtered list, a creator's page, compare 2–4, and "vet now"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resonanz.web.app import bridge
from resonanz.web.app.models import Shortlist
from resonanz.web.app.views import discovery
from resonanz.web.app.views.common import posted_ids, workspace_required
from resonanz.web.store.models import Account, Creator
from resonanz.web.store.services import vet_workspace
from resonanz.web.team.models import Role
from resonanz.web.team.scoping import current_workspace, require_role, scoped

PAGE_SIZE = 50
MAX_COMPARE = 4


def lang() -> str:
    """The page's language as the report knows it."""
    code = (get_language() or "de")[:2]
    return code if code in {"de", "en"} else "de"


def _row(account: Account, language: str) -> dict[str, Any]:
    vetting = getattr(account, "vetting", None)
    creator = account.creator
    score = vetting.score if vetting else None
    er = discovery.engagement_rate(account)
    return {
        "account": account,
        "creator": creator,
        "name": (creator.name if creator else None) or account.display_name or "",
        "city": creator.city if creator else "",
        "platform": bridge.label("platform", account.platform, language),
        "tier": bridge.label("tier", vetting.tier, language) if vetting and vetting.tier else "",
        "followers": bridge.fmt_int(account.followers, language)
        if account.followers is not None
        else "–",
        "engagement": bridge.fmt_pct(er, language, 1) if er is not None else "–",
        "score": f"{score:.0f}" if score is not None else "–",
        "score_pct": round(score or 0.0),
        "confidence": bridge.fmt_pct(vetting.confidence, language, 0) if vetting else "–",
        "flags": [bridge.label("flag", f, language) for f in (vetting.flags if vetting else [])],
    }


@workspace_required
def creator_list(request: HttpRequest) -> HttpResponse:
    """All accounts of the workspace with the discovery filters, search, sort and pages."""
    ws = current_workspace(request)
    language = lang()
    filters = discovery.Filters.from_query(request.GET)
    page = Paginator(discovery.page_ids(ws, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    accounts = discovery.rows_in_order(ws, list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = request.GET.copy()
    sort_query.pop("sort", None)
    sort_query.pop("page", None)
    options = discovery.choices(ws)
    context = {
        "filters": filters,
        "page": page,
        "rows": [_row(a, language) for a in accounts],
        "query": query.urlencode(),
        "sort_query": sort_query.urlencode(),
        "platforms": [(p, bridge.label("platform", p, language)) for p in options["platforms"]],
        "tiers": [(t, bridge.label("tier", t, language)) for t in options["tiers"]],
        "niches": [(n, bridge.label("niche", n, language)) for n in bridge.codes("niche")],
        "flags": [(f, bridge.label("flag", f, language)) for f in bridge.codes("flag")],
        "shortlists": Shortlist.objects.filter(workspace=ws).order_by("name"),
        "sorts": [
            ("rank", _("Rank (score × confidence)")),
            ("score", _("Score")),
            ("followers", _("Followers")),
            ("engagement", _("Engagement")),
            ("handle", _("Handle")),
        ],
    }
    template = "webapp/_creator_rows.html" if request.htmx else "webapp/creators.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _account_pages(accounts: list[Account], language: str) -> list[dict[str, Any]]:
    return [
        {"account": a, "row": _row(a, language), "page": bridge.account_page(a, language)}
        for a in accounts
    ]


@workspace_required
def creator_detail(request: HttpRequest, creator_id: int) -> HttpResponse:
    """A creator with every account's vetting: components, weights, evidence, charts."""
    creator = get_object_or_404(scoped(request, Creator), pk=creator_id)
    accounts = list(
        discovery.detail_queryset(current_workspace(request))
        .filter(creator=creator)
        .order_by("platform", "handle")
    )
    language = lang()
    context = {
        "creator": creator,
        "niches": [bridge.label("niche", n, language) for n in creator.niches or []],
        "sections": _account_pages(accounts, language),
        "t": bridge.catalogue(language),
        "shortlists": scoped(request, Shortlist).order_by("name"),
    }
    return render(request, "webapp/creator.html", context)


@workspace_required
def account_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    """One account's vetting (for accounts without a creator record, too)."""
    account = get_object_or_404(
        discovery.detail_queryset(current_workspace(request)), pk=account_id
    )
    language = lang()
    context = {
        "creator": account.creator,
        "niches": [
            bridge.label("niche", n, language)
            for n in (account.creator.niches if account.creator else [])
        ],
        "sections": _account_pages([account], language),
        "t": bridge.catalogue(language),
        "shortlists": scoped(request, Shortlist).order_by("name"),
    }
    return render(request, "webapp/creator.html", context)


@workspace_required
def compare(request: HttpRequest) -> HttpResponse:
    """2–4 accounts side by side: score, confidence, every component, flags."""
    ids = posted_ids(request, "a")[:MAX_COMPARE]
    accounts = list(
        discovery.detail_queryset(current_workspace(request)).filter(pk__in=ids).order_by("pk")
    )
    language = lang()
    pages = _account_pages(accounts, language) if len(accounts) >= 2 else []
    keys: list[str] = []
    for p in pages:
        for c in p["page"]["components"] if p["page"] else []:
            if c.key not in keys:
                keys.append(c.key)
    table = [
        {
            "name": bridge.label("component", key, language),
            "cells": [
                next((c for c in (p["page"] or {}).get("components", []) if c.key == key), None)
                for p in pages
            ],
        }
        for key in keys
    ]
    context = {
        "pages": pages,
        "table": table,
        "too_few": len(accounts) < 2,
        "t": bridge.catalogue(language),
    }
    return render(request, "webapp/compare.html", context)


@workspace_required
@require_POST
def vet_now(request: HttpRequest) -> HttpResponse:
    """Vet every account of the workspace now and store the results."""
    require_role(request, Role.MEMBER)
    ws = current_workspace(request)
    outcome = vet_workspace(ws)
    messages.success(request, _("%(n)d accounts vetted.") % {"n": outcome.frame.height})
    return redirect("creators")


def account_or_404(request: HttpRequest, account_id: int) -> Account:
    """An account of the current workspace."""
    return get_object_or_404(scoped(request, Account), pk=account_id)

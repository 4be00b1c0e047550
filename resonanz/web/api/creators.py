"""Vetted creators: the filtered list, one account's full vetting, and its fair fee.

``GET /api/creators/{account_id}`` answers exactly one element of ``resonanz vet --json`` and
``…/fee`` the rows of ``resonanz fee ACCOUNT --json``: the contracts are the CLI's.
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

import polars as pl
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest
from django.utils import translation
from ninja import Query, Router, Schema

from resonanz.core.config import load_defaults
from resonanz.core.fees import DELIVERABLES, fee_frame, fee_result
from resonanz.core.messages import render
from resonanz.core.vetting.result import VettingReport
from resonanz.web.api.auth import membership
from resonanz.web.api.problems import ERROR_RESPONSES, NotFound
from resonanz.web.store.models import Account, VettingResult
from resonanz.web.store.search import match_subquery

router = Router()

MAX_LIMIT = 200  # the largest page a client may ask for (resonanz assumption: ~0.5 MB of JSON)
MAX_OFFSET = 10**9  # beyond any workspace; keeps the SQL OFFSET inside a 64-bit integer
COUNT_CAP = 1_000  # a filtered list counts this many matches at most (resonanz assumption)
TEXT = r"^[^\x00]*$"  # no NUL: PostgreSQL cannot compare text holding one

Deliverable = StrEnum("Deliverable", {d: d for d in DELIVERABLES})  # type: ignore[misc]
Sort = Literal["rank", "score", "followers", "-followers", "handle", "confidence"]
_ORDER = {
    "rank": (F("rank_score").desc(nulls_last=True), "account_id"),
    "score": (F("score").desc(nulls_last=True), "account_id"),
    "confidence": (F("confidence").desc(), "account_id"),
    "followers": (F("account__followers").desc(nulls_last=True), "account_id"),
    "-followers": (F("account__followers").asc(nulls_last=True), "account_id"),
    "handle": ("account__handle", "account_id"),
}


class CreatorItem(Schema):
    """One vetted account in the list: the verdict and each component's score."""

    account_id: str
    handle: str
    platform: str
    display_name: str | None
    followers: int | None
    tier: str | None
    score: float | None
    confidence: float
    rank_score: float | None
    flags: list[str]
    components: dict[str, float | None]
    creator_id: str | None
    name: str | None
    country: str | None
    city: str | None
    niches: list[str]
    computed_at: datetime


class CreatorPage(Schema):
    """A page of the list; ``total`` is exact unless ``total_exact`` is false (see _count)."""

    items: list[CreatorItem]
    total: int
    total_exact: bool
    limit: int
    offset: int


class FeeReason(Schema):
    """One sentence of why the fee is what it is."""

    code: str
    severity: str
    text: str


class FeeRow(Schema):
    """A fair fee range for one deliverable (the keys of ``resonanz fee --json``)."""

    account_id: str
    handle: str | None
    platform: str
    tier: str | None
    deliverable: str
    fee_low_eur: float | None
    fee_eur: float | None
    fee_high_eur: float | None
    cash_fee_eur: float | None
    product_value_eur: float | None
    confidence: float
    reasons: list[FeeReason]


def filtered(
    request: HttpRequest,
    *,
    platform: str | None = None,
    tier: str | None = None,
    niche: str | None = None,
    country: str | None = None,
    min_score: float | None = None,
    q: str | None = None,
    sort: str = "rank",
) -> QuerySet[VettingResult]:
    """The workspace's vetting results matching the discovery filters, in list order."""
    workspace = membership(request).workspace
    qs = VettingResult.objects.filter(workspace=workspace)
    if platform:
        qs = qs.filter(account__platform=platform.strip().lower())
    if tier:
        qs = qs.filter(tier=tier.strip().lower())
    if niche:
        # niches are a JSON list: match one element, quotes included ("food" ≠ "seafood")
        qs = qs.filter(account__creator__niches__icontains=json.dumps(niche.strip().lower()))
    if country:
        code = country.strip().upper()
        qs = qs.filter(
            Q(account__country=code)
            | Q(account__country__isnull=True, account__creator__country=code)
        )
    if min_score is not None:
        qs = qs.filter(score__gte=min_score)
    if q and q.strip():
        # the full-text search of the creators page: handle, name, bio, niches, city, captions;
        # every match, in list order (the list sorts by rank, not by relevance)
        found = match_subquery(workspace, q)
        qs = qs.filter(account_id__in=RawSQL(*found)) if found else qs.none()
    return qs.order_by(*_ORDER[sort])


def _components(result: VettingResult) -> dict[str, float | None]:
    """Each component's score, read from the result's narrow column (not the ~10 kB report)."""
    return {str(key): score for key, score in result.components}


def _item(result: VettingResult) -> dict[str, Any]:
    account = result.account
    creator = account.creator
    return {
        "account_id": account.external_id,
        "handle": account.handle,
        "platform": account.platform,
        "display_name": account.display_name,
        "followers": account.followers,
        "tier": result.tier,
        "score": result.score,
        "confidence": result.confidence,
        "rank_score": result.rank_score,
        "flags": list(result.flags),
        "components": _components(result),
        "creator_id": creator.external_id if creator else None,
        "name": creator.name if creator else None,
        "country": account.country or (creator.country if creator else None),
        "city": creator.city if creator else None,
        "niches": list(creator.niches or []) if creator else [],
        "computed_at": result.computed_at,
    }


@router.get("", response={200: CreatorPage, **ERROR_RESPONSES})
def list_creators(
    request: HttpRequest,
    platform: str | None = Query(None, max_length=32, pattern=TEXT),
    tier: str | None = Query(None, max_length=32, pattern=TEXT),
    niche: str | None = Query(None, max_length=100, pattern=TEXT),
    country: str | None = Query(None, max_length=2, pattern=TEXT, description="ISO 3166 alpha-2"),
    min_score: float | None = Query(None, ge=0.0, le=100.0),
    q: str | None = Query(
        None,
        max_length=200,
        pattern=TEXT,
        description="Full-text search: handle, name, bio, niches, city, captions",
    ),
    sort: Sort = "rank",
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    """Vetted accounts of the workspace, best first (rank score), with the discovery filters."""
    qs = filtered(
        request,
        platform=platform,
        tier=tier,
        niche=niche,
        country=country,
        min_score=min_score,
        q=q,
        sort=sort,
    )
    filtered_by = (platform, tier, niche, country, min_score, q)
    total, exact = _count(qs, capped=any(v not in (None, "") for v in filtered_by))
    page = qs.select_related("account", "account__creator")[offset : offset + limit]
    return {
        "items": [_item(r) for r in page],
        "total": total,
        "total_exact": exact,
        "limit": limit,
        "offset": offset,
    }


def _count(qs: QuerySet[VettingResult], capped: bool) -> tuple[int, bool]:
    """The number of matches; a filtered count stops at :data:`COUNT_CAP` (then not exact).

    Counting every match of a rare filter combination still visits every vetting row (narrow
    since the report has its own table, but 100,000 of them); the first 1,000 matches of a
    common filter are found at once. Unfiltered, the workspace index answers at once and the
    count is always exact.
    """
    if not capped:
        return qs.count(), True
    n = qs.order_by()[: COUNT_CAP + 1].count()
    return min(n, COUNT_CAP), n <= COUNT_CAP


def vetting_of(request: HttpRequest, account_id: str) -> VettingResult:
    """The stored vetting of one account of the workspace; 404 when absent or not vetted."""
    workspace = membership(request).workspace
    result = (
        VettingResult.objects.filter(workspace=workspace, account__external_id=account_id)
        .select_related("account", "account__vetting_report")
        .first()
    )
    if result is not None:
        return result
    if Account.objects.filter(workspace=workspace, external_id=account_id).exists():
        raise NotFound(_not_vetted(account_id), slug="not-vetted")
    raise NotFound()


def _not_vetted(account_id: str) -> str:
    if (translation.get_language() or "de").startswith("en"):
        return f"Account {account_id} is not vetted yet: POST /api/vet."
    return f"Account {account_id} ist noch nicht geprüft: POST /api/vet."


@router.get("/{account_id}", response={200: VettingReport, **ERROR_RESPONSES})
def get_creator(request: HttpRequest, account_id: str) -> dict[str, Any]:
    """The full vetting of one account: components, weights, evidence, confidence, flags.

    Exactly the account's element of ``resonanz vet --json``.
    """
    return _report(vetting_of(request, account_id))


def _report(result: VettingResult) -> dict[str, Any]:
    """The stored report of a result (read with it by :func:`vetting_of`)."""
    blob = getattr(result.account, "vetting_report", None)
    if blob is None:  # a result is always written with its report; never shown half
        raise NotFound()
    return blob.report  # type: ignore[no-any-return]


def _evidence(report: dict[str, Any], key: str, name: str) -> float | None:
    for component in report.get("components", []):
        if component.get("key") == key:
            value = component.get("evidence", {}).get(name)
            return float(value) if isinstance(value, int | float) else None
    return None


@router.get("/{account_id}/fee", response={200: list[FeeRow], **ERROR_RESPONSES})
def creator_fee(
    request: HttpRequest,
    account_id: str,
    deliverable: list[Deliverable] | None = Query(None),
    product_value: float = Query(0.0, ge=0.0, le=1e9, description="EUR of product credited"),
) -> list[dict[str, Any]]:
    """Fair fee range (low / fair / high, EUR) per deliverable, with reasons.

    The rows of ``resonanz fee ACCOUNT --json``, computed from the stored vetting.
    """
    result = vetting_of(request, account_id)
    report = _report(result)
    defaults = load_defaults()
    row = pl.DataFrame(
        {
            "account_id": [report["account_id"]],
            "platform": [report["platform"]],
            "tier": [report.get("tier")],
            "followers": [report.get("followers")],
            "engagement_ratio": [_evidence(report, "engagement", "ratio")],
            "follower_quality_fake_share": [_evidence(report, "follower_quality", "fake_share")],
        },
        schema={
            "account_id": pl.String,
            "platform": pl.String,
            "tier": pl.String,
            "followers": pl.Int64,
            "engagement_ratio": pl.Float64,
            "follower_quality_fake_share": pl.Float64,
        },
    )
    kinds = tuple(str(d.value) for d in deliverable) if deliverable else DELIVERABLES
    fees = fee_frame(row, defaults, kinds, product_value)
    lang = "en" if (translation.get_language() or "de").startswith("en") else "de"
    rows = []
    for fee in fees.iter_rows(named=True):
        explained = fee_result(fee, defaults)
        rows.append(
            {
                "account_id": fee["account_id"],
                "handle": report.get("handle"),
                "platform": fee["platform"],
                "tier": fee["tier"],
                "deliverable": fee["deliverable"],
                "fee_low_eur": fee["fee_low_eur"],
                "fee_eur": fee["fee_eur"],
                "fee_high_eur": fee["fee_high_eur"],
                "cash_fee_eur": fee["cash_fee_eur"],
                "product_value_eur": fee["product_value_eur"],
                "confidence": fee["fee_confidence"],
                "reasons": [
                    {"code": r.code, "severity": r.severity, "text": render(r, lang)}
                    for r in explained.reasons
                ],
            }
        )
    return rows

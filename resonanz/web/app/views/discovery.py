"""The creators list's query: discovery filters, text search and sorting, in the database.

Rows are accounts (one creator's presence on one platform) with their creator and latest vetting
joined in the same query, so a page costs the same few queries however many creators there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, FloatField, Q, QuerySet, TextField
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast
from django.http import QueryDict

from resonanz.web.store.models import Account, Workspace
from resonanz.web.store.search import search_accounts

# The most relevant full-text hits a search keeps (a bound on the id list sent to the database;
# resonanz assumption: nobody pages through more than 5,000 search results).
SEARCH_LIMIT = 5000
# The vetting pipeline writes its components in a fixed order; engagement is the second
# (index 1) — checked by its key in the query, so a changed order filters nothing wrongly.
_ENGAGEMENT_INDEX = 1

SORTS: dict[str, list[Any]] = {
    # rank: the score weighed by its confidence (as the report ranks)
    "rank": [F("vetting__rank_score").desc(nulls_last=True), "pk"],
    "-rank": [F("vetting__rank_score").asc(nulls_first=True), "pk"],
    "score": [F("vetting__score").desc(nulls_last=True), "pk"],
    "-score": [F("vetting__score").asc(nulls_first=True), "pk"],
    "followers": [F("followers").desc(nulls_last=True), "pk"],
    "-followers": [F("followers").asc(nulls_first=True), "pk"],
    "engagement": [F("er").desc(nulls_last=True), "pk"],
    "-engagement": [F("er").asc(nulls_first=True), "pk"],
    "handle": ["handle", "pk"],
    "-handle": ["-handle", "-pk"],
}


def _number(raw: str | None) -> float | None:
    if raw is None or raw.strip() == "":
        return None
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        return None


@dataclass(frozen=True)
class Filters:
    """The discovery filters of one request (unknown or malformed values are ignored)."""

    q: str = ""
    platform: str = ""
    tier: str = ""
    niche: str = ""
    country: str = ""
    city: str = ""
    language: str = ""
    min_engagement: float | None = None  # in percent, as people type it
    min_score: float | None = None
    flag: str = ""
    flagged: bool = False
    sort: str = "rank"

    @classmethod
    def from_query(cls, query: QueryDict) -> Filters:
        def text(name: str) -> str:
            return (query.get(name) or "").strip()[:200]

        sort = text("sort")
        return cls(
            q=text("q"),
            platform=text("platform"),
            tier=text("tier"),
            niche=text("niche"),
            country=text("country").upper()[:2],
            city=text("city"),
            language=text("language").lower(),
            min_engagement=_number(query.get("min_engagement")),
            min_score=_number(query.get("min_score")),
            flag=text("flag"),
            flagged=query.get("flagged") in {"1", "on", "true"},
            sort=sort if sort in SORTS else "rank",
        )

    @property
    def active(self) -> bool:
        """True when any filter narrows the list."""
        return any(
            [
                self.q,
                self.platform,
                self.tier,
                self.niche,
                self.country,
                self.city,
                self.language,
                self.min_engagement is not None,
                self.min_score is not None,
                self.flag,
                self.flagged,
            ]
        )


def _engagement() -> Any:
    component = KeyTransform(_ENGAGEMENT_INDEX, KeyTransform("components", "vetting__report"))
    return Cast(KeyTextTransform("key", component), TextField()), Cast(
        KeyTextTransform("value", component), FloatField()
    )


def base_queryset(workspace: Workspace) -> QuerySet[Account]:
    """The workspace's accounts with creator and vetting joined (for the rows shown)."""
    return Account.objects.filter(workspace=workspace).select_related("creator", "vetting")


def engagement_rate(account: Account) -> float | None:
    """The vetted engagement rate of an account (the engagement component's value)."""
    vetting = getattr(account, "vetting", None)
    if vetting is None:
        return None
    for component in vetting.report.get("components", []):
        if component.get("key") == "engagement":
            value = component.get("value")
            return float(value) if isinstance(value, int | float) else None
    return None


def page_ids(workspace: Workspace, f: Filters) -> QuerySet[Any]:
    """Ids of the accounts that pass the filters, in order: a lean query to count and page.

    The rows of one page are then read by id (:func:`rows_in_order`), so sorting never carries
    the large vetting reports of every account along.
    """
    qs = Account.objects.filter(workspace=workspace)
    if f.min_engagement is not None or f.sort.lstrip("-") == "engagement":
        key, value = _engagement()
        qs = qs.annotate(er_key=key, er=value)
    return apply(qs, f, workspace).values_list("pk", flat=True)


def rows_in_order(workspace: Workspace, ids: list[int]) -> list[Account]:
    """The accounts of ``ids`` (one query), creator and vetting joined, in the order given."""
    by_id = {a.pk: a for a in base_queryset(workspace).filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


def _where(f: Filters) -> Q:
    """The plain column filters, combined."""
    q = Q()
    if f.platform:
        q &= Q(platform=f.platform)
    if f.tier:
        q &= Q(vetting__tier=f.tier)
    if f.country:
        q &= Q(creator__country=f.country) | Q(country=f.country)
    if f.city:
        q &= Q(creator__city__icontains=f.city)
    if f.language:
        q &= Q(language=f.language) | Q(creator__language=f.language)
    if f.min_score is not None:
        q &= Q(vetting__score__gte=f.min_score)
    if f.min_engagement is not None:
        q &= Q(er_key="engagement", er__gte=f.min_engagement / 100)
    return q


def _text(qs: QuerySet[Account], f: Filters, workspace: Workspace) -> QuerySet[Account]:
    """Niche and warning-sign filters (JSON lists, matched as text) and the free-text search."""
    if f.niche:
        qs = qs.annotate(niches_text=Cast("creator__niches", TextField())).filter(
            niches_text__icontains=f'"{f.niche}"'
        )
    if f.flag or f.flagged:
        qs = qs.annotate(flags_text=Cast("vetting__flags", TextField()))
        qs = qs.filter(flags_text__icontains=f'"{f.flag}"' if f.flag else '"')
    if f.q:
        # Full-text search (bio, captions, hashtags, niches, city; German lemmas) plus plain
        # substring matches on handle and names, so "@lena.k" and half a handle find too.
        hits = search_accounts(workspace, f.q, limit=SEARCH_LIMIT)
        qs = qs.filter(
            Q(pk__in=[h.account_id for h in hits])
            | Q(handle__icontains=f.q.lstrip("@"))
            | Q(display_name__icontains=f.q)
            | Q(creator__name__icontains=f.q)
        )
    return qs


def apply(qs: QuerySet[Account], f: Filters, workspace: Workspace) -> QuerySet[Account]:
    """The workspace's accounts (``qs``) that pass the filters, sorted."""
    return _text(qs.filter(_where(f)), f, workspace).order_by(*SORTS[f.sort])


def choices(workspace: Workspace) -> dict[str, list[str]]:
    """The values the filter drop-downs offer: what the workspace actually has."""
    accounts = Account.objects.filter(workspace=workspace)
    platforms = sorted(set(accounts.values_list("platform", flat=True).distinct()))
    tiers = sorted(
        {t for t in accounts.values_list("vetting__tier", flat=True).distinct() if t is not None}
    )
    return {"platforms": platforms, "tiers": tiers}

"""The creators list's query: discovery filters, text search and sorting, in the database.

Rows are accounts (one creator's presence on one platform) with their creator and latest vetting
joined in the same query, so a page costs the same few queries however many creators there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.http import QueryDict

from resonanz.web.store.models import Account, VettingResult, Workspace
from resonanz.web.store.search import match_subquery

SORTS: dict[str, list[Any]] = {
    # rank: the score weighed by its confidence (as the report ranks)
    "rank": [F("vetting__rank_score").desc(nulls_last=True), "pk"],
    "-rank": [F("vetting__rank_score").asc(nulls_first=True), "pk"],
    "score": [F("vetting__score").desc(nulls_last=True), "pk"],
    "-score": [F("vetting__score").asc(nulls_first=True), "pk"],
    "followers": [F("followers").desc(nulls_last=True), "pk"],
    "-followers": [F("followers").asc(nulls_first=True), "pk"],
    "engagement": [F("vetting__engagement_rate").desc(nulls_last=True), "pk"],
    "-engagement": [F("vetting__engagement_rate").asc(nulls_first=True), "pk"],
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


def base_queryset(workspace: Workspace) -> QuerySet[Account]:
    """The workspace's accounts with creator and vetting joined (for the rows shown)."""
    return Account.objects.filter(workspace=workspace).select_related("creator", "vetting")


def detail_queryset(workspace: Workspace) -> QuerySet[Account]:
    """As :func:`base_queryset`, with each account's full vetting report (its own table)."""
    return base_queryset(workspace).select_related("vetting_report")


def engagement_rate(account: Account) -> float | None:
    """The vetted engagement rate of an account (the engagement component's value)."""
    vetting = getattr(account, "vetting", None)
    return None if vetting is None else vetting.engagement_rate


class RankedIds:
    """The ids of :func:`page_ids` for the rank sorts, read in two parts that need no sort.

    ``ORDER BY rank_score DESC NULLS LAST, pk`` over accounts LEFT JOIN vetting_results cannot
    come from an index, so every page sorted every account. The same order is: the ranked
    accounts (a vetting with a rank score) by the index ``vetting_results (workspace,
    rank_score)``, ties by pk; then every other account (unvetted, or vetted without a rank
    score) by pk. ``-rank`` reads the two parts the other way round. Counted with the plain
    filtered count; the first part is counted only when a page starts past its end. Sliced
    like a queryset (what :class:`django.core.paginator.Paginator` needs).
    """

    def __init__(self, total: QuerySet[Any], first: QuerySet[Any], second: QuerySet[Any]) -> None:
        self._total, self._first, self._second = total, first, second
        self._count: int | None = None
        self._first_count: int | None = None

    def count(self) -> int:
        """How many accounts pass the filters (one query, as the single sorted query did)."""
        if self._count is None:
            self._count = self._total.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def _first_len(self) -> int:
        if self._first_count is None:
            self._first_count = self._first.count()
        return self._first_count

    def __getitem__(self, key: slice) -> list[int]:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("RankedIds takes a slice without step")
        start = max(0, key.start or 0)
        stop = key.stop
        if stop is not None and stop <= start:
            return []
        ids: list[int] = []
        if self._first_count is None or start < self._first_count:
            ids = list(self._first[start:stop])
            if stop is not None and len(ids) == stop - start:
                return ids  # the page ends inside the first part (no count needed)
            if ids or start == 0:
                self._first_count = start + len(ids)  # the first part ended on this page
        head = self._first_len()
        if self._count is not None and head >= self._count:
            return ids  # counted already: nothing after the first part
        rest_start = max(0, start - head)
        rest_stop = None if stop is None else stop - head
        return ids + list(self._second[rest_start:rest_stop])


def page_ids(workspace: Workspace, f: Filters) -> QuerySet[Any] | RankedIds:
    """Ids of the accounts that pass the filters, in order: a lean query to count and page.

    The rows of one page are then read by id (:func:`rows_in_order`). The filters and sorts
    read the narrow vetting columns, never the reports (their own table). The rank sorts read
    the ranked accounts in index order, then the others (:class:`RankedIds`).
    """
    qs = Account.objects.filter(workspace=workspace)
    if f.sort not in {"rank", "-rank"}:
        return apply(qs, f, workspace).values_list("pk", flat=True)
    passing = _text(qs.filter(_where(f)), f, workspace)
    ranked = passing.filter(
        vetting__workspace=workspace, vetting__rank_score__isnull=False
    ).order_by(F("vetting__rank_score").desc() if f.sort == "rank" else "vetting__rank_score", "pk")
    rest = passing.filter(vetting__rank_score__isnull=True).order_by("pk")
    first, second = (ranked, rest) if f.sort == "rank" else (rest, ranked)
    return RankedIds(
        passing.values_list("pk", flat=True),
        first.values_list("pk", flat=True),
        second.values_list("pk", flat=True),
    )


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
        q &= Q(vetting__engagement_rate__gte=f.min_engagement / 100)
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
        # Every full-text match, unranked: the list sorts by its own order, not by relevance.
        found = match_subquery(workspace, f.q)
        matched = Q(pk__in=RawSQL(*found)) if found else Q(pk__in=[])
        qs = qs.filter(
            matched
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
    # the tiers from the vetting results alone (its workspace index), not joined per account
    vetted = VettingResult.objects.filter(workspace=workspace)
    tiers = sorted({t for t in vetted.values_list("tier", flat=True).distinct() if t is not None})
    return {"platforms": platforms, "tiers": tiers}

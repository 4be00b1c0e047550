"""The creators page's rank sorts read ranked accounts by index, then the rest: same order.

:func:`resonanz.web.app.views.discovery.page_ids` answers the rank sorts in two parts (ranked
accounts in ``vetting_results (workspace, rank_score)`` order, then unvetted or unranked ones by
id). Every page, count and filter must equal the single sorted query it replaces
(``apply``: ``ORDER BY rank_score DESC NULLS LAST, pk`` over accounts LEFT JOIN vetting), on a
store with ties, unvetted accounts, vetted accounts without a rank score and another workspace.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict

from resonanz.web.app.views import discovery
from resonanz.web.store.models import Account, Creator, VettingResult, Workspace

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _store(name: str, n: int) -> Workspace:
    """``n`` accounts: ranks with many ties, every 4th unvetted, every 7th vetted unranked."""
    ws = Workspace.objects.create(name=name)
    for i in range(n):
        creator = Creator.objects.create(
            workspace=ws,
            external_id=f"c{i}",
            name=f"Person {i}",
            city="Berlin" if i % 2 else "Köln",
            country="DE" if i % 3 else "AT",
            niches=["food"] if i % 5 < 2 else ["fitness"],
        )
        account = Account.objects.create(
            workspace=ws,
            external_id=f"a{i}",
            creator=creator,
            platform=("instagram", "tiktok", "youtube")[i % 3],
            handle=f"h{(i * 7) % n:03d}",
            followers=1000 * (i % 6),
        )
        if i % 4 == 0:
            continue  # unvetted
        ranked = i % 7 != 0
        VettingResult.objects.create(
            workspace=ws,
            account=account,
            score=float(40 + (i % 5) * 10) if ranked else None,
            confidence=0.5,
            rank_score=float(20 + (i % 5) * 5) if ranked else None,  # ties: 5 distinct values
            tier=("nano", "micro")[i % 2],
            flags=["bought_followers"] if i % 6 == 1 else [],
            engagement_rate=0.01 * (i % 4),
            computed_at=NOW,
        )
    return ws


@pytest.fixture
def ws(db: None) -> Workspace:
    other = _store("other", 9)  # interleaved ids in another workspace: never listed
    mine = _store("mine", 43)
    _store("later", 5)
    assert Account.objects.filter(workspace=other).exists()
    return mine


QUERIES = [
    "",
    "sort=-rank",
    "platform=instagram",
    "tier=micro&sort=-rank",
    "niche=food",
    "flagged=1",
    "country=AT&city=berl",
    "min_score=50",
    "min_engagement=1.5&sort=-rank",
    "q=h01",
    "q=person%201&platform=tiktok",
    "q=nothing-matches",
]


def _previous(ws: Workspace, f: discovery.Filters) -> list[int]:
    """The single sorted query the page used before (accounts LEFT JOIN vetting)."""
    qs = Account.objects.filter(workspace=ws)
    return list(discovery.apply(qs, f, ws).values_list("pk", flat=True))


@pytest.mark.parametrize("query", QUERIES)
def test_rank_pages_equal_the_single_sorted_query(ws: Workspace, query: str) -> None:
    f = discovery.Filters.from_query(QueryDict(query))
    expected = _previous(ws, f)
    ids = discovery.page_ids(ws, f)
    assert isinstance(ids, discovery.RankedIds)
    assert ids.count() == len(expected)
    assert list(ids[0:None]) == expected
    for size in (1, 3, 5, 50):
        fresh = discovery.page_ids(ws, f)
        got: list[int] = []
        for page in Paginator(fresh, size):  # type: ignore[arg-type]
            got += list(page.object_list)
        assert got == expected, (size, query)
    # a page read first, without the pages before it (deep link), and past the end
    for start in range(0, len(expected) + 3):
        fresh = discovery.page_ids(ws, f)
        assert list(fresh[start : start + 4]) == expected[start : start + 4], (start, query)


def test_the_store_has_what_the_order_must_handle(ws: Workspace) -> None:
    """Not a tautology: ties, unvetted and unranked accounts are all on the list."""
    order = _previous(ws, discovery.Filters())
    vetting = {v.account_id: v.rank_score for v in VettingResult.objects.filter(workspace=ws)}
    ranks = [vetting.get(pk) for pk in order]
    ranked = [r for r in ranks if r is not None]
    assert len(ranked) > len(set(ranked)) > 1  # ties
    assert any(pk not in vetting for pk in order)  # unvetted
    assert any(pk in vetting and vetting[pk] is None for pk in order)  # vetted, no rank
    # the order itself: rank descending, then the unranked; ties and the unranked by id
    key = [(-r if r is not None else float("inf"), pk) for r, pk in zip(ranks, order, strict=True)]
    assert key == sorted(key)


def test_other_sorts_keep_the_single_query(ws: Workspace) -> None:
    f = discovery.Filters.from_query(QueryDict("sort=score"))
    ids: Any = discovery.page_ids(ws, f)
    assert not isinstance(ids, discovery.RankedIds)
    assert list(ids) == _previous(ws, f)

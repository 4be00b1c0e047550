"""Full-text search in the store: German stemming, hostile queries, workspace isolation.

Runs on SQLite (FTS5) and PostgreSQL (tsvector; RESONANZ_TEST_DB=postgres).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resonanz.web.store.models import Account, Creator, Post, Workspace
from resonanz.web.store.search import (
    refresh_search_index,
    search_accounts,
    search_documents,
    search_terms,
)

pytestmark = pytest.mark.django_db


def _account(ws: Workspace, key: str, handle: str, bio: str, captions: list[str], **kw: object):
    creator = Creator.objects.create(
        workspace=ws, external_id=f"cr-{key}", city=kw.get("city"), niches=kw.get("niches", [])
    )
    acc = Account.objects.create(
        workspace=ws,
        external_id=f"acc-{key}",
        creator=creator,
        platform=str(kw.get("platform", "instagram")),
        handle=handle,
        bio=bio,
        followers=10_000,
    )
    for i, caption in enumerate(captions):
        Post.objects.create(
            workspace=ws,
            external_id=f"p-{key}-{i}",
            account=acc,
            posted_at=datetime(2026, 5, 1 + i, tzinfo=UTC),
            caption=caption,
            hashtags=[w[1:].lower() for w in caption.split() if w.startswith("#")],
        )
    return acc


@pytest.fixture
def world() -> dict[str, Account]:
    ws = Workspace.objects.create(name="a")
    other = Workspace.objects.create(name="b")
    accounts = {
        "runner": _account(
            ws, "1", "lena.laeuft", "Läuferin aus Köln", ["Meine neuen Laufschuhe! #running"],
            city="Köln", niches=["fitness"],
        ),
        "cook": _account(
            ws, "2", "kochmitmax", "Rezepte für jeden Tag", ["Das beste Müsli #frühstück"],
            city="Berlin", niches=["food"],
        ),
        "cafe": _account(
            ws, "3", "cafe_creme", "Café und Crème brûlée", ["Unterwegs in München"],
            city="München", niches=["food"],
        ),
        "foreign": _account(
            other, "1", "lauf.bert", "Laufschuh-Tester", ["Laufschuhe im Test #laufschuhe"],
            city="Köln", niches=["fitness"],
        ),
    }  # fmt: skip
    assert refresh_search_index(ws) == 3
    assert refresh_search_index(other) == 1
    return accounts


def _ids(ws_name: str, query: str) -> list[int]:
    ws = Workspace.objects.get(name=ws_name)
    return [h.account_id for h in search_accounts(ws, query)]


def test_german_stemming_finds_plural_for_singular(world: dict[str, Account]) -> None:
    assert _ids("a", "Laufschuh") == [world["runner"].pk]
    assert _ids("a", "laufschuhe") == [world["runner"].pk]
    assert _ids("a", "LAUFSCHUHE") == [world["runner"].pk]


def test_umlauts_and_diacritics_meet(world: dict[str, Account]) -> None:
    assert _ids("a", "muesli") == [world["cook"].pk]
    assert _ids("a", "Müsli") == [world["cook"].pk]
    assert _ids("a", "creme brulee") == [world["cafe"].pk]
    assert _ids("a", "koeln") == [world["runner"].pk]
    assert _ids("a", "MÜNCHEN") == [world["cafe"].pk]


def test_every_word_must_match_and_stop_words_are_ignored(world: dict[str, Account]) -> None:
    assert _ids("a", "Rezepte für Müsli") == [world["cook"].pk]
    assert _ids("a", "rezept laufschuh") == []


def test_handle_and_bio_and_niche_and_hashtag_are_searched(world: dict[str, Account]) -> None:
    assert _ids("a", "lena.laeuft") == [world["runner"].pk]
    assert _ids("a", "@kochmitmax") == [world["cook"].pk]
    assert _ids("a", "fitness") == [world["runner"].pk]
    assert _ids("a", "#running") == [world["runner"].pk]
    assert sorted(_ids("a", "food")) == sorted([world["cook"].pk, world["cafe"].pk])


def test_workspace_isolation(world: dict[str, Account]) -> None:
    assert _ids("b", "laufschuhe") == [world["foreign"].pk]
    assert world["foreign"].pk not in _ids("a", "laufschuh")
    assert world["foreign"].pk not in _ids("a", "lauf.bert")
    docs = search_documents(Workspace.objects.get(name="a"))
    assert set(docs) == {world[k].pk for k in ("runner", "cook", "cafe")}
    assert "laufschuh" in docs[world["runner"].pk]


HOSTILE = [
    "",
    "   ",
    '"',
    '""laufschuh',
    "NEAR(laufschuh koeln",
    "laufschuh*",
    "*",
    "'; DROP TABLE accounts; --",
    "laufschuh OR 1=1",
    "body:laufschuh",
    "^laufschuh",
    "- + ( ) { } : ",
    "\x00laufschuh",
    "x" * 10_000,
    "laufschuh " * 2_000,
    "🏃‍♀️ Laufschuhe 👟",
]


FINDS_RUNNER = {'""laufschuh', "laufschuh*", "^laufschuh", "\x00laufschuh", "laufschuh " * 2_000}
FINDS_RUNNER |= {"🏃‍♀️ Laufschuhe 👟"}


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_crash(world: dict[str, Account], query: str) -> None:
    hits = _ids("a", query)
    assert set(hits) <= {world[k].pk for k in ("runner", "cook", "cafe")}
    assert Account.objects.count() == 4  # nothing dropped
    if query in FINDS_RUNNER:
        assert hits == [world["runner"].pk]


def test_empty_query_has_no_terms() -> None:
    assert search_terms("") == []
    assert search_terms("!!! ** ((") == []
    assert len(search_terms(" ".join(f"wort{i}" for i in range(500)))) == 32
    assert ("laufschuh", "laufschuhe") in search_terms("Laufschuhe")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=200))
def test_any_text_is_a_safe_query(world: dict[str, Account], query: str) -> None:
    hits = _ids("a", query)
    assert set(hits) <= {world[k].pk for k in ("runner", "cook", "cafe")}


def test_refresh_replaces_documents(world: dict[str, Account]) -> None:
    ws = Workspace.objects.get(name="a")
    Account.objects.filter(pk=world["cook"].pk).update(bio="Jetzt Yoga")
    refresh_search_index(ws)
    assert _ids("a", "yoga") == [world["cook"].pk]
    assert _ids("a", "rezept") == []


def test_rank_orders_more_relevant_first(world: dict[str, Account]) -> None:
    ws = Workspace.objects.get(name="a")
    _account(ws, "4", "essen_anna", "Essen", ["Rezept", "Rezept Rezept Rezept", "Rezepte!"])
    refresh_search_index(ws)
    hits = search_accounts(ws, "rezept")
    assert len(hits) == 2
    assert hits[0].rank >= hits[1].rank
    assert search_accounts(ws, "rezept", limit=1) == hits[:1]


def test_the_index_is_built_in_batches_of_accounts_with_the_same_documents(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Batches of accounts (memory stays bounded) index exactly what one batch indexes.

    The other workspace's accounts sit between this one's store ids, inside the batches' ranges.
    """
    from resonanz.web.store import search

    ws, other = Workspace.objects.create(name="a"), Workspace.objects.create(name="b")
    for i in range(7):
        _account(ws, f"{i}", f"handle{i}", f"Bio {i}", [f"Laufschuhe {i} #lauf{i}", f"Post {i}"])
        _account(other, f"{i}", f"fremd{i}", "Fremd", ["Kochbuch #rezept"])
    assert refresh_search_index(other) == 7
    assert refresh_search_index(ws) == 7
    whole = search_documents(ws)
    monkeypatch.setattr(search, "_INDEX_BATCH", 3)
    calls: list[tuple[int, int]] = []
    assert refresh_search_index(ws, progress=lambda done, total: calls.append((done, total))) == 7
    assert calls == [(3, 7), (6, 7), (7, 7)]
    assert search_documents(ws) == whole
    assert len(whole) == 7 and all("laufschuh" in body for body in whole.values())
    assert _ids("a", "rezept") == [] and len(_ids("b", "rezept")) == 7

"""Bulk loading outside a test transaction: SQLite's checks are off only while a file loads.

The other import tests run inside pytest-django's transaction, where :func:`sql.bulk_writes`
changes nothing; these use ``transactional_db`` so the fast path itself is exercised.
"""

from __future__ import annotations

import csv
import json

import pytest
from django.db import connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from resonanz.web.store import sql

ACCOUNTS = "account_id,platform,handle\na1,instagram,lena\na2,tiktok,max\n"
POSTS = (
    "post_id,account_id,posted_at,hashtags,mentions\n"
    'p1,a1,2026-05-01T12:00:00Z,"vegan ""quoted"" back\\slash",@max\n'
    "p2,ghost,2026-05-02T12:00:00Z,,\n"
    "p3,a2,2026-05-03T12:00:00Z,tech,\n"
)


def _pragma(name: str) -> int:
    with connection.cursor() as cur:
        cur.execute(f"PRAGMA {name}")
        return int(cur.fetchone()[0])


@pytest.mark.sqlite_only  # PostgreSQL keeps its checks; its test database cannot be flushed
@pytest.mark.django_db(transaction=True)
def test_bulk_import_rejects_unknown_parents_and_restores_checks(cli, write, tmp_path):
    cli("import", write("accounts.csv", ACCOUNTS))
    errors = tmp_path / "e.csv"
    assert cli("import", write("posts.csv", POSTS), "--errors", errors).exit_code == 3
    with errors.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["line"], r["field"], r["value"]) for r in rows] == [("3", "account_id", "ghost")]
    assert cli("status", "--json").json()["counts"]["posts"] == 2
    with connection.cursor() as cur:
        cur.execute("SELECT hashtags FROM posts ORDER BY external_id")
        stored = [json.loads(v) if isinstance(v, str) else v for (v,) in cur.fetchall()]
    assert stored == [["vegan", '"quoted"', "back\\slash"], ["tech"]]
    assert _pragma("foreign_keys") == 1
    assert _pragma("ignore_check_constraints") == 0
    with connection.cursor() as cur:
        cur.execute("PRAGMA foreign_key_check")
        assert cur.fetchall() == []


@pytest.mark.sqlite_only
@pytest.mark.django_db(transaction=True)
def test_bulk_writes_switches_checks_off_only_outside_transactions():
    with sql.bulk_writes() as off:
        assert off is True
        assert _pragma("foreign_keys") == 0
        assert _pragma("ignore_check_constraints") == 1
    assert (_pragma("foreign_keys"), _pragma("ignore_check_constraints")) == (1, 0)
    with pytest.raises(RuntimeError), sql.bulk_writes():
        raise RuntimeError("a failing load restores the checks too")
    assert (_pragma("foreign_keys"), _pragma("ignore_check_constraints")) == (1, 0)
    with transaction.atomic(), sql.bulk_writes() as off:
        assert off is False
        assert _pragma("foreign_keys") == 1


@given(st.lists(st.text(max_size=12), max_size=5))
def test_json_list_builds_valid_json(items):
    """CHECK (JSON_VALID) is skipped while bulk loading: the values must be valid by construction."""
    import polars as pl

    frame = pl.DataFrame({"x": [items]}, schema={"x": pl.List(pl.String)})
    text = frame.select(sql._json_list("x")).item()
    drop = {chr(c) for c in range(32)}
    assert json.loads(text) == ["".join(ch for ch in s if ch not in drop) for s in items]


def test_prepared_and_fallback_batches_store_the_same_rows(cli, write, monkeypatch):
    """Batches prepared in the reader thread and batches with an unknown parent (written the
    plain way) land alike: each post under its own account, with its values."""
    from resonanz.io import sources

    monkeypatch.setattr(sources, "BATCH_ROWS", 2)
    cli("import", write("accounts.csv", ACCOUNTS))
    lines = [
        f"p{i},{'ghost' if i == 3 else ('a1', 'a2')[i % 2]},2026-05-0{i + 1}T12:00:00Z,{i}"
        for i in range(6)
    ]
    posts = write("posts.csv", "post_id,account_id,posted_at,likes\n" + "\n".join(lines) + "\n")
    assert cli("import", posts).exit_code == 3
    with connection.cursor() as cur:
        cur.execute(
            "SELECT p.external_id, a.external_id, p.likes FROM posts p "
            "JOIN accounts a ON a.id = p.account_id ORDER BY p.external_id"
        )
        rows = cur.fetchall()
    want = [(f"p{i}", ("a1", "a2")[i % 2], i) for i in range(6) if i != 3]
    assert [tuple(r) for r in rows] == want

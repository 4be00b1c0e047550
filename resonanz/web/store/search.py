"""Full-text search over a workspace's accounts: SQLite FTS5 or PostgreSQL's text search.

Each account has one search document (:func:`refresh_search_index`): its handle's words, and —
normalised by :mod:`resonanz.core.discovery.text` (lemmas, German first; folded umlauts) — its
display name, bio, creator niches and city, and the captions and hashtags of its recent posts.
A query is normalised the same way and every word must match (AND). On SQLite the words are
quoted FTS5 strings ranked by ``bm25`` (handle words weigh more); on PostgreSQL each word is a
``websearch_to_tsquery`` over the 'german' (document) and 'simple' (handle) configurations ranked
by ``ts_rank``. Words are always bound parameters, never SQL or query syntax.

For the web app::

    from resonanz.web.store.search import search_accounts
    hits = search_accounts(workspace, "laufschuhe berlin", limit=50)  # [SearchHit(id, rank)]
    Account.objects.filter(pk__in=[h.account_id for h in hits])

``account_id`` there is the store's primary key of the account; ``rank`` is higher for better.
Lists sorted by something else filter by :func:`match_subquery` (every match, unranked).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from django.db import connection, transaction

from resonanz.core.config import DomainDefaults, load_defaults
from resonanz.core.contracts import table_spec
from resonanz.core.discovery.text import fts5_match, handle_words, normalise_many, query_terms
from resonanz.web.store import sql
from resonanz.web.store.models import Account, Workspace

_CHUNK = 2000
_INDEX_BATCH = 5000  # accounts per batch of the index rebuild: ~150k posts' texts in memory
_HANDLE_WEIGHT = 4.0  # bm25 column weight of handle words against the document (1.0)


@dataclass(frozen=True)
class SearchHit:
    """One account found: its store id and its relevance (higher is better)."""

    account_id: int
    rank: float


def _lemmatiser():  # type: ignore[no-untyped-def]
    from resonanz.io.text import lemmatiser

    return lemmatiser()


def search_terms(query: str, defaults: DomainDefaults | None = None) -> list[tuple[str, ...]]:
    """The words of ``query`` that are searched, each as its forms (empty: nothing to search)."""
    s = (defaults or load_defaults()).discovery
    return query_terms(
        query or "",
        _lemmatiser(),
        s.max_query_chars,
        s.max_query_terms,
        s.min_term_length,
        frozenset(s.stopwords),
    )


def recent_posts(
    workspace: Workspace, n: int, columns: list[str], accounts: tuple[int, int] | None = None
) -> pl.DataFrame:
    """The latest ``n`` posts of each account: ``account_id``, ``post_id`` and ``columns``
    (contract names), read with a window function so older posts never leave the database.

    ``accounts`` = (first, last) store id: only the accounts in that range (the
    ``(account, posted_at)`` index finds their posts).
    """
    spec = table_spec("posts")
    allowed = set(spec.column_names) - {"account_id", "post_id"}
    wanted = [c for c in columns if c in allowed]  # names are checked: never user text in SQL
    select = ", ".join(f"p.{c}" for c in wanted)
    where = "t.workspace_id = %s"
    if accounts:
        # "+" keeps SQLite off the workspace index (it would read all of the workspace's posts
        # for each range) and on the (account, posted_at) one
        where = "+t.workspace_id = %s AND t.account_id BETWEEN %s AND %s"
    query = (
        f"SELECT a.external_id, p.external_id{', ' + select if select else ''} FROM ("
        "SELECT t.*, ROW_NUMBER() OVER (PARTITION BY t.account_id "
        f"ORDER BY t.posted_at DESC, t.id DESC) AS _rn FROM posts t WHERE {where}"
        ") p JOIN accounts a ON a.id = p.account_id WHERE p._rn <= %s ORDER BY p.id"
    )
    params = [workspace.pk, *(accounts or ()), n]
    names = ["account_id", "post_id", *wanted]
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            query = query.replace("p.hashtags", "p.hashtags::text").replace(
                "p.mentions", "p.mentions::text"
            )
        cur.execute(query, params)
        rows = cur.fetchall()
    frame = pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None)
    text_list = pl.List(pl.String)
    casts: list[pl.Expr] = []
    for c in names:
        kind = spec.column(c).kind if c in allowed else "str"
        if kind == "list":
            col = pl.col(c).cast(pl.String).str.json_decode(text_list)
            casts.append(col.fill_null(pl.lit([], text_list)).alias(c))
        elif kind == "bool":
            casts.append(pl.col(c).cast(pl.Boolean, strict=False))
        else:
            casts.append(pl.col(c).cast(pl.String, strict=False))
    return frame.select(casts)


def _account_texts(workspace: Workspace) -> pl.DataFrame:
    """Per account, sorted by store id: ``pk``, ``account_id``, ``handle`` and the texts of the
    account and its creator (display name, bio, niches, city)."""
    accounts = sql.read_table(
        "accounts", workspace.pk, ["account_id", "creator_id", "handle", "display_name", "bio"]
    )
    creators = sql.read_table("creators", workspace.pk, ["creator_id", "niches", "city"])
    # A column of nothing but nulls reads as type null: give every column its text type.
    accounts = accounts.cast(dict.fromkeys(accounts.columns, pl.String))
    creators = creators.cast(
        {"creator_id": pl.String, "city": pl.String, "niches": pl.List(pl.String)}
    )
    ids = dict(Account.objects.filter(workspace=workspace).values_list("external_id", "pk"))
    pk = pl.col("account_id").replace_strict(ids, default=None, return_dtype=pl.Int64)
    return (
        accounts.join(creators, on="creator_id", how="left")
        .with_columns(pk=pk)
        .drop_nulls("pk")
        .sort("pk")
    )


def _documents(accounts: pl.DataFrame, posts: pl.DataFrame) -> pl.DataFrame:
    """Per account of ``accounts`` (:func:`_account_texts`): ``pk``, ``handle``, and the raw text
    of its search document, with the captions and hashtags of its ``posts``."""
    recent = posts.group_by("account_id").agg(
        pl.col("caption").drop_nulls().str.join(" ").alias("_captions"),
        pl.col("hashtags")
        .list.explode(keep_nulls=False, empty_as_null=False)
        .str.join(" ")
        .alias("_tags"),
    )
    text = pl.concat_str(
        [
            pl.col("display_name"),
            pl.col("bio"),
            pl.col("niches").list.join(" "),
            pl.col("city"),
            pl.col("_captions"),
            pl.col("_tags"),
        ],
        separator=" \n ",
        ignore_nulls=True,
    )
    return accounts.join(recent, on="account_id", how="left").select(
        "pk", pl.col("handle").fill_null(""), text.fill_null("").alias("text")
    )


def refresh_search_index(
    workspace: Workspace,
    defaults: DomainDefaults | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Rebuild the workspace's search documents (after an import); returns how many.

    Accounts are indexed ``_INDEX_BATCH`` at a time (their recent posts read per batch), so
    memory stays bounded however large the workspace; the whole rebuild is one transaction.
    ``progress(done, total)`` is called after each batch.
    """
    s = (defaults or load_defaults()).discovery
    accounts = _account_texts(workspace)
    total, done = accounts.height, 0
    columns, insert = ["caption", "hashtags"], _insert_query()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM account_search WHERE workspace_id = %s", [workspace.pk])
        for batch in accounts.iter_slices(_INDEX_BATCH):
            first, last = int(batch["pk"][0]), int(batch["pk"][-1])
            docs = _documents(
                batch, recent_posts(workspace, s.recent_posts, columns, (first, last))
            )
            bodies = normalise_many(docs["text"].to_list(), _lemmatiser())
            rows = [
                (pk, " ".join(handle_words(handle)), body, workspace.pk)
                for pk, handle, body in zip(docs["pk"], docs["handle"], bodies, strict=True)
            ]
            for i in range(0, len(rows), _CHUNK):
                cur.executemany(insert, rows[i : i + _CHUNK])
            done += batch.height
            if progress is not None:
                progress(done, total)
        if connection.vendor == "postgresql":
            # fresh statistics, or the planner may walk every account instead of the GIN index
            cur.execute("ANALYZE account_search")
    return total


def _insert_query() -> str:
    if connection.vendor == "postgresql":
        return (
            "INSERT INTO account_search (account_id, handle, body, workspace_id) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (account_id) DO UPDATE SET "
            "handle = excluded.handle, body = excluded.body, "
            "workspace_id = excluded.workspace_id"
        )
    return (
        "INSERT OR REPLACE INTO account_search (rowid, handle, body, workspace_id) "
        "VALUES (%s, %s, %s, %s)"
    )


def indexed_count(workspace: Workspace) -> int:
    """How many of the workspace's accounts have a search document."""
    key = "account_id" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT COUNT(*) FROM account_search s JOIN accounts a ON a.id = s.{key} "
            "WHERE a.workspace_id = %s",
            [workspace.pk],
        )
        return int(cur.fetchone()[0])


def ensure_search_index(workspace: Workspace, defaults: DomainDefaults | None = None) -> None:
    """Build the index when accounts lack a document (e.g. a store imported before search)."""
    if indexed_count(workspace) < Account.objects.filter(workspace=workspace).count():
        refresh_search_index(workspace, defaults)


def search_accounts(
    workspace: Workspace,
    query: str,
    *,
    limit: int | None = None,
    defaults: DomainDefaults | None = None,
) -> list[SearchHit]:
    """Accounts of ``workspace`` matching every word of ``query``, most relevant first.

    A query without searchable words (empty, only punctuation) finds nothing; use no text
    filter at all for "everything". Any text is safe: it is normalised to plain words first.
    """
    terms = search_terms(query, defaults)
    if not terms:
        return []
    cap = -1 if limit is None else max(0, int(limit))
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            tsq, params = _tsquery(terms)
            cur.execute(
                "SELECT s.account_id, ts_rank(s.tsv, q.query) AS rank "
                # No join with accounts: the row's own workspace_id (its account is a foreign key
                # with ON DELETE CASCADE) isolates, and the planner goes straight to the GIN index.
                f"FROM account_search s, (SELECT {tsq} AS query) q "
                "WHERE s.workspace_id = %s AND s.tsv @@ q.query "
                "ORDER BY rank DESC, s.account_id LIMIT %s",
                [*params, workspace.pk, None if cap < 0 else cap],
            )
        else:
            cur.execute(
                f"SELECT account_search.rowid, -bm25(account_search, {_HANDLE_WEIGHT}, 1.0) "
                "FROM account_search JOIN accounts a ON a.id = account_search.rowid "
                "WHERE account_search MATCH %s AND account_search.workspace_id = %s "
                "AND a.workspace_id = %s "
                f"ORDER BY bm25(account_search, {_HANDLE_WEIGHT}, 1.0), account_search.rowid "
                "LIMIT %s",
                [fts5_match(terms), workspace.pk, workspace.pk, cap],
            )
        return [SearchHit(int(pk), float(rank)) for pk, rank in cur.fetchall()]


def _tsquery(terms: list[tuple[str, ...]]) -> tuple[str, list[str]]:
    """PostgreSQL: every word (any of its forms, 'german' or 'simple') as one tsquery."""
    one = "websearch_to_tsquery('german', %s) || websearch_to_tsquery('simple', %s)"
    tsq = " && ".join("(" + " || ".join([one] * len(forms)) + ")" for forms in terms)
    return tsq, [f for forms in terms for form in forms for f in (form, form)]


def match_subquery(
    workspace: Workspace, query: str, defaults: DomainDefaults | None = None
) -> tuple[str, list[object]] | None:
    """SQL and parameters selecting the ids of ``workspace``'s accounts matching every word of
    ``query``, unranked; ``None`` when the query has no searchable words.

    For lists sorted by something else (rank, score, followers): ``Account.objects.filter(
    workspace=ws, pk__in=RawSQL(sql, params))``. Nothing is ranked, so a common word matching
    100,000 accounts costs one pass over its index entries instead of a relevance score for
    each (2–10 s on SQLite), and the database joins and sorts the matches with the list.
    """
    terms = search_terms(query, defaults)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        tsq, params = _tsquery(terms)
        sql_text = (
            "SELECT s.account_id FROM account_search s "
            f"WHERE s.workspace_id = %s AND s.tsv @@ ({tsq})"
        )
        return sql_text, [workspace.pk, *params]
    # The accounts' workspace index isolates. Not the index's own workspace_id (a lookup of
    # every match's stored row) nor "rowid IN (the workspace's ids)" inside the FTS query (FTS5
    # then runs the MATCH once per id: 6.8 s instead of 40 ms for 27,000 matches of 163,350).
    sql_text = (
        "SELECT a.id FROM accounts a WHERE a.workspace_id = %s AND a.id IN "
        "(SELECT rowid FROM account_search WHERE account_search MATCH %s)"
    )
    return sql_text, [workspace.pk, fts5_match(terms)]


def search_documents(workspace: Workspace) -> dict[int, str]:
    """The normalised search document of every indexed account (store id → text)."""
    if connection.vendor == "postgresql":
        query = (
            "SELECT s.account_id, s.body FROM account_search s JOIN accounts a "
            "ON a.id = s.account_id WHERE a.workspace_id = %s"
        )
    else:
        query = (
            "SELECT s.rowid, s.body FROM account_search s JOIN accounts a ON a.id = s.rowid "
            "WHERE a.workspace_id = %s"
        )
    with connection.cursor() as cur:
        cur.execute(query, [workspace.pk])
        return {int(pk): str(body) for pk, body in cur.fetchall()}

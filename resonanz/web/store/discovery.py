"""Discovery and lookalikes over a workspace: the store's side of ``resonanz discover``.

:func:`discover` joins, per account, the full-text relevance (:mod:`.search`), the vetting
(stored results, or computed in memory for a brief), the fair fee of one deliverable
(:func:`resonanz.core.fees.fee_frame`), the creator's city, country, language and niches, and
the discovery signals (:mod:`resonanz.core.discovery.signals`); then filters and sorts
(:mod:`resonanz.core.discovery.filters`). :func:`lookalikes` ranks accounts by content, audience
and follower similarity to one account and says why. docs/discovery.md explains both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db import connection

from resonanz.core.brief import Brief
from resonanz.core.config import DomainDefaults, load_defaults
from resonanz.core.discovery.filters import DiscoveryFilters, apply_filters, sort_frame
from resonanz.core.discovery.signals import signal_frame
from resonanz.core.discovery.similarity import (
    audience_similarity,
    combined_similarity,
    overlap_from_counts,
    top_buckets,
)
from resonanz.web.store import sql
from resonanz.web.store.models import Account, VettingResult, Workspace
from resonanz.web.store.search import (
    ensure_search_index,
    recent_posts,
    search_accounts,
    search_documents,
)
from resonanz.web.store.search import search_terms as _search_terms

_VET_COLUMNS = {
    "account_id": pl.String,
    "handle": pl.String,
    "platform": pl.String,
    "followers": pl.Float64,
    "tier": pl.String,
    "score": pl.Float64,
    "rank_score": pl.Float64,
    "confidence": pl.Float64,
    "engagement_rate": pl.Float64,
    "engagement_ratio": pl.Float64,
    "follower_quality_fake_share": pl.Float64,
    "audience_fit": pl.Float64,
    "content_fit": pl.Float64,
    "flags": pl.List(pl.String),
}


class UnknownAccount(LookupError):
    """No account of the workspace has that id or handle."""


@dataclass
class DiscoveryResult:
    """Accounts found, best first (``rows`` has at most ``limit`` rows; ``total`` matched)."""

    rows: pl.DataFrame
    total: int
    terms: list[tuple[str, ...]]
    brief: Brief | None = None
    notes: list[str] = field(default_factory=list)


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _stored_vetting(workspace: Workspace) -> pl.DataFrame:
    """The stored vetting reports as discovery's vetting columns."""
    rows: list[dict[str, Any]] = []
    qs = (
        VettingResult.objects.filter(workspace=workspace)
        .order_by("pk")
        .values_list("account__vetting_report__report", flat=True)
    )
    for report in qs.iterator(chunk_size=2000):
        if report is None:
            continue
        comps = {c["key"]: c for c in report.get("components", [])}
        eng = comps.get("engagement") or {}
        fq = comps.get("follower_quality") or {}
        rows.append(
            {
                "account_id": report.get("account_id"),
                "handle": report.get("handle"),
                "platform": report.get("platform"),
                "followers": _num(report.get("followers")),
                "tier": report.get("tier"),
                "score": _num(report.get("score")),
                "rank_score": _num(report.get("rank_score")),
                "confidence": _num(report.get("confidence")),
                "engagement_rate": _num(eng.get("value")),
                "engagement_ratio": _num(eng.get("evidence", {}).get("ratio")),
                "follower_quality_fake_share": _num(fq.get("evidence", {}).get("fake_share")),
                "audience_fit": _num((comps.get("audience_fit") or {}).get("score")),
                "content_fit": _num((comps.get("content_fit") or {}).get("score")),
                "flags": list(report.get("flags") or []),
            }
        )
    return pl.DataFrame(rows, schema=_VET_COLUMNS)


def _computed_vetting(
    workspace: Workspace, brief: Brief | None, defaults: DomainDefaults
) -> pl.DataFrame:
    """Vetting computed in memory (not stored), e.g. with a brief's fit."""
    from resonanz.web.store.services import vet_in_memory

    frame = vet_in_memory(workspace, defaults, brief=brief)
    renamed = {
        "engagement_value": "engagement_rate",
        "audience_fit_score": "audience_fit",
        "content_fit_score": "content_fit",
    }
    frame = frame.rename({k: v for k, v in renamed.items() if k in frame.columns})
    return frame.select(
        [
            pl.col(c).cast(t, strict=False) if c in frame.columns else pl.lit(None, t).alias(c)
            for c, t in _VET_COLUMNS.items()
        ]
    )


def vetting_frame(
    workspace: Workspace, brief: Brief | None = None, defaults: DomainDefaults | None = None
) -> tuple[pl.DataFrame, str]:
    """Discovery's vetting columns and where they came from (``stored`` or ``computed``)."""
    d = defaults or load_defaults()
    if brief is None and VettingResult.objects.filter(workspace=workspace).exists():
        return _stored_vetting(workspace), "stored"
    return _computed_vetting(workspace, brief, d), "computed"


def _context(workspace: Workspace) -> pl.DataFrame:
    accounts = sql.read_table(
        "accounts",
        workspace.pk,
        ["account_id", "creator_id", "display_name", "country", "language"],
    )
    creators = sql.read_table(
        "creators", workspace.pk, ["creator_id", "name", "city", "country", "language", "niches"]
    )
    accounts = accounts.cast(dict.fromkeys(accounts.columns, pl.String))
    creators = creators.cast(
        {
            "creator_id": pl.String,
            "name": pl.String,
            "city": pl.String,
            "country": pl.String,
            "language": pl.String,
            "niches": pl.List(pl.String),
        }
    )
    return accounts.join(creators, on="creator_id", how="left", suffix="_creator").select(
        "account_id",
        "creator_id",
        "display_name",
        pl.col("name").alias("creator_name"),
        "city",
        pl.coalesce("country", "country_creator").alias("country"),
        pl.coalesce("language", "language_creator").alias("language"),
        pl.col("niches").fill_null(pl.lit([], dtype=pl.List(pl.String))),
    )


def _customer_followers(workspace: Workspace) -> pl.DataFrame:
    """Per account: sampled followers who are the brand's customers (consented to profiling)."""
    empty = pl.DataFrame(schema={"account_id": pl.String, "customer_followers": pl.Int64})
    if "customers" not in connection.introspection.table_names():
        return empty
    follower = "LOWER(REPLACE(f.follower_username, '@', ''))"
    match = " OR ".join(
        f"(a.platform = '{p}' AND LOWER(REPLACE(c.{p}, '@', '')) = {follower})"
        for p in ("instagram", "tiktok", "youtube")  # constants, not input
    )
    query = (
        "SELECT a.external_id, COUNT(DISTINCT c.id) FROM follower_samples f "
        "JOIN accounts a ON a.id = f.account_id "
        f"JOIN customers c ON c.workspace_id = f.workspace_id AND ({match}) "
        "WHERE f.workspace_id = %s AND c.consent_profiling = %s GROUP BY a.external_id"
    )
    with connection.cursor() as cur:
        cur.execute(query, [workspace.pk, True])
        rows = cur.fetchall()
    if not rows:
        return empty
    return pl.DataFrame(rows, schema=list(empty.schema.items()), orient="row")


def _signals(
    workspace: Workspace, context: pl.DataFrame, brief: Brief | None, d: DomainDefaults
) -> pl.DataFrame:
    accounts = sql.read_table("accounts", workspace.pk, ["account_id", "handle"])
    posts = recent_posts(
        workspace,
        d.discovery.recent_posts,
        ["caption", "hashtags", "mentions", "has_platform_paid_label"],
    )
    if brief is not None and brief.competitors:
        comments = sql.read_table("comments", workspace.pk, ["post_id", "author"])
    else:
        comments = pl.DataFrame(schema={"post_id": pl.String, "author": pl.String})
    has_cities = brief is not None and brief.target is not None and brief.target.cities
    audience = sql.read_table("audience", workspace.pk) if has_cities else None
    signals = signal_frame(
        accounts.cast({"account_id": pl.String, "handle": pl.String}),
        posts,
        comments,
        brief,
        creator_city=context.select("account_id", "city"),
        audience=audience,
        paid_markers=d.discovery.paid_markers,
    )
    return signals.join(_customer_followers(workspace), on="account_id", how="left").with_columns(
        pl.col("customer_followers").fill_null(0)
    )


def _fees(vetting: pl.DataFrame, d: DomainDefaults) -> pl.DataFrame:
    from resonanz.core.fees import fee_frame

    fees = fee_frame(vetting, d, deliverables=(d.discovery.deliverable,))
    return fees.select("account_id", "fee_low_eur", "fee_eur", "fee_high_eur")


def _no_signals(vetting: pl.DataFrame) -> pl.DataFrame:
    """Neutral signal columns (no brief, no hashtag filter: the posts are not read)."""
    return vetting.select(
        "account_id",
        pl.lit([], dtype=pl.List(pl.String)).alias("hashtags"),
        pl.lit([], dtype=pl.List(pl.String)).alias("shared_hashtags"),
        *[
            pl.lit(0, dtype=pl.Int64).alias(c)
            for c in ("brand_mentions", "ugc_posts", "competitor_posts", "competitor_engagement")
        ],
        pl.lit(None, dtype=pl.Boolean).alias("in_target_city"),
        pl.lit(None, dtype=pl.Float64).alias("target_city_share"),
        pl.lit(0, dtype=pl.Int64).alias("customer_followers"),
    )


def candidate_frame(
    workspace: Workspace,
    brief: Brief | None = None,
    defaults: DomainDefaults | None = None,
    *,
    signals: bool = True,
) -> pl.DataFrame:
    """One row per account with everything discovery filters, sorts and shows.

    ``signals=False`` skips reading posts for the signals (they stay neutral) — discover does
    so when there is neither a brief nor a hashtag filter.
    """
    d = defaults or load_defaults()
    vetting, _source = vetting_frame(workspace, brief, d)
    context = _context(workspace)
    ids = dict(Account.objects.filter(workspace=workspace).values_list("external_id", "pk"))
    found = _signals(workspace, context, brief, d) if signals else _no_signals(vetting)
    return (
        vetting.join(context, on="account_id", how="left")
        .join(_fees(vetting, d), on="account_id", how="left")
        .join(found, on="account_id", how="left")
        .with_columns(
            (1.0 - pl.col("follower_quality_fake_share").clip(0.0, 1.0)).alias("real_share"),
            pl.col("account_id")
            .replace_strict(ids, default=None, return_dtype=pl.Int64)
            .alias("store_id"),
        )
    )


def discover(
    workspace: Workspace,
    query: str | None = None,
    filters: DiscoveryFilters | None = None,
    *,
    brief: Brief | None = None,
    sort: str = "relevance",
    limit: int | None = 25,
    defaults: DomainDefaults | None = None,
) -> DiscoveryResult:
    """Accounts matching ``query`` (all words; none: every account) and ``filters``, best first.

    With a ``brief`` the fit columns (content and audience fit) and the brief's signals (shared
    hashtags, brand mentions, competitor engagers, target cities) are filled.
    """
    d = defaults or load_defaults()
    ensure_search_index(workspace, d)
    terms = _search_terms(query or "", d)
    filters = filters or DiscoveryFilters()
    frame = candidate_frame(
        workspace, brief, d, signals=brief is not None or bool(filters.hashtags)
    )
    notes: list[str] = []
    if terms:
        hits = search_accounts(workspace, query or "", defaults=d)
        ranks = pl.DataFrame(
            {"store_id": [h.account_id for h in hits], "relevance": [h.rank for h in hits]},
            schema={"store_id": pl.Int64, "relevance": pl.Float64},
        )
        frame = frame.join(ranks, on="store_id", how="inner")
    else:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Float64).alias("relevance"))
        if query and query.strip():
            notes.append("no_terms")
    frame = apply_filters(frame, filters)
    frame = sort_frame(frame, sort, d.discovery.fit_content_weight)
    total = frame.height
    rows = frame if limit is None else frame.head(max(0, limit))
    return DiscoveryResult(rows, total, terms, brief, notes)


@dataclass
class LookalikeResult:
    """Accounts most similar to ``target`` (a row of account_id/handle/platform), best first."""

    target: dict[str, Any]
    rows: pl.DataFrame


def find_account(workspace: Workspace, key: str) -> Account:
    """The account with this external id or handle ('@' and case ignored; Instagram first)."""
    text = key.strip()
    found = Account.objects.filter(workspace=workspace, external_id=text).first()
    if found is not None:
        return found
    handle = text.lstrip("@")
    matches = list(Account.objects.filter(workspace=workspace, handle__iexact=handle))
    if not matches:
        raise UnknownAccount(key)
    order = {"instagram": 0, "tiktok": 1, "youtube": 2}
    return min(matches, key=lambda a: (order.get(a.platform, 9), a.pk))


def _hashtags_of(workspace: Workspace, account_ids: list[str], recent: int) -> pl.DataFrame:
    """``account_id``, ``tag`` (folded): hashtags of the latest posts of these accounts only."""
    from resonanz.core.content.text import fold

    if not account_ids:
        return pl.DataFrame(schema={"account_id": pl.String, "tag": pl.String})
    tags = "p.hashtags::text" if connection.vendor == "postgresql" else "p.hashtags"
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cur:
        for i in range(0, len(account_ids), 500):  # stay far below parameter limits
            chunk = account_ids[i : i + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cur.execute(
                f"SELECT a.external_id, {tags} FROM posts p "
                "JOIN accounts a ON a.id = p.account_id WHERE p.workspace_id = %s "
                f"AND a.workspace_id = %s AND a.external_id IN ({marks}) "
                "ORDER BY p.posted_at DESC, p.id DESC",
                [workspace.pk, workspace.pk, *chunk],
            )
            rows += cur.fetchall()
    frame = pl.DataFrame(
        rows, schema=["account_id", "tags"], orient="row", infer_schema_length=None
    )
    return (
        frame.with_columns(pl.col("account_id").cast(pl.String))
        .group_by("account_id", maintain_order=True)
        .head(recent)
        .select(
            "account_id",
            pl.col("tags").cast(pl.String).str.json_decode(pl.List(pl.String)).alias("tag"),
        )
        .explode("tag")
        .drop_nulls("tag")
        .with_columns(fold(pl.col("tag")).str.strip_chars_start("#"))
        .unique(maintain_order=True)
    )


def _shared_tags(tags: pl.DataFrame, target: str, idf: dict[str, float], top: int) -> pl.DataFrame:
    """Per account: hashtags it shares with the target, rarest in the workspace first."""
    mine = tags.filter(pl.col("account_id") == target).select("tag").unique()
    rarity = pl.col("tag").replace_strict(idf, default=0.0, return_dtype=pl.Float64)
    return (
        tags.join(mine, on="tag")
        .with_columns(rarity.alias("_idf"))
        .sort(["account_id", "_idf", "tag"], descending=[False, True, False])
        .group_by("account_id", maintain_order=True)
        .agg(pl.col("tag").head(top).alias("shared_hashtags"))
    )


def _follower_overlap(workspace: Workspace, target: Account, min_sample: int) -> pl.DataFrame:
    """Jaccard of follower samples against ``target``, counted in the database."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT a.external_id, COUNT(*) FROM follower_samples f "
            "JOIN accounts a ON a.id = f.account_id WHERE f.workspace_id = %s "
            "GROUP BY a.external_id",
            [workspace.pk],
        )
        sizes = cur.fetchall()
        cur.execute(
            "SELECT a.external_id, COUNT(*) FROM follower_samples f "
            "JOIN follower_samples t ON t.follower_username = f.follower_username "
            "JOIN accounts a ON a.id = f.account_id "
            "WHERE f.workspace_id = %s AND t.workspace_id = %s AND t.account_id = %s "
            "GROUP BY a.external_id",
            [workspace.pk, workspace.pk, target.pk],
        )
        shared = cur.fetchall()
    target_size = next((int(n) for key, n in sizes if key == target.external_id), 0)
    return overlap_from_counts(
        pl.DataFrame(sizes, schema=["account_id", "sample_size"], orient="row"),
        pl.DataFrame(shared, schema=["account_id", "shared_followers"], orient="row"),
        target_size,
        min_sample,
    )


def lookalikes(
    workspace: Workspace,
    account: str,
    *,
    limit: int = 10,
    defaults: DomainDefaults | None = None,
) -> LookalikeResult:
    """Accounts like ``account`` (id or handle): content, audience and follower similarity.

    The creator's own other accounts are left out. Each row explains itself: shared hashtags,
    shared niches, the audience buckets both have as their largest, shared followers.
    """
    from resonanz.ml.content_similarity import content_similarity

    d = defaults or load_defaults()
    s = d.discovery
    target = find_account(workspace, account)
    ensure_search_index(workspace, d)
    content = content_similarity(search_documents(workspace), target.pk)
    similarity = content.similarity
    context = _context(workspace)
    base = context.join(
        sql.read_table("accounts", workspace.pk, ["account_id", "handle", "platform", "followers"]),
        on="account_id",
        how="left",
    )
    ids = dict(Account.objects.filter(workspace=workspace).values_list("external_id", "pk"))
    audience = sql.read_table("audience", workspace.pk)
    tid = target.external_id
    sims = pl.DataFrame(
        {"store_id": list(similarity), "content_similarity": list(similarity.values())},
        schema={"store_id": pl.Int64, "content_similarity": pl.Float64},
    )
    frame = (
        base.with_columns(
            pl.col("account_id")
            .replace_strict(ids, default=None, return_dtype=pl.Int64)
            .alias("store_id")
        )
        .join(sims, on="store_id", how="left")
        .join(
            audience_similarity(audience, tid, s.audience_dimensions), on="account_id", how="left"
        )
        .join(
            _follower_overlap(workspace, target, s.min_follower_overlap_sample),
            on="account_id",
            how="left",
        )
    )
    me = frame.filter(pl.col("account_id") == tid).row(0, named=True)
    my_niches = list(me["niches"] or [])
    my_top = top_buckets(audience, tid, s.audience_dimensions)
    frame = frame.filter(
        (pl.col("account_id") != tid)
        & (pl.col("creator_id").is_null() | (pl.col("creator_id") != (me["creator_id"] or "")))
    )
    frame = (
        frame.with_columns(
            combined_similarity(s.lookalike_weights).alias("similarity"),
            pl.col("niches")
            .list.eval(pl.element().filter(pl.element().is_in(my_niches)))
            .alias("shared_niches"),
        )
        .drop_nulls("similarity")
        .sort(["similarity", "account_id"], descending=[True, False])
        .head(max(0, limit))
    )
    tags = _hashtags_of(workspace, [tid, *frame["account_id"].to_list()], s.recent_posts)
    frame = frame.join(
        _shared_tags(tags, tid, content.idf, s.explain_top), on="account_id", how="left"
    ).with_columns(pl.col("shared_hashtags").fill_null(pl.lit([], dtype=pl.List(pl.String))))
    same: list[list[str]] = []
    for row in frame.iter_rows(named=True):
        theirs = top_buckets(audience, row["account_id"], s.audience_dimensions)
        sim = row["audience_similarity"]
        close = sim is not None and sim >= s.similar_audience
        same.append([f"{k}:{v}" for k, v in my_top.items() if close and theirs.get(k) == v])
    frame = frame.with_columns(pl.Series("same_audience", same, dtype=pl.List(pl.String)))
    target_row = {k: me[k] for k in ("account_id", "handle", "platform", "niches", "city")}
    return LookalikeResult(target_row, frame)

"""Vet many accounts at once: contract-shaped frames in, one flat row per account out.

:func:`vet_frame` is the fast batch path — columnar and vectorised with polars, no Python loop per
account — and returns one row per account with the composite score and every component's score,
confidence, value and evidence as flat columns (:data:`OUTPUT_COLUMNS`).
:func:`reports_from_frame` turns those rows into explained :class:`VettingReport` objects.

"Now" defaults to the latest post or metric date in the data, never the wall clock, so the same
data always gives the same result. Missing optional columns and nulls lower the confidence; they
are never read as 0.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, time
from typing import Any

import polars as pl

from resonanz.core.brief import Brief
from resonanz.core.config import DomainDefaults
from resonanz.core.content.brand_safety import brand_safety_frame, brand_safety_result
from resonanz.core.content.corpus import build_corpus
from resonanz.core.content.fit import content_fit_frame, content_fit_result
from resonanz.core.content.text import Lemmatiser
from resonanz.core.disclosure.component import (
    DISCLOSURE_COLUMNS,
    disclosure_frame,
    disclosure_result,
    fill_missing,
)
from resonanz.core.followers.model import default_model
from resonanz.core.followers.quality import OUTPUT_COLUMNS as FOLLOWER_QUALITY_COLUMNS
from resonanz.core.followers.quality import follower_quality_frame, follower_quality_result
from resonanz.core.frames import naive_utc, select_typed, to_naive_utc
from resonanz.core.parallel import map_in_order
from resonanz.core.tiers import tier_columns
from resonanz.core.vetting.activity import activity_columns, activity_result, post_activity
from resonanz.core.vetting.audience_fit import audience_fit_frame, audience_fit_result
from resonanz.core.vetting.authenticity import (
    AUTHENTICITY_COLUMNS,
    authenticity_frame,
    authenticity_result,
)
from resonanz.core.vetting.comments import OUTPUT_COLUMNS as COMMENT_QUALITY_COLUMNS
from resonanz.core.vetting.comments import comments_component_frame, comments_result
from resonanz.core.vetting.cross_platform import cross_platform_frame, cross_platform_result
from resonanz.core.vetting.engagement import engagement_columns, engagement_result, post_engagement
from resonanz.core.vetting.growth import growth_frame, growth_result
from resonanz.core.vetting.result import VettingReport
from resonanz.core.vetting.score import (
    SCORED_COMPONENTS,
    applies,
    composite_columns,
    tier_result,
)

INPUT_COLUMNS: dict[str, dict[str, Any]] = {
    "accounts": {
        "account_id": pl.String,
        "platform": pl.String,
        "handle": pl.String,
        "followers": pl.Float64,
        "media_count": pl.Float64,
        "is_private": pl.Boolean,
    },
    "posts": {
        "account_id": pl.String,
        "posted_at": pl.Datetime("us"),
        "likes": pl.Float64,
        "comments": pl.Float64,
        "views": pl.Float64,
        "format": pl.String,
    },
    "metrics_daily": {"account_id": pl.String, "date": pl.Date, "followers": pl.Float64},
}
"""The columns vetting reads from each contract table (all others are ignored)."""

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "accounts": ("account_id", "platform"),
    "posts": ("account_id", "posted_at"),
    "metrics_daily": ("account_id", "date"),
}
"""Columns a non-empty input frame must have; every other input column is optional."""

OUTPUT_COLUMNS: tuple[str, ...] = (
    *("account_id", "handle", "platform", "followers", "followers_source", "is_private"),
    *(
        "media_count",
        "tier",
        "tier_lower",
        "tier_upper",
        "score",
        "confidence",
        "rank_score",
        "flags",
    ),
    *("band_set", "benchmark_set", "vetted_at", "tier_score", "tier_confidence", "tier_value"),
    *("engagement_score", "engagement_confidence", "engagement_value", "engagement_posts_used"),
    *("engagement_posts_recent", "engagement_posts_by_views", "engagement_benchmark"),
    *("engagement_benchmark_id", "engagement_benchmark_match", "engagement_ratio"),
    *("engagement_percentile", "engagement_peers"),
    *("activity_score", "activity_confidence", "activity_value", "activity_posts_in_window"),
    *("activity_expected_per_week", "activity_observed_days", "activity_gap_cv"),
    *("activity_days_since_last", "activity_last_post_at", "activity_frequency_score"),
    *("activity_consistency_score", "activity_inactive"),
    *(
        "growth_score",
        "growth_confidence",
        "growth_value",
        "growth_total_pct",
        "growth_observations",
    ),
    *("growth_span_days", "growth_first_date", "growth_last_date", "growth_trend_score"),
    *("growth_n_spikes", "growth_n_drops", "growth_spikes", "growth_drops"),
    *AUTHENTICITY_COLUMNS,
    *FOLLOWER_QUALITY_COLUMNS,
    *COMMENT_QUALITY_COLUMNS[1:],  # without account_id
    *DISCLOSURE_COLUMNS,
)
"""The columns of :func:`vet_frame`'s result, in order (see docs/scoring.md)."""

_COUNTS = ("followers", "media_count", "likes", "comments", "views")


def _convert(name: str, source: Any, target: Any) -> pl.Expr:
    if target == pl.Datetime("us"):
        return to_naive_utc(name, source)
    col = pl.col(name)
    if target == pl.Date:
        if isinstance(source, pl.Datetime):
            return col.dt.date()
        return col.str.to_date(strict=False) if source == pl.String else col.cast(pl.Date)
    col = col.cast(target, strict=False)
    if target == pl.Float64:
        col = col.fill_nan(None)
        col = pl.when(col >= 0).then(col) if name in _COUNTS else col
    return col


def normalise_input(frame: pl.DataFrame | pl.LazyFrame, table: str) -> pl.LazyFrame:
    """The columns vetting reads from ``table``, typed; absent optional columns become null.

    An empty frame without columns stands for "no data"; a missing required column raises
    ``ValueError`` naming it. Times become naive UTC; negative or NaN counts become null.
    """
    spec = INPUT_COLUMNS[table]
    schema = frame.collect_schema()
    if len(schema) == 0:
        return pl.LazyFrame(schema=spec)
    missing = [c for c in REQUIRED_COLUMNS[table] if c not in schema]
    if missing:
        raise ValueError(f"{table}: missing required column(s): {', '.join(missing)}")
    return select_typed(frame, spec, _convert)


def resolve_now(posts: pl.LazyFrame, metrics: pl.LazyFrame) -> datetime:
    """The latest post time or metric date (midnight) in the data; 1970-01-01 if none."""
    latest_post, latest_day = pl.collect_all(
        [posts.select(pl.col("posted_at").max()), metrics.select(pl.col("date").max())]
    )
    candidates = [datetime(1970, 1, 1)]
    if latest_post.item() is not None:
        candidates.append(latest_post.item())
    if latest_day.item() is not None:
        candidates.append(datetime.combine(latest_day.item(), time()))
    return max(candidates)


def _accounts(
    acc: pl.LazyFrame, growth: pl.DataFrame, defaults: DomainDefaults, band_set: str
) -> pl.DataFrame:
    f = pl.col("followers")
    tier, lower, upper = tier_columns(f, pl.col("platform"), defaults.tiers, band_set)
    return (
        acc.join(growth.lazy(), on="_aid", how="left")
        .with_columns(
            followers_source=pl.when(f.is_not_null())
            .then(pl.lit("profile"))
            .when(pl.col("growth_last_followers").is_not_null())
            .then(pl.lit("history")),
            followers=pl.coalesce(f, pl.col("growth_last_followers")),
            handle=pl.coalesce("handle", "account_id"),
        )
        .with_columns(tier=tier, tier_lower=lower, tier_upper=upper)
        .collect()
    )


def by_account_and_time(posts: pl.LazyFrame) -> pl.DataFrame:
    """``posts`` (with ``_aid`` and non-null ``posted_at``) sorted by account, then time.

    Exports usually come in this order, so it is tested first (one pass) and sorted only when
    needed; ties keep their input order. ``_aid`` is flagged as sorted (faster groups).
    """
    frame = posts.collect()
    aid, at = pl.col("_aid"), pl.col("posted_at")
    in_order = (aid > aid.shift(1)) | ((aid == aid.shift(1)) & (at >= at.shift(1)))
    if not frame.select(in_order.fill_null(True).all()).item():
        frame = frame.sort("_aid", "posted_at", maintain_order=True)
    return frame.with_columns(aid.set_sorted())


def metric_components(
    accounts: pl.DataFrame | pl.LazyFrame,
    posts: pl.DataFrame | pl.LazyFrame,
    metrics: pl.DataFrame | pl.LazyFrame,
    defaults: DomainDefaults,
    band_set: str = "default",
    benchmark_set: str = "seeds",
    now: datetime | None = None,
) -> tuple[pl.LazyFrame, datetime]:
    """Tier, engagement, activity and growth per account, lazily, with the "now" they used.

    The components read from counts and dates alone (no texts); :func:`vet_frame` adds the
    others and the composite. Frames may be lazy (Parquet scans): only the columns of
    :data:`INPUT_COLUMNS` are read. The frame keeps the account's input position in ``_aid``.
    """
    defaults.tiers.band_set(band_set)  # fail early on unknown names
    defaults.benchmarks.benchmark_set(benchmark_set)
    acc = (
        normalise_input(accounts, "accounts")
        .filter(pl.col("account_id").is_not_null())
        .unique("account_id", keep="first", maintain_order=True)
        .with_row_index("_aid")
    )
    ids = acc.select("account_id", "_aid")
    p_in, m_in = normalise_input(posts, "posts"), normalise_input(metrics, "metrics_daily")
    now = naive_utc(now) if now is not None else resolve_now(p_in, m_in)
    # keep the input order: metrics usually come sorted by account and date, which makes the
    # growth sort nearly free
    p = p_in.join(ids, on="account_id", maintain_order="left").drop("account_id")
    p = by_account_and_time(p.filter(pl.col("posted_at") <= now)).lazy()
    growth = growth_frame(m_in, now, defaults.growth, ids)
    acc_df = _accounts(acc, growth, defaults, band_set)
    frame = (
        acc_df.lazy()
        .join(post_engagement(p, acc_df.lazy(), defaults.engagement), on="_aid", how="left")
        .join(post_activity(p, now, defaults.activity), on="_aid", how="left")
        .with_columns(
            pl.col(
                "engagement_posts_used", "engagement_posts_recent", "engagement_posts_by_views"
            ).fill_null(0),
            pl.col("activity_posts_in_window", "growth_observations").fill_null(0),
            pl.col("growth_confidence").fill_null(0.0),
        )
    )
    frame = engagement_columns(frame, defaults, band_set, benchmark_set)
    frame = activity_columns(frame, now, defaults.activity)
    frame = frame.with_columns(
        tier_score=pl.lit(None, dtype=pl.Float64),
        tier_confidence=pl.when(pl.col("followers").is_not_null()).then(1.0).otherwise(0.0),
        tier_value=pl.col("tier"),
        band_set=pl.lit(band_set),
        benchmark_set=pl.lit(benchmark_set),
        vetted_at=pl.lit(now, dtype=pl.Datetime("us")),
        followers=pl.col("followers").round().cast(pl.Int64),
        media_count=pl.col("media_count").round().cast(pl.Int64),
    )
    return frame, now


METRIC_COMPONENTS = frozenset({"tier", "engagement", "activity", "growth"})
"""The components :func:`metric_components` computes: from counts and dates alone."""


def metric_vetting(
    accounts: pl.DataFrame | pl.LazyFrame,
    posts: pl.DataFrame | pl.LazyFrame,
    metrics: pl.DataFrame | pl.LazyFrame,
    defaults: DomainDefaults,
    now: datetime | None = None,
) -> pl.DataFrame:
    """The quick vetting from counts and dates: :func:`metric_components` and their composite.

    One row per account with the metric components' columns and ``score``, ``confidence``,
    ``rank_score`` and the flags those components raise — the composite of
    :data:`METRIC_COMPONENTS` alone (the weights of the others are left out, as for a brief
    without an audience target). No texts, comments or follower samples are read.
    """
    frame, _now = metric_components(accounts, posts, metrics, defaults, now=now)
    return composite_columns(frame, defaults, applicable=METRIC_COMPONENTS).collect()


def vet_frame(
    accounts: pl.DataFrame,
    posts: pl.DataFrame,
    metrics: pl.DataFrame,
    defaults: DomainDefaults,
    band_set: str = "default",
    benchmark_set: str = "seeds",
    now: datetime | None = None,
    comments: pl.DataFrame | pl.LazyFrame | None = None,
    follower_samples: pl.DataFrame | None = None,
    audience: pl.DataFrame | None = None,
    brief: Brief | None = None,
    lemmatise: Lemmatiser | None = None,
) -> pl.DataFrame:
    """Vet every account of ``accounts``: one row each, columns :data:`OUTPUT_COLUMNS`.

    ``comments`` (post_id, author, commented_at; a LazyFrame is read only as far as needed)
    feed engagement authenticity and pods, and with ``text`` (or a ``comment_class``) comment
    quality — classified by the core rules, over the comments on each account's recent posts
    (the only comments read); ``follower_samples`` (the contract's columns)
    feed follower quality. Without them those components have no score and confidence 0.
    Ad disclosure checks the captions (and post fields) of each account's latest
    ``disclosure.scoring.recent_posts`` posts. ``audience`` and a ``brief`` feed audience fit and
    content fit (which only count in the score when the brief asks for them); ``lemmatise``
    (e.g. :func:`resonanz.io.text.lemmatiser`) improves German word matching.

    ``posts`` and ``metrics`` (``metrics_daily``) rows of unknown accounts are ignored; frames
    may be empty. ``now`` (naive = UTC) defaults to the latest date in the data.
    """
    frame, now = metric_components(accounts, posts, metrics, defaults, band_set, benchmark_set, now)
    # each account's recent posts, sorted once: authenticity and comment quality read them (and
    # only the comments on them), ad disclosure too when its window is as long
    excluded = defaults.engagement.exclude_formats
    latest = recent_posts(posts, now, defaults.authenticity.recent_posts, excluded)
    comments = _comments_on(comments, latest)
    extra = _audience_components(
        accounts, latest, comments, follower_samples, defaults, band_set, now
    )
    fit = _fit_components(accounts, posts, audience, defaults, brief, lemmatise, now)
    text = _text_components(accounts, posts, comments, defaults, now, latest)
    frame = frame.join(extra.lazy(), on="account_id", how="left")
    frame = frame.join(fit.lazy(), on="account_id", how="left")
    frame = fill_missing(frame.join(text.lazy(), on="account_id", how="left"))
    frame = composite_columns(frame, defaults, applicable=_applicable(brief))
    fit_columns = [c for c in fit.columns if c != "account_id"]
    return frame.sort("_aid").select([*OUTPUT_COLUMNS, *fit_columns]).collect()


def _applicable(brief: Brief | None) -> frozenset[str]:
    """Brief-dependent components count only when the brief asks for them."""
    out = {"engagement", "activity", "growth", "authenticity", "follower_quality", "brand_safety"}
    out |= {"comment_quality", "disclosure"}
    if brief is not None and (brief.niches or brief.keywords):
        out.add("content_fit")
    if brief is not None and brief.target is not None:
        out.add("audience_fit")
    return frozenset(out)


def _fit_components(
    accounts: pl.DataFrame,
    posts: pl.DataFrame,
    audience: pl.DataFrame | None,
    defaults: DomainDefaults,
    brief: Brief | None,
    lemmatise: Lemmatiser | None,
    now: datetime,
) -> pl.DataFrame:
    """Content fit (with partnerships), brand safety, audience fit and cross-platform links."""
    corpus = build_corpus(accounts, posts, defaults, lemmatise=lemmatise, now=now)
    frames = [
        content_fit_frame(corpus, defaults, brief),
        brand_safety_frame(corpus, defaults, brief),
        audience_fit_frame(accounts, audience, defaults, brief),
        cross_platform_frame(accounts, defaults),
    ]
    out = frames[0]
    for f in frames[1:]:
        out = out.join(f, on="account_id", how="full", coalesce=True)
    return out.unique("account_id", keep="first")


def recent_posts(
    posts: pl.DataFrame, now: datetime, n: int, excluded: Sequence[str]
) -> pl.DataFrame:
    """Each account's latest ``n`` posts up to ``now`` (formats in ``excluded`` left out).

    All columns are kept; posts without a time are left out. A frame without ``account_id`` or
    ``posted_at`` is returned empty (no posts to judge).
    """
    if not {"account_id", "posted_at"} <= set(posts.columns):
        return pl.DataFrame()
    at = to_naive_utc("posted_at", posts.schema["posted_at"])
    fmt = pl.col("format").cast(pl.String) if "format" in posts.columns else pl.lit(None, pl.String)
    f = pl.col("_fmt")
    keep = (pl.col("_at") <= now) & (f.is_null() | ~f.is_in(list(excluded)))
    # sort only the keys, then fetch the chosen rows (captions and transcripts are long)
    rows = (
        posts.lazy()
        .select("account_id", _at=at, _fmt=fmt)
        .with_row_index("_row")
        .filter(keep)
        .sort(["account_id", "_at"], descending=[False, True], maintain_order=True)
        .filter(pl.int_range(pl.len()).over("account_id") < n)
        .collect()
        .get_column("_row")
    )
    return posts[rows]


def _comments_on(
    comments: pl.DataFrame | pl.LazyFrame | None, latest: pl.DataFrame
) -> pl.DataFrame | None:
    """The comments on the posts of ``latest`` (the only ones any component reads).

    ``comments`` may be lazy (a Parquet scan, say): then only those comments are read.
    """
    if comments is None:
        return None
    lazy = comments.lazy()
    if "post_id" in lazy.collect_schema().names() and "post_id" in latest.columns:
        ids = latest.get_column("post_id").cast(pl.String, strict=False).drop_nulls().unique()
        lazy = lazy.filter(pl.col("post_id").cast(pl.String, strict=False).is_in(ids.implode()))
    return lazy.collect()


def _text_components(
    accounts: pl.DataFrame,
    posts: pl.DataFrame,
    comments: pl.DataFrame | None,
    defaults: DomainDefaults,
    now: datetime,
    latest: pl.DataFrame,
) -> pl.DataFrame:
    """Comment quality (core rules) and ad disclosure, over each account's recent posts.

    ``latest`` is :func:`recent_posts` of ``posts`` with ``authenticity.recent_posts`` posts.
    """
    excluded = defaults.engagement.exclude_formats
    ids = accounts.select(pl.col("account_id").cast(pl.String)).unique(maintain_order=True)
    ids = ids.filter(pl.col("account_id").is_not_null())
    handles = accounts.select(
        pl.col("account_id").cast(pl.String),
        (pl.col("handle") if "handle" in accounts.columns else pl.lit(None)).cast(pl.String),
    ).unique("account_id", keep="first")
    n_comments, n_ads = defaults.authenticity.recent_posts, defaults.disclosure.scoring.recent_posts
    window = latest
    if (
        comments is None
        or not {"text", "comment_class"} & set(comments.columns)
        or "post_id" not in window.columns
    ):
        comments, window = pl.DataFrame(), pl.DataFrame()
    cq = comments_component_frame(comments, window, defaults, accounts=handles)
    # the same window as for the comments unless configured apart (sorting posts is the hot part)
    window = latest if n_ads == n_comments else recent_posts(posts, now, n_ads, excluded)
    if window.width == 0:
        window = pl.DataFrame(schema={"post_id": pl.String, "account_id": pl.String})
    elif "post_id" not in window.columns:  # the checker names findings by post
        window = window.with_row_index("post_id").with_columns(pl.col("post_id").cast(pl.String))
    window = window.with_columns(pl.col("account_id").cast(pl.String))
    profiles = accounts.with_columns(pl.col("account_id").cast(pl.String)).unique(
        "account_id", keep="first", maintain_order=True
    )
    disc = disclosure_frame(window, profiles, settings=defaults.disclosure)
    out = ids.join(cq, on="account_id", how="left").join(disc, on="account_id", how="left")
    return out.select("account_id", *COMMENT_QUALITY_COLUMNS[1:], *DISCLOSURE_COLUMNS)


def _audience_components(
    accounts: pl.DataFrame,
    posts: pl.DataFrame,
    comments: pl.DataFrame | None,
    follower_samples: pl.DataFrame | None,
    defaults: DomainDefaults,
    band_set: str,
    now: datetime,
) -> pl.DataFrame:
    """Engagement authenticity (posts + comments) and follower quality (follower samples).

    ``posts`` may be the recent posts only: authenticity reads no others.
    """
    auth = authenticity_frame(accounts, posts, comments, defaults, band_set=band_set, now=now)
    auth = auth.select("account_id", *AUTHENTICITY_COLUMNS).unique("account_id", keep="first")
    samples = follower_samples if follower_samples is not None else pl.DataFrame()
    fq = follower_quality_frame(samples, default_model(), defaults, now)
    fq = fq.select("account_id", *FOLLOWER_QUALITY_COLUMNS)
    return auth.join(fq, on="account_id", how="full", coalesce=True)


def report_from_row(
    row: dict[str, Any], defaults: DomainDefaults, brief: Brief | None = None
) -> VettingReport:
    """One explained report from one row of :func:`vet_frame`'s result.

    A component that does not count in this row's composite (brief-dependent ones without a
    brief, ad disclosure without any ad among the checked posts) is shown with weight 0.
    """
    components = (
        tier_result(row, defaults),
        engagement_result(row, defaults),
        activity_result(row, defaults),
        growth_result(row, defaults),
        authenticity_result(row, defaults),
        comments_result(row, defaults),
        follower_quality_result(row, defaults),
        content_fit_result(row, defaults, brief),
        brand_safety_result(row, defaults, brief),
        disclosure_result(row, defaults),
        audience_fit_result(row, defaults, brief),
        cross_platform_result(row, defaults, brief),
    )
    applicable = _applicable(brief)
    counted = tuple(
        c
        if c.key not in SCORED_COMPONENTS or applies(c.key, row, applicable)
        else c.model_copy(update={"weight": 0.0})  # shown, but it does not count here
        for c in components
    )
    return VettingReport(
        account_id=row["account_id"],
        handle=row["handle"],
        platform=row["platform"],
        followers=row["followers"],
        tier=row["tier"],
        score=row["score"],
        confidence=row["confidence"],
        rank_score=row["rank_score"],
        components=counted,
        flags=tuple(row["flags"] or ()),
    )


def reports_from_frame(
    frame: pl.DataFrame, defaults: DomainDefaults, brief: Brief | None = None
) -> Iterator[VettingReport]:
    """Explained reports (components, weights, evidence, reasons) for the rows of ``frame``."""
    for row in frame.iter_rows(named=True):
        yield report_from_row(row, defaults, brief)


REPORTS_PARALLEL_MIN = 5_000
"""From this many rows, :func:`report_data` builds the reports in worker processes."""


def _report_chunk(
    frame: pl.DataFrame, defaults: DomainDefaults, brief: Brief | None
) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") for r in reports_from_frame(frame, defaults, brief)]


def report_data(
    frame: pl.DataFrame,
    defaults: DomainDefaults,
    brief: Brief | None = None,
    *,
    chunk: int = 2_000,
    workers: int | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """The explained reports of ``frame``'s rows as JSON data (``VettingReport`` dumped), in
    chunks of ``chunk`` rows, in row order.

    Building a report is Python per account (about a millisecond with its dump); from
    :data:`REPORTS_PARALLEL_MIN` rows the chunks are built by ``workers`` processes
    (:func:`resonanz.core.parallel.map_in_order`).
    """
    chunks = [frame.slice(start, chunk) for start in range(0, frame.height, chunk)]
    if frame.height < REPORTS_PARALLEL_MIN:
        workers = 1
    return map_in_order(_report_chunk, chunks, defaults, brief, workers=workers)

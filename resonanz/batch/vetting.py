"""Vet a directory of contract Parquet files in one batch (the fast path for big stores).

Reads ``accounts.parquet`` and, when present, ``posts``, ``metrics_daily``, ``comments``,
``follower_samples`` and ``audience`` lazily — only the columns vetting uses
(:data:`resonanz.core.vetting.pipeline.INPUT_COLUMNS` plus :data:`EXTRA_COLUMNS`) — and runs
:func:`resonanz.core.vetting.pipeline.vet_frame` with every component: comment quality (core rules
on the comment texts), ad disclosure, follower quality, pods, fit. A missing file means "no data"
(lower confidence), a missing ``accounts.parquet`` is an error.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl

from resonanz.core.brief import Brief
from resonanz.core.config import DomainDefaults, load_defaults
from resonanz.core.vetting.pipeline import INPUT_COLUMNS, vet_frame
from resonanz.io.text import lemmatiser

FILES: dict[str, str] = {
    "accounts": "accounts.parquet",
    "posts": "posts.parquet",
    "metrics_daily": "metrics_daily.parquet",
    "comments": "comments.parquet",
    "follower_samples": "follower_samples.parquet",
    "audience": "audience.parquet",
}
# columns read beyond the pipeline's own INPUT_COLUMNS: post ids (authenticity, comment quality),
# captions and post fields (content fit, ad disclosure), comment texts (comment quality)
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "posts": (
        "post_id",
        "comments",
        "saves",
        "format",
        "caption",
        "hashtags",
        "mentions",
        "links",
        "discount_codes",
        "has_platform_paid_label",
        "on_screen_text",
        "transcript",
    ),
    "accounts": ("creator_id", "display_name", "bio", "external_url", "country"),
    "audience": ("account_id", "dimension", "bucket", "share"),
    "comments": ("post_id", "author", "commented_at", "text", "comment_class"),
    "follower_samples": (
        "account_id",
        "follower_username",
        "followers",
        "following",
        "posts",
        "has_profile_pic",
        "is_private",
        "bio_length",
        "has_external_url",
        "last_post_at",
    ),
}


def scan_table(directory: Path, table: str) -> pl.LazyFrame:
    """The columns vetting needs from one table's Parquet file, lazily; empty if absent."""
    path = Path(directory) / FILES[table]
    if not path.exists():
        if table == "accounts":
            raise FileNotFoundError(f"{path}: accounts.parquet is required")
        return pl.LazyFrame()
    scan = pl.scan_parquet(path)
    present = scan.collect_schema().names()
    wanted = [*INPUT_COLUMNS.get(table, {}), *EXTRA_COLUMNS.get(table, ())]
    return scan.select([c for c in dict.fromkeys(wanted) if c in present])


def read_table(directory: Path, table: str) -> pl.DataFrame:
    """The columns vetting needs from one table's Parquet file; an empty frame if absent."""
    return scan_table(directory, table).collect()


def vet_parquet(
    directory: Path,
    defaults: DomainDefaults | None = None,
    band_set: str = "default",
    benchmark_set: str = "seeds",
    now: datetime | None = None,
    brief: Brief | None = None,
) -> pl.DataFrame:
    """Vet every account in ``directory``'s Parquet files; one row per account.

    With a ``brief``, content fit and audience fit are scored against it.
    """
    return vet_frame(
        read_table(directory, "accounts"),
        read_table(directory, "posts"),
        read_table(directory, "metrics_daily"),
        defaults if defaults is not None else load_defaults(),
        band_set=band_set,
        benchmark_set=benchmark_set,
        now=now,
        # lazily: only the comments on each account's recent posts are read
        comments=scan_table(directory, "comments"),
        follower_samples=read_table(directory, "follower_samples"),
        audience=read_table(directory, "audience"),
        brief=brief,
        lemmatise=lemmatiser(),
    )

"""The store's services: the only door between interfaces (CLI, web, API) and the core.

Each function maps store rows to contracts (Arrow/Polars frames, pydantic reports), calls the
core and stores what the core computed. No domain rules live here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from resonanz.core.brief import Brief
from resonanz.core.config import DomainDefaults, load_defaults
from resonanz.core.contracts import ALL_TABLE_MODELS
from resonanz.core.vetting.result import VettingReport
from resonanz.web.store import sql
from resonanz.web.store.models import (
    Account,
    QuarantinedRow,
    VettingReportBlob,
    VettingResult,
    Workspace,
)

_POST_COLUMNS = ["post_id", "account_id", "posted_at", "format", "likes", "comments", "views"]
_POST_COLUMNS += ["shares", "saves", "reach"]


class UnknownWorkspace(LookupError):
    """The named workspace does not exist."""


def open_store() -> None:
    """Create or upgrade the store's tables (fast when they are up to date)."""
    call_command("migrate", verbosity=0, interactive=False)


def get_workspace(name: str, create: bool = False) -> Workspace:
    """The workspace of that name; created on demand when ``create``."""
    if create:
        return Workspace.objects.get_or_create(name=name)[0]
    try:
        return Workspace.objects.get(name=name)
    except Workspace.DoesNotExist as exc:
        raise UnknownWorkspace(name) from exc


def status(workspace: Workspace) -> dict[str, object]:
    """Row counts per table, quarantined rows and vetted accounts of a workspace."""
    counts: dict[str, int] = {}
    with connection.cursor() as cur:
        for table in ALL_TABLE_MODELS:
            cur.execute(f"SELECT COUNT(*) FROM {table} WHERE workspace_id = %s", [workspace.pk])
            counts[table] = int(cur.fetchone()[0])
    counts["quarantined"] = QuarantinedRow.objects.filter(workspace=workspace).count()
    counts["vetted"] = VettingResult.objects.filter(workspace=workspace).count()
    return {"workspace": workspace.name, "counts": counts}


@dataclass(frozen=True)
class VetOutcome:
    """The vetting of a workspace: one row per account, plus the explained reports."""

    frame: pl.DataFrame
    defaults: DomainDefaults
    brief: Brief | None = None

    def report_data(self) -> Iterator[list[dict[str, Any]]]:
        """The reports as JSON data, in chunks in row order (large frames: worker processes)."""
        from resonanz.core.vetting import pipeline

        return pipeline.report_data(self.frame, self.defaults, self.brief)


def load_frames(workspace: Workspace) -> dict[str, pl.DataFrame]:
    """The tables vetting reads, of one workspace, as the core wants them."""
    return {
        "accounts": sql.read_table("accounts", workspace.pk),
        "posts": sql.read_table("posts", workspace.pk),
        # vetting reads only these of the daily metrics (a quarter less to read)
        "metrics": sql.read_table(
            "metrics_daily", workspace.pk, ["account_id", "date", "followers"]
        ),
        "comments": sql.read_table(
            "comments", workspace.pk, ["post_id", "author", "commented_at", "text"]
        ),
        "follower_samples": sql.read_table("follower_samples", workspace.pk),
        "audience": sql.read_table("audience", workspace.pk),
    }


def vet_workspace(
    workspace: Workspace,
    *,
    band_set: str = "default",
    benchmark_set: str = "seeds",
    defaults_file: Path | None = None,
    brief: Brief | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> VetOutcome:
    """Vet every account of the workspace and store the results.

    With a ``brief``, content fit and audience fit count in the score (and competitors, brand
    safety's excluded keywords); without one they are shown with weight 0.
    """
    defaults = load_defaults(defaults_file)
    frame = vet_in_memory(
        workspace, defaults, brief=brief, band_set=band_set, benchmark_set=benchmark_set
    )
    outcome = VetOutcome(frame, defaults, brief)
    store_results(workspace, outcome, progress)
    return outcome


def vet_in_memory(
    workspace: Workspace,
    defaults: DomainDefaults,
    *,
    brief: Brief | None = None,
    band_set: str = "default",
    benchmark_set: str = "seeds",
) -> pl.DataFrame:
    """The vetting frame of every account of the workspace, computed but not stored."""
    from resonanz.core.vetting import pipeline
    from resonanz.io.text import lemmatiser

    f = load_frames(workspace)
    return pipeline.vet_frame(
        f["accounts"],
        f["posts"],
        f["metrics"],
        defaults,
        band_set=band_set,
        benchmark_set=benchmark_set,
        comments=f["comments"],
        follower_samples=f["follower_samples"],
        audience=f["audience"],
        brief=brief,
        lemmatise=lemmatiser(),
    )


def ranking_columns(report: dict[str, Any]) -> dict[str, Any]:
    """What the lists filter and sort on, taken from a report (stored beside it as columns):
    the engagement component's value and every component's ``[key, score]`` in order."""
    components = report.get("components") or []
    engagement: dict[str, Any] = next((c for c in components if c.get("key") == "engagement"), {})
    value = engagement.get("value")
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return {
        "engagement_rate": float(value) if number and value is not None else None,
        "components": [[c.get("key"), c.get("score")] for c in components],
    }


def store_results(
    workspace: Workspace, outcome: VetOutcome, progress: Callable[[int, int], None] | None
) -> None:
    """Replace the workspace's stored vetting results and reports by these (one transaction)."""
    ids = dict(Account.objects.filter(workspace=workspace).values_list("external_id", "pk"))
    now = timezone.now()
    total, done = outcome.frame.height, 0
    with transaction.atomic():
        VettingReportBlob.objects.filter(workspace=workspace).delete()
        VettingResult.objects.filter(workspace=workspace).delete()
        for chunk in outcome.report_data():
            rows: list[VettingResult] = []
            blobs: list[VettingReportBlob] = []
            for data in chunk:
                account_id = ids[data["account_id"]]
                rows.append(
                    VettingResult(
                        workspace=workspace,
                        account_id=account_id,
                        score=data["score"],
                        confidence=data["confidence"],
                        rank_score=data["rank_score"],
                        tier=data["tier"],
                        flags=list(data["flags"]),
                        computed_at=now,
                        **ranking_columns(data),
                    )
                )
                blobs.append(
                    VettingReportBlob(workspace=workspace, account_id=account_id, report=data)
                )
            VettingResult.objects.bulk_create(rows)
            VettingReportBlob.objects.bulk_create(blobs)
            done += len(chunk)
            if progress:
                progress(done, total)


def stored_report(account_id: int) -> dict[str, Any] | None:
    """The stored report of one account (by the store's id), as ``resonanz vet --json`` has it."""
    found = VettingReportBlob.objects.filter(account_id=account_id).values_list("report", flat=True)
    return next(iter(found), None)


def _ranked_results(workspace: Workspace, accounts: list[str] | None) -> Any:
    """The workspace's vetting results, best first (by rank score: the score weighed by
    confidence), optionally only those of ``accounts`` (external ids)."""
    qs = VettingResult.objects.filter(workspace=workspace).order_by(
        F("rank_score").desc(nulls_last=True), "account_id"
    )
    return qs.filter(account__external_id__in=accounts) if accounts else qs


def stored_reports(
    workspace: Workspace, accounts: list[str] | None = None, limit: int | None = None
) -> list[VettingReport]:
    """The stored vetting reports, best first; the first ``limit`` only when given."""
    qs = _ranked_results(workspace, accounts)
    if limit is not None:
        qs = qs[: max(limit, 0)]
    return [
        VettingReport.model_validate(r)
        for r in qs.values_list("account__vetting_report__report", flat=True)
        if r is not None
    ]


def stored_report_data(
    workspace: Workspace, accounts: list[str] | None = None
) -> list[dict[str, Any]]:
    """The stored vetting reports as their JSON data (``VettingReport`` dumped), best first.

    For output only: the data were written from validated reports, so reading them back skips
    the validation :func:`stored_reports` does (most of its time on large workspaces).
    """
    rows = _ranked_results(workspace, accounts).values_list(
        "account__vetting_report__report", flat=True
    )
    return [r for r in rows if r is not None]


def vetted_ids(workspace: Workspace, accounts: list[str]) -> set[str]:
    """Which of ``accounts`` (external ids) have stored vetting results."""
    rows = _ranked_results(workspace, accounts).values_list("account__external_id", flat=True)
    return set(rows)


def count_results(workspace: Workspace, accounts: list[str] | None = None) -> int:
    """How many accounts of the workspace (or of ``accounts``) have stored vetting results."""
    return int(_ranked_results(workspace, accounts).count())


def account_context(workspace: Workspace) -> pl.DataFrame:
    """Per account: creator name, city and niches (for tables and the report)."""
    accounts = sql.read_table("accounts", workspace.pk, ["account_id", "creator_id", "platform"])
    creators = sql.read_table("creators", workspace.pk, ["creator_id", "name", "city", "niches"])
    return accounts.join(creators, on="creator_id", how="left")


def chart_series(workspace: Workspace) -> Callable[[str], tuple[pl.DataFrame, pl.DataFrame]]:
    """A function giving (posts, metrics) of one account for charts, read once for all."""
    posts = sql.read_table("posts", workspace.pk, _POST_COLUMNS).sort("posted_at")
    metrics = sql.read_table("metrics_daily", workspace.pk).sort("date")
    followers = sql.read_table("accounts", workspace.pk, ["account_id", "followers", "platform"])
    posts = posts.join(followers, on="account_id", how="left").with_columns(
        engagement_rate=pl.when(pl.col("followers") > 0).then(
            (pl.col("likes") + pl.col("comments")) / pl.col("followers")
        )
    )
    by_post = posts.partition_by("account_id", as_dict=True)
    by_metric = metrics.partition_by("account_id", as_dict=True)
    empty_p, empty_m = posts.clear(), metrics.clear()

    def series(account_id: str) -> tuple[pl.DataFrame, pl.DataFrame]:
        return by_post.get((account_id,), empty_p), by_metric.get((account_id,), empty_m)

    return series


def latest_vetting_time(workspace: Workspace) -> datetime | None:
    """When the workspace was last vetted."""
    row = VettingResult.objects.filter(workspace=workspace).order_by("-computed_at").first()
    return row.computed_at if row else None


def export_workspace(workspace: Workspace, out_dir: Path, fmt: str = "csv") -> dict[str, Path]:
    """Write every table of the workspace in the contract's shape (re-importable as is)."""
    from resonanz.core.contracts import arrow_schema
    from resonanz.io.writers import write_table

    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for table in ALL_TABLE_MODELS:
        frame = sql.read_table(table, workspace.pk)
        arrow = frame.to_arrow().cast(arrow_schema(table))
        written[table] = write_table(out_dir / f"{table}.{fmt}", arrow, fmt)
    return written


def workspace_audiences(workspace: Workspace, account_ids: list[str]) -> dict[str, Any]:
    """Audiences (follower samples, follower counts) of these accounts (resonanz/ml/overlap.py)."""
    from resonanz.ml.overlap import audiences

    ids = [str(a) for a in account_ids]
    accounts = sql.read_table("accounts", workspace.pk, ["account_id", "handle", "followers"])
    accounts = accounts.with_columns(pl.col("account_id").cast(pl.String)).filter(
        pl.col("account_id").is_in(ids)
    )
    samples = sql.read_table("follower_samples", workspace.pk, ["account_id", "follower_username"])
    samples = samples.with_columns(pl.col("account_id").cast(pl.String)).filter(
        pl.col("account_id").is_in(ids)
    )
    return audiences(samples, accounts)


def dedup_reach_json(workspace: Workspace, account_ids: list[str], defaults: Any) -> dict[str, Any]:
    """Deduplicated follower reach of a set of accounts with its error, as ``plan --json``."""
    from resonanz.ml.overlap import dedup_reach, reach_json

    ids = [str(a) for a in account_ids]
    auds = workspace_audiences(workspace, ids)
    return reach_json(dedup_reach([auds[i] for i in ids if i in auds], defaults.planner.overlap))

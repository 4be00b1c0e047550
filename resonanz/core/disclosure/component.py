"""The vetting component ``disclosure``: does the creator label their ads?

Per account, over its checked posts (:func:`~resonanz.core.disclosure.batch.check_posts`):

* *commercial* posts are those that need a label (a label-requiring consideration, or a strong
  commercial signal such as a code, a shop or affiliate link, a brand in a product context);
* each commercial post earns points by its verdict (``[disclosure.scoring] points``: ok 1,
  warn 0.7, review 0.5, error 0); score = 100 × mean points; value = share of commercial posts
  properly disclosed (verdict ok or warn);
* confidence = commercial posts ÷ ``full_confidence_posts`` (5), at most 1;
* no commercial post → score None with a reason (nothing to judge is not a good mark), and no
  posts at all → score None, confidence 0.

Evidence keeps the worst findings with the offending text, so a report can quote it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from resonanz.core.config import DomainDefaults
from resonanz.core.disclosure.batch import check_posts
from resonanz.core.disclosure.models import UNDISCLOSED_CODES
from resonanz.core.disclosure.settings import DisclosureSettings
from resonanz.core.vetting.result import ComponentResult, Reason

KEY = "disclosure"
FLAG = "undisclosed_ads"
_RANK = {"ok": 0, "warn": 1, "review": 2, "error": 3}
FINDING_STRUCT = pl.Struct(
    {
        "post_id": pl.String,
        "rule": pl.String,
        "severity": pl.String,
        "text": pl.String,
        "position": pl.Int64,
        "code": pl.String,
    }
)


_EVIDENCE_KEYS: tuple[str, ...] = (
    "posts_checked",
    "commercial_posts",
    "disclosed_posts",
    "undisclosed_posts",
    "error_posts",
    "warn_posts",
    "review_posts",
    "unclear_posts",
    "profile",
)
"""Per-account counts shown as evidence (columns ``disclosure_<key>``)."""

DISCLOSURE_COLUMNS: tuple[str, ...] = tuple(
    f"{KEY}_{name}" for name in ("score", "confidence", "value", *_EVIDENCE_KEYS, "findings")
)
"""The columns of :func:`disclosure_frame` besides ``account_id``, in order."""

_COUNT_COLUMNS = tuple(c for c in DISCLOSURE_COLUMNS if c.endswith("_posts"))


def disclosure_frame(
    posts: pl.DataFrame,
    accounts: pl.DataFrame | None = None,
    *,
    settings: DisclosureSettings,
    profile: str | None = None,
) -> pl.DataFrame:
    """One row per ``account_id`` of ``posts`` with the ``disclosure_*`` columns.

    ``posts`` are contract posts (``post_id``, ``account_id``, ``caption`` and whichever of
    ``format``, ``mentions``, ``links``, ``discount_codes``, ``has_platform_paid_label``,
    ``on_screen_text``, ``transcript`` exist); ``accounts`` adds ``platform``, ``handle`` and
    ``country`` (the audience country when no ``audience_country`` column is given).
    Columns: ``disclosure_score``, ``_confidence``, ``_value``, ``_posts_checked``,
    ``_commercial_posts``, ``_disclosed_posts``, ``_undisclosed_posts``, ``_error_posts``,
    ``_warn_posts``, ``_review_posts``, ``_unclear_posts``, ``_profile``, ``_findings``.
    """
    checked = check_posts(posts, accounts, profile=profile, settings=settings)
    frame = disclosure_columns(checked, settings, profile or settings.default_profile)
    return frame.select("account_id", *DISCLOSURE_COLUMNS)


def fill_missing(frame: pl.LazyFrame) -> pl.LazyFrame:
    """After a left join: accounts without checked posts get 0 counts and confidence 0."""
    return frame.with_columns(
        pl.col(*_COUNT_COLUMNS).fill_null(0),
        pl.col(f"{KEY}_confidence").fill_null(0.0),
        pl.col(f"{KEY}_findings").fill_null(pl.lit([], dtype=pl.List(FINDING_STRUCT))),
    )


def disclosure_columns(
    checked: pl.DataFrame, settings: DisclosureSettings, profile: str
) -> pl.DataFrame:
    """Aggregate per-post verdicts (the output of ``check_posts``) to one row per account."""
    sc = settings.scoring
    if "post_id" not in checked.columns:
        checked = checked.with_row_index("post_id").with_columns(pl.col("post_id").cast(pl.String))
    verdict, req = pl.col("disclosure_verdict"), pl.col("disclosure_requirement")
    commercial = req == "required"
    points = verdict.replace_strict(sc.points, default=0.0, return_dtype=pl.Float64)
    per_account = checked.group_by("account_id").agg(
        disclosure_posts_checked=pl.len().cast(pl.Int64),
        disclosure_commercial_posts=commercial.sum().cast(pl.Int64),
        disclosure_disclosed_posts=(commercial & verdict.is_in(["ok", "warn"]))
        .sum()
        .cast(pl.Int64),
        disclosure_undisclosed_posts=(commercial & pl.col("disclosure_undisclosed"))
        .sum()
        .cast(pl.Int64),
        disclosure_error_posts=(commercial & (verdict == "error")).sum().cast(pl.Int64),
        disclosure_warn_posts=(verdict == "warn").sum().cast(pl.Int64),
        disclosure_review_posts=(verdict == "review").sum().cast(pl.Int64),
        disclosure_unclear_posts=((req == "unclear") & (verdict != "ok")).sum().cast(pl.Int64),
        _points=points.filter(commercial).mean(),
    )
    n = pl.col("disclosure_commercial_posts")
    per_account = per_account.with_columns(
        disclosure_score=pl.when(n > 0).then(100.0 * pl.col("_points")),
        disclosure_value=pl.when(n > 0).then(pl.col("disclosure_disclosed_posts") / n),
        disclosure_confidence=pl.when(n > 0)
        .then((n / sc.full_confidence_posts).clip(0.0, 1.0))
        .otherwise(0.0),
        disclosure_profile=pl.lit(profile),
    ).drop("_points")
    return per_account.join(_findings(checked, sc.worst_findings), on="account_id", how="left")


def _findings(checked: pl.DataFrame, k: int) -> pl.DataFrame:
    """The ``k`` worst findings per account (severity, then rule order), offending text kept."""
    rows = (
        checked.select("account_id", pl.col("post_id").cast(pl.String), "disclosure_rules")
        .explode("disclosure_rules")
        .drop_nulls("disclosure_rules")
        .unnest("disclosure_rules")
        .filter(pl.col("severity") != "ok")
    )
    if rows.is_empty():
        return (
            checked.select("account_id")
            .unique()
            .with_columns(disclosure_findings=pl.lit([], dtype=pl.List(FINDING_STRUCT)))
        )
    rank = pl.col("severity").replace_strict(_RANK, default=0, return_dtype=pl.Int64)
    order = pl.col("id").str.slice(1).cast(pl.Int64)
    top = (
        rows.with_columns(_rank=rank, _order=order)
        .sort(["account_id", "_rank", "_order", "post_id"], descending=[False, True, False, False])
        .group_by("account_id", maintain_order=True)
        .head(k)
        .select(
            "account_id",
            pl.struct(
                "post_id", pl.col("id").alias("rule"), "severity", "text", "position", "code"
            ).alias("f"),
        )
        .group_by("account_id", maintain_order=True)
        .agg(disclosure_findings=pl.col("f"))
    )
    return top


def _example(findings: list[dict[str, Any]], pred: Any) -> dict[str, Any] | None:
    return next((f for f in findings if pred(f)), None)


def _reasons(row: Mapping[str, Any], few: int) -> list[Reason]:
    checked = row.get("disclosure_posts_checked") or 0
    n = row.get("disclosure_commercial_posts") or 0
    if checked == 0:
        return [Reason(code="disc_no_posts", severity="info")]
    findings = list(row.get("disclosure_findings") or [])
    out: list[Reason] = []
    if n == 0:
        out.append(Reason(code="disc_no_commercial", params={"n": checked}))
    elif row["disclosure_disclosed_posts"] == n and not row.get("disclosure_error_posts"):
        out.append(Reason(code="disc_all_disclosed", params={"n": n}, severity="good"))
    else:
        share = row["disclosure_value"]
        out.append(Reason(code="disc_share", params={"share": share, "n": n}, severity="warn"))
    undisclosed = row.get("disclosure_undisclosed_posts") or 0
    first = _example(
        findings, lambda f: f["code"] in UNDISCLOSED_CODES and f["severity"] == "error"
    )
    if undisclosed and first:
        params = {"n": undisclosed, "text": first["text"], "post": first["post_id"]}
        out.append(Reason(code="disc_undisclosed", params=params, severity="alert"))
    other = (row.get("disclosure_error_posts") or 0) - undisclosed
    bad = _example(
        findings, lambda f: f["severity"] == "error" and f["code"] not in UNDISCLOSED_CODES
    )
    if other > 0 and bad:
        params = {"n": other, "text": bad["text"], "post": bad["post_id"], "rule": bad["rule"]}
        out.append(Reason(code="disc_insufficient", params=params, severity="warn"))
    warn = _example(findings, lambda f: f["severity"] == "warn")
    if row.get("disclosure_warn_posts") and warn:
        params = {"n": row["disclosure_warn_posts"], "rule": warn["rule"]}
        out.append(Reason(code="disc_warnings", params=params))
    if row.get("disclosure_review_posts"):
        out.append(Reason(code="disc_review", params={"n": row["disclosure_review_posts"]}))
    if 0 < n < few:  # one or two ads say little about a habit
        out.append(Reason(code="disc_few_commercial", params={"n": n}))
    return out


def disclosure_flags(row: Mapping[str, Any]) -> tuple[str, ...]:
    """``("undisclosed_ads",)`` when a sponsored post carries no disclosure at all."""
    return (FLAG,) if (row.get("disclosure_undisclosed_posts") or 0) > 0 else ()


def disclosure_result(row: Mapping[str, Any], defaults: DomainDefaults) -> ComponentResult:
    """The explained ``disclosure`` component of one account row of :func:`disclosure_frame`."""
    score = row.get("disclosure_score")
    evidence: dict[str, Any] = {k: row.get(f"disclosure_{k}") for k in _EVIDENCE_KEYS}
    evidence["findings"] = [dict(f) for f in (row.get("disclosure_findings") or [])]
    return ComponentResult(
        key=KEY,
        score=None if score is None else float(score),
        confidence=float(row.get("disclosure_confidence") or 0.0),
        weight=defaults.composite.weights.get(KEY, 0.0),
        value=row.get("disclosure_value"),
        evidence=evidence,
        reasons=tuple(_reasons(row, defaults.disclosure.scoring.few_posts)),
    )

"""One row of the authenticity frame explained: evidence and reasons (codes in core.messages)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resonanz.core.config import AuthenticitySettings, DomainDefaults
from resonanz.core.vetting.authenticity.frame import KEY
from resonanz.core.vetting.result import ComponentResult, Reason


def _num(row: Mapping[str, Any], key: str) -> float | None:
    value = row.get(f"{KEY}_{key}")
    return None if value is None else float(value)


def _int(row: Mapping[str, Any], key: str) -> int:
    return int(row.get(f"{KEY}_{key}") or 0)


def _data_reasons(row: Mapping[str, Any], s: AuthenticitySettings) -> list[Reason]:
    recent, measured = _int(row, "posts_recent"), _int(row, "posts_measured")
    out = []
    if recent == 0:
        out.append(Reason(code="auth_no_posts", severity="warn"))
    elif measured == 0:
        params = {"n": recent, "hours": s.min_post_age_hours}
        out.append(Reason(code="auth_no_counts", params=params, severity="warn"))
    elif measured < s.min_posts_full_confidence:
        params = {"n": measured, "wanted": s.min_posts_full_confidence}
        out.append(Reason(code="auth_few_posts", params=params, severity="warn"))
    comment_posts = _int(row, "comment_posts")
    if comment_posts == 0:
        out.append(Reason(code="auth_no_comment_data", severity="warn"))
    elif comment_posts < s.pod_min_posts:
        params = {"n": comment_posts, "wanted": s.pod_min_posts}
        out.append(Reason(code="auth_few_comment_posts", params=params, severity="warn"))
    elif not row.get(f"{KEY}_comment_times_known"):
        out.append(Reason(code="auth_comment_times_unknown", severity="warn"))
    return out


def _norm_params(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "ratio": _num(row, "value"),
        "low": _num(row, "norm_low"),
        "high": _num(row, "norm_high"),
        "source": row.get(f"{KEY}_norm_source"),
        "platform": row.get("platform"),
    }


def _ratio_reason(row: Mapping[str, Any]) -> Reason:
    params = _norm_params(row)
    if _num(row, "comments_total") == 0:
        severity = "warn" if row.get(f"{KEY}_ratio_high") else "info"
        params = {"likes": _num(row, "likes_total"), "n": _int(row, "posts_measured")}
        return Reason(code="auth_no_comments", params=params, severity=severity)
    if row.get(f"{KEY}_ratio_high"):
        return Reason(code="auth_ratio_high", params=params, severity="warn")
    if row.get(f"{KEY}_ratio_low"):
        return Reason(code="auth_ratio_low", params=params, severity="warn")
    if params["high"] is None:
        return Reason(code="auth_ratio_no_norm", params=params)
    ratio = params["ratio"]
    if params["low"] <= ratio <= params["high"]:
        return Reason(code="auth_ratio_in_line", params=params, severity="good")
    return Reason(code="auth_ratio_outside_norm", params=params)


def _ratio_reasons(row: Mapping[str, Any]) -> list[Reason]:
    out = [_ratio_reason(row)]
    peers, pct = _int(row, "peers"), _num(row, "percentile")
    if pct is not None and peers >= 2 and row.get("tier") is not None:
        params = {"percentile": pct, "peers": peers, "platform": row.get("platform")}
        out.append(Reason(code="auth_ratio_percentile", params={**params, "tier": row["tier"]}))
    return out


def _post_reasons(row: Mapping[str, Any], s: AuthenticitySettings) -> list[Reason]:
    measured, bought = _int(row, "posts_measured"), _int(row, "bought_posts")
    out = []
    params = {
        "n": bought,
        "total": measured,
        "factor": s.bought_post_factor,
        "own_ratio": _num(row, "own_ratio"),
    }
    if row.get(f"{KEY}_bought_likes"):
        out.append(Reason(code="auth_bought_likes", params=params, severity="alert"))
    elif bought:
        out.append(Reason(code="auth_bought_likes_few", params=params))
    cv = _num(row, "robust_cv")
    if cv is not None:
        params = {"cv": cv, "outliers": _int(row, "outlier_posts"), "n": measured}
        if row.get(f"{KEY}_erratic"):
            out.append(Reason(code="auth_erratic", params=params, severity="warn"))
        else:
            out.append(Reason(code="auth_steady", params=params, severity="good"))
    return out


def _pod_reasons(row: Mapping[str, Any], s: AuthenticitySettings) -> list[Reason]:
    fast = _int(row, "fast_commenters")
    if row.get(f"{KEY}_pod"):
        params = {
            "size": _int(row, "pod_size"),
            "members": ", ".join(
                f"@{m}" for m in row.get(f"{KEY}_pod_members") or () if m != row.get("handle")
            ),
            "share": _num(row, "pod_share"),
            "delay": _num(row, "pod_delay_min"),
        }
        return [Reason(code="auth_pod", params=params, severity="alert")]
    rule = {"share": s.pod_min_share, "minutes": s.pod_fast_minutes}
    if row.get(f"{KEY}_group"):
        params = {**rule, "n": fast, "in_store": _int(row, "fast_commenters_in_store")}
        return [Reason(code="auth_commenter_group", params=params, severity="warn")]
    if _int(row, "comment_posts") < s.pod_min_posts:
        return []
    if fast:
        return [Reason(code="auth_regular_fans", params={**rule, "n": fast})]
    params = {"n": _int(row, "comment_posts")}
    return [Reason(code="auth_no_pod", params=params, severity="good")]


def _evidence(row: Mapping[str, Any]) -> dict[str, Any]:
    keys = (
        *("posts_recent", "posts_measured", "likes_total", "comments_total", "norm_low"),
        *("norm_high", "norm_source", "percentile", "peers", "own_ratio", "bought_posts"),
        *("bought_share", "interactions_median", "robust_cv", "outlier_posts"),
        *("comment_posts", "comment_times_known", "fast_commenters", "fast_commenters_in_store"),
        *("reciprocal", "pod_id", "pod_size", "pod_share", "pod_delay_min", "pod_density"),
    )
    evidence = {k: row.get(f"{KEY}_{k}") for k in keys}
    evidence["like_comment_ratio"] = _num(row, "value")
    evidence["bought_post_ids"] = list(row.get(f"{KEY}_bought_post_ids") or ())
    evidence["pod_members"] = list(row.get(f"{KEY}_pod_members") or ())
    evidence["pod_edges"] = [dict(e) for e in row.get(f"{KEY}_pod_edges") or ()]
    evidence["findings"] = list(row.get(f"{KEY}_flags") or ())
    return evidence


def authenticity_result(row: Mapping[str, Any], defaults: DomainDefaults) -> ComponentResult:
    """The explained authenticity component of one row (authenticity frame or ``vet_frame``).

    ``row`` needs ``platform, tier`` and the ``authenticity_*`` columns. The value is the
    like:comment ratio (likes per comment); the evidence lists every number behind the findings,
    including the bought-likes posts and the pod's members and edges.
    """
    s = defaults.authenticity
    reasons = _data_reasons(row, s)
    if _int(row, "posts_measured") >= s.min_posts:
        reasons += _ratio_reasons(row) + _post_reasons(row, s)
    reasons += _pod_reasons(row, s)
    score = _num(row, "score")
    return ComponentResult(
        key=KEY,
        score=score,
        confidence=float(row.get(f"{KEY}_confidence") or 0.0),
        weight=defaults.composite.weights.get(KEY, 0.0),
        value=_num(row, "value"),
        evidence=_evidence(row),
        reasons=tuple(reasons),
    )

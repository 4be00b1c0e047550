"""Comment quality: how much of an account's comment section is real conversation.

Seed 002 ("Authentisches Engagement vs. Eitelkeitsmetriken") names meaningful comments with
questions or personal stories as authentic engagement and generic emoji-only replies as a vanity
metric. Each comment is first classified (:mod:`resonanz.core.comments.rules`, with its language
from :mod:`resonanz.batch.language`); per account this component then computes

* the share of each class — score = 100 × Σ share(class) × ``class_values[class]``
  (meaningful 1.0, generic praise 0.4, emoji-only 0.2, spam 0): all meaningful → 100, all spam
  → 0, a typical mix → about 50;
* confidence = min(1, n ÷ ``min_comments_full_confidence``) ×
  (0.5 + 0.5 × min(1, posts with comments ÷ ``min_posts_full_confidence``)), 0 without comments
  (then the score is None: no comments are no evidence either way);
* evidence: language shares (de / en / other / undetermined, for audience fit), the median
  save-to-like ratio of the posts (saves ÷ likes, posts where both are known; seed 002: "Hohe
  Save-to-like-Quoten") with its percentile among the accounts in the frame, and story
  completion — which the data contract does not carry, so it is always reported as not
  available rather than guessed.

The creator's own replies (author = the account's handle) are left out when ``accounts`` is
given: they say nothing about the audience.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from resonanz.core.comments.rules import classify_texts
from resonanz.core.comments.settings import CLASSES, CommentScoring
from resonanz.core.config import DomainDefaults
from resonanz.core.vetting.result import ComponentResult, Reason

KEY = "comment_quality"

SHARE_COLUMNS: dict[str, str] = {c: f"comment_quality_{c}_share" for c in CLASSES}
"""Column of each class's share."""

LANGUAGE_COLUMNS: tuple[str, ...] = (
    "comment_quality_lang_de_share",
    "comment_quality_lang_en_share",
    "comment_quality_lang_other_share",
    "comment_quality_lang_unknown_share",
)

OUTPUT_COLUMNS: tuple[str, ...] = (
    "account_id",
    "comment_quality_score",
    "comment_quality_confidence",
    "comment_quality_value",
    "comment_quality_n",
    "comment_quality_posts",
    *SHARE_COLUMNS.values(),
    *LANGUAGE_COLUMNS,
    "comment_quality_owner_replies",
    "comment_quality_save_like_ratio",
    "comment_quality_save_like_posts",
    "comment_quality_save_like_percentile",
    "comment_quality_story_completion",
    "comment_quality_flag_spam",
    "comment_quality_flag_low_meaningful",
    "comment_quality_flag_emoji_heavy",
)
"""The columns of :func:`comments_component_frame`, in order."""

STORY_COMPLETION_NOTE = "not available: the data contract has no story-completion column"


def _handle(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String).str.strip_chars().str.strip_chars_start("@").str.to_lowercase()


def _comment_rows(
    comments: pl.DataFrame, posts: pl.DataFrame, accounts: pl.DataFrame | None, exclude: bool
) -> pl.LazyFrame:
    """One row per classified comment with its account and ``_owner`` (a creator's reply)."""
    cols = comments.columns
    c = comments.lazy().select(
        pl.col("post_id").cast(pl.String),
        pl.col("comment_class"),
        (pl.col("comment_language") if "comment_language" in cols else pl.lit(None))
        .cast(pl.String)
        .alias("_lang"),
        (pl.col("author") if "author" in cols else pl.lit(None)).cast(pl.String).alias("_author"),
    )
    p = posts.lazy().select(pl.col("post_id").cast(pl.String), pl.col("account_id").cast(pl.String))
    rows = c.join(p.unique("post_id"), on="post_id", how="inner")
    owner = pl.lit(False)
    if exclude and accounts is not None and "handle" in accounts.columns:
        handles = accounts.lazy().select(
            pl.col("account_id").cast(pl.String), _handle(pl.col("handle")).alias("_handle")
        )
        rows = rows.join(handles.unique("account_id"), on="account_id", how="left")
        owner = (_handle(pl.col("_author")) == pl.col("_handle")).fill_null(False)
    return rows.with_columns(_owner=owner)


def _class_shares(rows: pl.LazyFrame) -> pl.LazyFrame:
    real = rows.filter(~pl.col("_owner") & pl.col("comment_class").is_in(list(CLASSES)))
    lang = pl.col("_lang")
    return (
        real.group_by("account_id")
        .agg(
            comment_quality_n=pl.len().cast(pl.Int64),
            comment_quality_posts=pl.col("post_id").n_unique().cast(pl.Int64),
            **{col: (pl.col("comment_class") == c).mean() for c, col in SHARE_COLUMNS.items()},
            comment_quality_lang_de_share=(lang == "de").fill_null(False).mean(),
            comment_quality_lang_en_share=(lang == "en").fill_null(False).mean(),
            comment_quality_lang_other_share=(~lang.is_in(["de", "en"])).fill_null(False).mean(),
            comment_quality_lang_unknown_share=lang.is_null().mean(),
        )
        .join(
            rows.group_by("account_id").agg(
                comment_quality_owner_replies=pl.col("_owner").sum().cast(pl.Int64)
            ),
            on="account_id",
            how="full",
            coalesce=True,
        )
    )


def _save_like(posts: pl.DataFrame) -> pl.LazyFrame:
    """Median saves ÷ likes per account over posts where both are known (likes > 0)."""
    if not {"saves", "likes"} <= set(posts.columns):
        return pl.LazyFrame(
            schema={
                "account_id": pl.String,
                "comment_quality_save_like_ratio": pl.Float64,
                "comment_quality_save_like_posts": pl.Int64,
            }
        )
    likes = pl.col("likes").cast(pl.Float64, strict=False)
    saves = pl.col("saves").cast(pl.Float64, strict=False)
    known = (likes > 0) & (saves >= 0)
    return (
        posts.lazy()
        .select(
            pl.col("account_id").cast(pl.String), (saves / likes).alias("_r"), known.alias("_k")
        )
        .filter(pl.col("_k").fill_null(False))
        .group_by("account_id")
        .agg(
            comment_quality_save_like_ratio=pl.col("_r").median(),
            comment_quality_save_like_posts=pl.len().cast(pl.Int64),
        )
    )


def _score_columns(frame: pl.LazyFrame, s: CommentScoring) -> pl.LazyFrame:
    n = pl.col("comment_quality_n").fill_null(0)
    value = pl.sum_horizontal([pl.col(col) * s.class_values[c] for c, col in SHARE_COLUMNS.items()])
    posts_factor = 0.5 + 0.5 * (pl.col("comment_quality_posts") / s.min_posts_full_confidence).clip(
        0, 1
    )
    confidence = (n / s.min_comments_full_confidence).clip(0.0, 1.0) * posts_factor
    enough = n >= s.min_comments_for_flags
    ratio = pl.col("comment_quality_save_like_ratio")
    peers = ratio.count()
    return frame.with_columns(
        comment_quality_n=n,
        comment_quality_posts=pl.col("comment_quality_posts").fill_null(0),
        comment_quality_owner_replies=pl.col("comment_quality_owner_replies").fill_null(0),
        comment_quality_save_like_posts=pl.col("comment_quality_save_like_posts").fill_null(0),
        comment_quality_score=pl.when(n > 0).then((100.0 * value).clip(0.0, 100.0)),
        comment_quality_confidence=pl.when(n > 0).then(confidence).otherwise(0.0),
        comment_quality_value=pl.col(SHARE_COLUMNS["meaningful"]),
        comment_quality_save_like_percentile=pl.when(peers >= 2).then(
            (ratio.rank("average") - 0.5) / peers
        ),
        comment_quality_story_completion=pl.lit(None, dtype=pl.Float64),
        comment_quality_flag_spam=enough & (pl.col(SHARE_COLUMNS["spam"]) >= s.spam_share_high),
        comment_quality_flag_low_meaningful=enough
        & (pl.col(SHARE_COLUMNS["meaningful"]) < s.meaningful_share_low),
        comment_quality_flag_emoji_heavy=enough
        & (pl.col(SHARE_COLUMNS["emoji_only"]) >= s.emoji_share_high),
    )


def comments_component_frame(
    comments_with_classes: pl.DataFrame,
    posts: pl.DataFrame,
    defaults: DomainDefaults,
    accounts: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Per account: class and language shares, score, confidence, save-to-like, flags.

    ``comments_with_classes`` needs ``post_id`` and ``comment_class`` (optional
    ``comment_language``, ``author``), as :func:`resonanz.batch.comments.comment_classes_frame`
    returns; ``posts`` needs ``post_id`` and ``account_id`` (optional ``likes``, ``saves``);
    ``accounts`` (optional: ``account_id``, ``handle``) gives one row per account — also for
    accounts without posts — and lets the creator's own replies be left out. Without it the rows
    are the accounts of ``posts``. Columns: :data:`OUTPUT_COLUMNS`.

    Comments that have ``text`` but no ``comment_class`` are classified here with the core rules
    (no language detection: that needs lingua, outside the core; the language shares are then
    "undetermined"). An empty frame without columns stands for "no comments" or "no posts".
    """
    s = defaults.comments.scoring
    comments_with_classes = _prepare_comments(comments_with_classes, defaults)
    if len(posts.columns) == 0:
        posts = pl.DataFrame(schema={"post_id": pl.String, "account_id": pl.String})
    if accounts is not None:
        ids = (
            accounts.lazy().select(pl.col("account_id").cast(pl.String)).unique(maintain_order=True)
        )
    else:
        ids = posts.lazy().select(pl.col("account_id").cast(pl.String)).unique(maintain_order=True)
    rows = _comment_rows(comments_with_classes, posts, accounts, s.exclude_owner_replies)
    frame = ids.join(_class_shares(rows), on="account_id", how="left", maintain_order="left").join(
        _save_like(posts), on="account_id", how="left", maintain_order="left"
    )
    return _score_columns(frame, s).select(OUTPUT_COLUMNS).collect()


def _prepare_comments(comments: pl.DataFrame, defaults: DomainDefaults) -> pl.DataFrame:
    """The comments with a ``comment_class`` (classified by the core rules when missing)."""
    if len(comments.columns) == 0:
        return pl.DataFrame(schema={"post_id": pl.String, "comment_class": pl.String})
    if "comment_class" in comments.columns:
        return comments
    if "text" not in comments.columns:
        raise ValueError("comments: need a comment_class or a text column")
    # each distinct text once: comment sections repeat "😍" and "Nice!" a lot
    texts = comments["text"].cast(pl.String).fill_null("")
    unique = texts.unique()
    labels = classify_texts(unique, defaults.comments)["class"]
    lookup = pl.DataFrame({"_text": unique, "comment_class": labels})
    keyed = comments.with_columns(_text=texts)
    return keyed.join(lookup, on="_text", how="left", maintain_order="left").drop("_text")


def _share_reasons(row: Mapping[str, Any], s: CommentScoring) -> list[Reason]:
    n = row["comment_quality_n"]
    share = {c: row[col] for c, col in SHARE_COLUMNS.items()}
    params = {
        "n": n,
        "meaningful": share["meaningful"],
        "generic": share["generic_praise"],
        "emoji": share["emoji_only"],
        "spam": share["spam"],
    }
    out = [Reason(code="cq_shares", params=params)]
    if n < s.min_comments_full_confidence:
        wanted = {"n": n, "wanted": s.min_comments_full_confidence}
        out.append(Reason(code="cq_few_comments", params=wanted, severity="warn"))
    if n >= s.min_comments_for_flags:
        if share["meaningful"] >= s.meaningful_share_good:
            out.append(
                Reason(
                    code="cq_meaningful_good",
                    params={"share": share["meaningful"]},
                    severity="good",
                )
            )
        elif row["comment_quality_flag_low_meaningful"]:
            out.append(
                Reason(
                    code="cq_meaningful_low", params={"share": share["meaningful"]}, severity="warn"
                )
            )
        if row["comment_quality_flag_spam"]:
            out.append(
                Reason(code="cq_spam_high", params={"share": share["spam"]}, severity="warn")
            )
        if row["comment_quality_flag_emoji_heavy"]:
            params = {"share": share["emoji_only"]}
            out.append(Reason(code="cq_emoji_heavy", params=params, severity="warn"))
    return out


def _other_reasons(row: Mapping[str, Any]) -> list[Reason]:
    out = [
        Reason(
            code="cq_languages",
            params={
                "de": row["comment_quality_lang_de_share"],
                "en": row["comment_quality_lang_en_share"],
                "other": row["comment_quality_lang_other_share"],
                "unknown": row["comment_quality_lang_unknown_share"],
            },
        )
    ]
    if row["comment_quality_owner_replies"]:
        out.append(
            Reason(code="cq_owner_replies", params={"n": row["comment_quality_owner_replies"]})
        )
    if row["comment_quality_save_like_ratio"] is not None:
        params = {
            "ratio": row["comment_quality_save_like_ratio"],
            "n": row["comment_quality_save_like_posts"],
        }
        out.append(Reason(code="cq_save_like", params=params))
        if row["comment_quality_save_like_percentile"] is not None:
            out.append(
                Reason(
                    code="cq_save_like_rank",
                    params={"percentile": row["comment_quality_save_like_percentile"]},
                )
            )
    return out


def comments_result(row: Mapping[str, Any], defaults: DomainDefaults) -> ComponentResult:
    """The explained comment-quality component of one row of :func:`comments_component_frame`."""
    s = defaults.comments.scoring
    n = row["comment_quality_n"] or 0
    if n == 0:
        reasons = [Reason(code="cq_no_comments", severity="warn")]
    else:
        reasons = _share_reasons(row, s) + _other_reasons(row)
    evidence = {
        "comments": n,
        "posts_with_comments": row["comment_quality_posts"],
        "shares": {c: row[col] for c, col in SHARE_COLUMNS.items()},
        "class_values": dict(s.class_values),
        "languages": {
            "de": row["comment_quality_lang_de_share"],
            "en": row["comment_quality_lang_en_share"],
            "other": row["comment_quality_lang_other_share"],
            "unknown": row["comment_quality_lang_unknown_share"],
        },
        "owner_replies_excluded": row["comment_quality_owner_replies"],
        "save_to_like_ratio": row["comment_quality_save_like_ratio"],
        "save_to_like_posts": row["comment_quality_save_like_posts"],
        "save_to_like_percentile": row["comment_quality_save_like_percentile"],
        "story_completion": row["comment_quality_story_completion"],
        "story_completion_note": STORY_COMPLETION_NOTE,
    }
    score = row["comment_quality_score"]
    return ComponentResult(
        key=KEY,
        score=None if score is None else float(score),
        confidence=float(row["comment_quality_confidence"]),
        weight=defaults.composite.weights.get(KEY, 0.0),
        value=row["comment_quality_value"],
        evidence=evidence,
        reasons=tuple(reasons),
    )

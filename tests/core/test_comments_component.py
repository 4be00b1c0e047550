"""The per-account comment-quality component: shares, score, confidence, evidence, reasons."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.core.comments.settings import CLASSES
from resonanz.core.config import load_defaults, merge_defaults
from resonanz.core.messages import LANGS, MESSAGES, placeholders, render
from resonanz.core.vetting.comments import (
    OUTPUT_COLUMNS,
    STORY_COMPLETION_NOTE,
    comments_component_frame,
    comments_result,
)

D = load_defaults()


def _comments(rows: list[tuple[str, str, str | None, str]]) -> pl.DataFrame:
    """(post_id, class, language, author) rows."""
    return pl.DataFrame(
        rows,
        schema={
            "post_id": pl.String,
            "comment_class": pl.String,
            "comment_language": pl.String,
            "author": pl.String,
        },
        orient="row",
    )


POSTS = pl.DataFrame(
    {
        "post_id": ["p1", "p2", "p3", "q1"],
        "account_id": ["a", "a", "a", "b"],
        "likes": [100, 200, 0, 50],
        "saves": [10, 10, 5, None],
    }
)
ACCOUNTS = pl.DataFrame(
    {"account_id": ["a", "b", "c"], "handle": ["@Anna.Creates", "ben", "carla"]}
)


def test_shares_score_and_languages() -> None:
    rows = [
        ("p1", "meaningful", "de", "x1"),
        ("p1", "generic_praise", "en", "x2"),
        ("p2", "emoji_only", None, "x3"),
        ("p2", "spam", "de", "x4"),
        ("q1", "meaningful", "tr", "y1"),
    ]
    frame = comments_component_frame(_comments(rows), POSTS, D)
    assert frame.columns == list(OUTPUT_COLUMNS)
    a = frame.filter(pl.col("account_id") == "a").row(0, named=True)
    assert a["comment_quality_n"] == 4 and a["comment_quality_posts"] == 2
    assert a["comment_quality_meaningful_share"] == pytest.approx(0.25)
    values = D.comments.scoring.class_values
    expected = 100 * 0.25 * sum(values[c] for c in CLASSES)
    assert a["comment_quality_score"] == pytest.approx(expected)
    assert a["comment_quality_value"] == pytest.approx(0.25)
    assert a["comment_quality_lang_de_share"] == pytest.approx(0.5)
    assert a["comment_quality_lang_unknown_share"] == pytest.approx(0.25)
    b = frame.filter(pl.col("account_id") == "b").row(0, named=True)
    assert b["comment_quality_lang_other_share"] == pytest.approx(1.0)


def test_confidence_grows_with_comments_and_posts() -> None:
    s = D.comments.scoring
    few = _comments([("p1", "meaningful", "de", f"u{i}") for i in range(5)])
    many = _comments(
        [
            (f"p{1 + i % 3}", "meaningful", "de", f"u{i}")
            for i in range(s.min_comments_full_confidence)
        ]
    )
    c_few = comments_component_frame(few, POSTS, D)["comment_quality_confidence"][0]
    c_many = comments_component_frame(many, POSTS, D)["comment_quality_confidence"][0]
    assert 0 < c_few < c_many <= 1
    posts_factor = 0.5 + 0.5 * min(1.0, 3 / s.min_posts_full_confidence)
    assert c_many == pytest.approx(posts_factor)


def test_no_comments_is_no_score_and_no_confidence() -> None:
    frame = comments_component_frame(_comments([]), POSTS, D, ACCOUNTS)
    assert frame["account_id"].to_list() == ["a", "b", "c"]
    assert frame["comment_quality_score"].null_count() == 3
    assert frame["comment_quality_confidence"].to_list() == [0.0, 0.0, 0.0]
    result = comments_result(frame.row(2, named=True), D)
    assert result.score is None and result.confidence == 0.0
    assert [r.code for r in result.reasons] == ["cq_no_comments"]


def test_the_creators_own_replies_are_left_out() -> None:
    rows = [
        ("p1", "generic_praise", "de", "anna.creates"),  # the creator, handle without @
        ("p1", "meaningful", "de", "fan"),
    ]
    frame = comments_component_frame(_comments(rows), POSTS, D, ACCOUNTS)
    a = frame.filter(pl.col("account_id") == "a").row(0, named=True)
    assert a["comment_quality_n"] == 1 and a["comment_quality_owner_replies"] == 1
    assert a["comment_quality_meaningful_share"] == 1.0
    kept = merge_defaults(D, {"comments": {"scoring": {"exclude_owner_replies": False}}})
    again = comments_component_frame(_comments(rows), POSTS, kept, ACCOUNTS)
    assert again.filter(pl.col("account_id") == "a")["comment_quality_n"][0] == 2


def test_save_to_like_median_percentile_and_missing_saves() -> None:
    frame = comments_component_frame(_comments([]), POSTS, D, ACCOUNTS)
    a, b, _ = frame.iter_rows(named=True)
    # p1 10/100, p2 10/200; p3 has no likes, so no ratio
    assert a["comment_quality_save_like_ratio"] == pytest.approx(0.075)
    assert a["comment_quality_save_like_posts"] == 2
    assert (
        b["comment_quality_save_like_ratio"] is None and b["comment_quality_save_like_posts"] == 0
    )
    no_saves = comments_component_frame(_comments([]), POSTS.drop("saves"), D)
    assert no_saves["comment_quality_save_like_ratio"].null_count() == no_saves.height


def test_story_completion_is_reported_as_not_available() -> None:
    rows = [("p1", "meaningful", "de", "fan")]
    row = comments_component_frame(_comments(rows), POSTS, D).row(0, named=True)
    assert row["comment_quality_story_completion"] is None
    evidence = comments_result(row, D).evidence
    assert evidence["story_completion"] is None
    assert evidence["story_completion_note"] == STORY_COMPLETION_NOTE


def test_flags_and_reasons_on_a_spammy_section() -> None:
    s = D.comments.scoring
    n = s.min_comments_for_flags
    rows = [(f"p{1 + i % 2}", "spam" if i % 2 else "emoji_only", None, f"bot{i}") for i in range(n)]
    frame = comments_component_frame(_comments(rows), POSTS, D)
    row = frame.filter(pl.col("account_id") == "a").row(0, named=True)
    assert row["comment_quality_flag_spam"] and row["comment_quality_flag_low_meaningful"]
    assert row["comment_quality_flag_emoji_heavy"]
    codes = {r.code: r.severity for r in comments_result(row, D).reasons}
    assert codes["cq_spam_high"] == "warn"
    assert codes["cq_meaningful_low"] == "warn"
    assert codes["cq_emoji_heavy"] == "warn"
    assert codes["cq_few_comments"] == "warn"


def test_every_emitted_reason_renders_in_both_languages() -> None:
    rows = [(f"p{1 + i % 3}", CLASSES[i % 4], "de", f"u{i}") for i in range(60)]
    rows += [("p1", "meaningful", "de", "@anna.creates")]
    frame = comments_component_frame(_comments(rows), POSTS, D, ACCOUNTS)
    seen = set()
    for row in frame.iter_rows(named=True):
        for reason in comments_result(row, D).reasons:
            seen.add(reason.code)
            assert placeholders(MESSAGES[reason.code].de) <= set(reason.params)
            for lang in LANGS:
                assert render(reason, lang)
    assert {"cq_shares", "cq_languages", "cq_owner_replies", "cq_save_like"} <= seen
    assert {c for c in MESSAGES if c.startswith("cq_")} >= seen


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["p1", "p2", "q1"]), st.sampled_from(CLASSES)), max_size=80)
)
def test_score_and_confidence_stay_in_range(pairs: list[tuple[str, str]]) -> None:
    rows = [(p, c, None, f"u{i}") for i, (p, c) in enumerate(pairs)]
    frame = comments_component_frame(_comments(rows), POSTS, D, ACCOUNTS)
    for row in frame.iter_rows(named=True):
        result = comments_result(row, D)  # the pydantic model checks 0–100 and 0–1
        assert (result.score is None) == (row["comment_quality_n"] == 0)
        shares = [row[f"comment_quality_{c}_share"] for c in CLASSES]
        if row["comment_quality_n"]:
            assert sum(shares) == pytest.approx(1.0)


def test_texts_without_classes_are_classified_by_the_core_rules() -> None:
    comments = pl.DataFrame(
        {"post_id": ["p1", "p2", "q1"], "text": ["Wo gibt es das?", "😍", "check my bio"]}
    )
    frame = comments_component_frame(comments, POSTS, D)
    a, b = frame.iter_rows(named=True)
    assert (
        a["comment_quality_meaningful_share"] == 0.5
        and a["comment_quality_emoji_only_share"] == 0.5
    )
    assert b["comment_quality_spam_share"] == 1.0
    assert a["comment_quality_lang_unknown_share"] == 1.0  # language needs the batch layer (lingua)
    with pytest.raises(ValueError, match="comment_class or a text"):
        comments_component_frame(comments.drop("text"), POSTS, D)


def test_empty_frames_mean_no_data() -> None:
    frame = comments_component_frame(pl.DataFrame(), pl.DataFrame(), D, ACCOUNTS)
    assert frame["account_id"].to_list() == ["a", "b", "c"]
    assert frame["comment_quality_n"].to_list() == [0, 0, 0]
    assert frame["comment_quality_score"].null_count() == 3

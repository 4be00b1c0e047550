"""Composite score, flags, reports, and the robustness of the whole vetting pipeline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resonanz.batch.vetting import scan_table, vet_parquet
from resonanz.core.config import load_defaults, merge_defaults
from resonanz.core.vetting.pipeline import (
    OUTPUT_COLUMNS,
    metric_components,
    reports_from_frame,
    vet_frame,
)
from resonanz.core.vetting.score import FLAGS, applies, composite_weights

BRIEF_ONLY = {"content_fit", "audience_fit"}  # count only when a brief asks for them

D = load_defaults()
NOW = datetime(2024, 6, 1, 12)


def world(n: int = 4) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Small frames in the contract's shape: n accounts with posts and 120 days of history."""
    accounts = pl.DataFrame(
        {
            "account_id": [f"a{i}" for i in range(n)],
            "creator_id": [None] * n,
            "platform": ["instagram", "tiktok"] * (n // 2),
            "handle": [f"h{i}" for i in range(n)],
            "followers": [20_000 * (i + 1) for i in range(n)],
            "is_private": [False] * n,
        }
    )
    posts = pl.DataFrame(
        {
            "post_id": [f"p{i}_{j}" for i in range(n) for j in range(15)],
            "account_id": [f"a{i}" for i in range(n) for _ in range(15)],
            "posted_at": [NOW - timedelta(days=4 * j + i) for i in range(n) for j in range(15)],
            "likes": [600 * (i + 1) + j for i in range(n) for j in range(15)],
            "comments": [20] * (15 * n),
            "views": [None] * (15 * n),
        },
        schema_overrides={"views": pl.Int64},
    )
    metrics = pl.DataFrame(
        {
            "account_id": [f"a{i}" for i in range(n) for _ in range(120)],
            "date": [NOW.date() - timedelta(days=119 - d) for _ in range(n) for d in range(120)],
            "followers": [20_000 * (i + 1) + 5 * d for i in range(n) for d in range(120)],
        }
    )
    return accounts, posts, metrics


def test_output_has_one_row_per_account_and_the_documented_columns() -> None:
    frame = vet_frame(*world(), D)
    assert frame.columns[: len(OUTPUT_COLUMNS)] == list(OUTPUT_COLUMNS)
    assert frame["account_id"].to_list() == ["a0", "a1", "a2", "a3"]


def test_composite_is_the_weighted_mean_of_component_scores() -> None:
    frame = vet_frame(*world(), D)
    w_all = {k: v for k, v in composite_weights(D).items() if k not in BRIEF_ONLY}
    for row in frame.iter_rows(named=True):
        w = {k: v for k, v in w_all.items() if applies(k, row, None)}
        scored = [k for k in w if row[f"{k}_score"] is not None]
        expected = sum(w[k] * row[f"{k}_score"] for k in scored) / sum(w[k] for k in scored)
        assert row["score"] == pytest.approx(expected)
        conf = sum(w[k] * (row[f"{k}_confidence"] or 0.0) for k in w) / sum(w.values())
        assert row["confidence"] == pytest.approx(conf)


def test_missing_component_is_left_out_of_the_score_and_lowers_confidence() -> None:
    accounts, posts, _ = world()
    frame = vet_frame(accounts, posts, pl.DataFrame(), D)
    w = {k: v for k, v in composite_weights(D).items() if k not in BRIEF_ONLY}
    row = frame.row(0, named=True)
    assert row["growth_score"] is None
    scored = [k for k in w if row[f"{k}_score"] is not None]
    assert "growth" not in scored
    expected = sum(w[k] * row[f"{k}_score"] for k in scored) / sum(w[k] for k in scored)
    assert row["score"] == pytest.approx(expected)
    assert row["confidence"] <= 1 - w["growth"] / sum(w.values()) + 1e-9


def test_weights_are_configurable() -> None:
    only_growth = merge_defaults(
        D,
        {
            "composite": {
                "weights": {
                    "engagement": 0.0,
                    "activity": 0.0,
                    "growth": 1.0,
                    "authenticity": 0.0,
                    "follower_quality": 0.0,
                    "brand_safety": 0.0,
                    "comment_quality": 0.0,
                    "disclosure": 0.0,
                }
            }
        },
    )
    row = vet_frame(*world(), only_growth).row(0, named=True)
    assert row["score"] == pytest.approx(row["growth_score"])
    report = next(reports_from_frame(vet_frame(*world(), only_growth), only_growth))
    assert {c.key: c.weight for c in report.components} == {
        "tier": 0.0,
        "engagement": 0.0,
        "activity": 0.0,
        "growth": 1.0,
        "authenticity": 0.0,
        "comment_quality": 0.0,
        "follower_quality": 0.0,
        "content_fit": 0.0,  # configured 0.15, but without a brief it does not count: shown as 0
        "brand_safety": 0.0,
        "disclosure": 0.0,
        "audience_fit": 0.0,  # configured 0.2, likewise
        "cross_platform": 0.0,
    }


def test_no_data_at_all() -> None:
    accounts = pl.DataFrame({"account_id": ["x"], "platform": ["blog"]})
    row = vet_frame(accounts, pl.DataFrame(), pl.DataFrame(), D).row(0, named=True)
    assert row["score"] is None
    assert row["confidence"] == 0.0
    assert row["handle"] == "x"
    assert "low_confidence" in row["flags"]


def test_private_flags() -> None:
    accounts = pl.DataFrame(
        {
            "account_id": ["u", "p"],
            "platform": ["instagram", "instagram"],
            "followers": [500, 50_000],
            "is_private": [None, True],
        }
    )
    frame = vet_frame(accounts, pl.DataFrame(), pl.DataFrame(), D, now=NOW)
    assert "private_user" in frame.row(0, named=True)["flags"]
    assert "private_account" in frame.row(1, named=True)["flags"]
    assert frame["tier"].to_list() == ["private", "micro"]


def test_every_flag_is_documented() -> None:
    accounts, posts, metrics = world()
    frame = vet_frame(accounts, posts, metrics, D)
    assert set(frame["flags"].explode().drop_nulls()) <= set(FLAGS)


def test_reports_follow_the_contract() -> None:
    frame = vet_frame(*world(), D)
    reports = list(reports_from_frame(frame, D))
    assert len(reports) == 4
    first = reports[0]
    assert [c.key for c in first.components] == [
        "tier",
        "engagement",
        "activity",
        "growth",
        "authenticity",
        "comment_quality",
        "follower_quality",
        "content_fit",
        "brand_safety",
        "disclosure",
        "audience_fit",
        "cross_platform",
    ]
    assert first.tier == "micro"
    assert first.score == pytest.approx(frame["score"][0])
    assert first.model_dump_json()  # evidence and params serialise


def test_now_defaults_to_the_data_and_is_reproducible() -> None:
    accounts, posts, metrics = world()
    frame = vet_frame(accounts, posts, metrics, D)
    assert frame["vetted_at"][0] == NOW
    assert frame.equals(vet_frame(accounts, posts, metrics, D))


def test_time_zones_and_missing_optional_columns() -> None:
    accounts, posts, metrics = world()
    aware = posts.with_columns(pl.col("posted_at").dt.replace_time_zone("UTC"))
    berlin = aware.with_columns(pl.col("posted_at").dt.convert_time_zone("Europe/Berlin"))
    a = vet_frame(accounts, aware, metrics, D)
    b = vet_frame(accounts, berlin, metrics, D)
    assert a.equals(b)
    bare = vet_frame(
        accounts.select("account_id", "platform"),
        posts.select("account_id", "posted_at"),
        metrics.select("account_id", "date"),
        D,
    )
    assert bare["engagement_score"].null_count() == 4
    assert (bare["confidence"] < a["confidence"]).all()


def test_missing_required_column_is_named() -> None:
    accounts, posts, metrics = world()
    with pytest.raises(ValueError, match=r"posts: missing required column.*posted_at"):
        vet_frame(accounts, posts.drop("posted_at"), metrics, D)


def test_posts_of_unknown_accounts_and_duplicates_are_ignored() -> None:
    accounts, posts, metrics = world()
    stray = posts.head(3).with_columns(account_id=pl.lit("ghost"))
    frame = vet_frame(pl.concat([accounts, accounts]), pl.concat([posts, stray]), metrics, D)
    assert frame.height == 4


def test_vet_parquet_matches_vet_frame(tmp_path: Path) -> None:
    accounts, posts, metrics = world()
    accounts.write_parquet(tmp_path / "accounts.parquet")
    posts.write_parquet(tmp_path / "posts.parquet")
    metrics.write_parquet(tmp_path / "metrics_daily.parquet")
    assert vet_parquet(tmp_path).equals(vet_frame(accounts, posts, metrics, D))
    (tmp_path / "metrics_daily.parquet").unlink()
    assert vet_parquet(tmp_path)["growth_score"].null_count() == 4


def test_metric_components_on_parquet_scans_match_the_full_vetting(tmp_path: Path) -> None:
    """The metric-only path (lazy scans, as the benchmark times it) = those columns of vet_frame."""
    accounts, posts, metrics = world()
    for name, frame in [("accounts", accounts), ("posts", posts), ("metrics_daily", metrics)]:
        frame.write_parquet(tmp_path / f"{name}.parquet")
    scans = [scan_table(tmp_path, t) for t in ("accounts", "posts", "metrics_daily")]
    lazy, now = metric_components(*scans, D)
    part = lazy.sort("_aid").collect()
    full = vet_frame(accounts, posts, metrics, D)
    assert now == full["vetted_at"][0]
    shared = [c for c in full.columns if c in part.columns]
    assert {"engagement_score", "activity_score", "growth_score", "tier"} <= set(shared)
    assert part.select(shared).equals(full.select(shared))


_counts = st.one_of(st.none(), st.integers(min_value=0, max_value=10**7))


@st.composite
def random_world(draw: Any) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    n = draw(st.integers(min_value=1, max_value=6))
    ids = [f"a{i}" for i in range(n)]
    platforms = st.sampled_from(["instagram", "tiktok", "youtube", "blog", "other"])
    accounts = pl.DataFrame(
        {
            "account_id": ids,
            "platform": draw(st.lists(platforms, min_size=n, max_size=n)),
            "followers": draw(st.lists(_counts, min_size=n, max_size=n)),
            "media_count": draw(st.lists(_counts, min_size=n, max_size=n)),
        },
        schema_overrides={"followers": pl.Int64, "media_count": pl.Int64},
    )
    post_rows = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "account_id": st.sampled_from(ids),
                    "posted_at": st.datetimes(datetime(2023, 1, 1), datetime(2024, 6, 1)),
                    "likes": _counts,
                    "comments": _counts,
                    "views": _counts,
                    "format": st.sampled_from([None, "feed", "story", "reel"]),
                }
            ),
            max_size=40,
        )
    )
    metric_rows = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "account_id": st.sampled_from(ids),
                    "date": st.dates(date(2023, 10, 1), date(2024, 6, 1)),
                    "followers": _counts,
                }
            ),
            max_size=60,
        )
    )
    posts_schema = {
        "account_id": pl.String,
        "posted_at": pl.Datetime("us"),
        "likes": pl.Int64,
        "comments": pl.Int64,
        "views": pl.Int64,
        "format": pl.String,
    }
    metrics_schema = {"account_id": pl.String, "date": pl.Date, "followers": pl.Int64}
    return (
        accounts,
        pl.DataFrame(post_rows, schema=posts_schema),
        pl.DataFrame(metric_rows, schema=metrics_schema),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_world(), st.sampled_from(["default", "instagram_micro_5k_50k"]))
def test_scores_stay_in_range_for_arbitrary_inputs(
    data: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame], band_set: str
) -> None:
    frame = vet_frame(*data, D, band_set=band_set)
    assert frame.height == data[0].height
    for key in ("", "engagement_", "activity_", "growth_"):
        scores = frame[f"{key}score"].drop_nulls()
        assert ((scores >= 0) & (scores <= 100)).all()
        conf = frame[f"{key}confidence"]
        assert conf.null_count() == 0
        assert ((conf >= 0) & (conf <= 1)).all()
    for report in reports_from_frame(frame, D):  # the contract's own range checks
        assert report.account_id


def test_explicit_now_in_another_zone() -> None:
    accounts, posts, metrics = world()
    later = datetime(2024, 6, 1, 14, tzinfo=UTC) + timedelta(days=40)
    frame = vet_frame(accounts, posts, metrics, D, now=later)
    assert frame["vetted_at"][0] == later.replace(tzinfo=None)
    assert frame["activity_inactive"].all()

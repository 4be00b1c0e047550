"""Engagement rate: median over recent posts, benchmarks, score curve, percentile, confidence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import pytest

from resonanz.core.config import DomainDefaults, load_defaults, merge_defaults
from resonanz.core.vetting.pipeline import reports_from_frame, vet_frame

D = load_defaults()
NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
ACC = {"account_id": pl.String, "platform": pl.String, "handle": pl.String, "followers": pl.Int64}
POSTS = {
    "account_id": pl.String,
    "posted_at": pl.Datetime("us", "UTC"),
    "likes": pl.Int64,
    "comments": pl.Int64,
    "views": pl.Int64,
    "format": pl.String,
}


def account(aid: str, platform: str, followers: int | None) -> dict[str, Any]:
    return {"account_id": aid, "platform": platform, "handle": aid, "followers": followers}


def posts(
    aid: str,
    likes: Sequence[int | None],
    comments: Sequence[int | None] | None = None,
    views: Sequence[int | None] | None = None,
    formats: Sequence[str | None] | None = None,
) -> list[dict[str, Any]]:
    """Posts newest first, one every 3 days."""
    n = len(likes)
    return [
        {
            "account_id": aid,
            "posted_at": NOW - timedelta(days=3 * i),
            "likes": likes[i],
            "comments": (comments or [0] * n)[i],
            "views": (views or [None] * n)[i],
            "format": (formats or [None] * n)[i],
        }
        for i in range(n)
    ]


def vet(
    accounts: list[dict[str, Any]],
    post_rows: list[dict[str, Any]],
    defaults: DomainDefaults = D,
    **kw: Any,
) -> pl.DataFrame:
    return vet_frame(
        pl.DataFrame(accounts, schema=ACC),
        pl.DataFrame(post_rows, schema=POSTS),
        pl.DataFrame(),
        defaults,
        now=NOW,
        **kw,
    )


def one(frame: pl.DataFrame, aid: str = "a") -> dict[str, Any]:
    return frame.filter(pl.col("account_id") == aid).row(0, named=True)


def test_median_er_of_known_posts() -> None:
    likes = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200]
    row = one(vet([account("a", "instagram", 10_000)], posts("a", likes, comments=[10] * 12)))
    # (650 + 10) / 10,000 is the median of (likes + 10) / 10,000
    assert row["engagement_value"] == pytest.approx(0.066)
    assert row["engagement_posts_used"] == 12
    assert row["engagement_confidence"] == pytest.approx(1.0)


def test_only_the_last_12_posts_count() -> None:
    likes = [100] * 12 + [9_000] * 5  # the five oldest posts went viral
    row = one(vet([account("a", "instagram", 10_000)], posts("a", likes)))
    assert row["engagement_value"] == pytest.approx(0.01)
    assert row["engagement_posts_recent"] == 12


def test_missing_likes_lower_confidence_instead_of_counting_zero() -> None:
    likes = [500, None] * 6
    row = one(vet([account("a", "instagram", 10_000)], posts("a", likes)))
    assert row["engagement_value"] == pytest.approx(0.05)  # not diluted by zeros
    assert row["engagement_posts_used"] == 6
    assert row["engagement_confidence"] == pytest.approx(0.5)


def test_missing_comments_column_gives_no_er() -> None:
    frame = pl.DataFrame(posts("a", [500] * 12), schema=POSTS).drop("comments")
    acc = pl.DataFrame([account("a", "instagram", 10_000)], schema=ACC)
    row = one(vet_frame(acc, frame, pl.DataFrame(), D, now=NOW))
    assert row["engagement_value"] is None
    assert row["engagement_score"] is None
    assert row["engagement_confidence"] == 0.0
    report = next(reports_from_frame(vet_frame(acc, frame, pl.DataFrame(), D, now=NOW), D))
    assert report.component("engagement").reasons[0].code == "er_no_counts"  # type: ignore[union-attr]


def test_stories_are_excluded() -> None:
    rows = posts("a", [5_000] * 3 + [100] * 12, formats=["story"] * 3 + ["feed"] * 12)
    row = one(vet([account("a", "instagram", 10_000)], rows))
    assert row["engagement_value"] == pytest.approx(0.01)


def test_video_platforms_by_views_when_known() -> None:
    views = [10_000] * 6 + [None] * 6
    rows = posts("t", [1_000] * 12, views=views) + posts("i", [1_000] * 12, views=[10_000] * 12)
    frame = vet([account("t", "tiktok", 50_000), account("i", "instagram", 50_000)], rows)
    tiktok, insta = one(frame, "t"), one(frame, "i")
    assert tiktok["engagement_posts_by_views"] == 6
    assert tiktok["engagement_value"] == pytest.approx(0.06)  # median of 6 × 0.1 and 6 × 0.02
    assert insta["engagement_posts_by_views"] == 0
    assert insta["engagement_value"] == pytest.approx(0.02)


@pytest.mark.parametrize(
    ("platform", "followers", "bench_id", "value", "match"),
    [
        ("instagram", 50_000, "instagram_micro", 0.06, "exact"),
        ("tiktok", 50_000, "tiktok_micro", 0.18, "exact"),
        ("instagram", 5_000, "instagram_under_100k", 0.0365, "exact"),
        ("tiktok", 2_000, "tiktok_under_100k", 0.075, "exact"),
        ("instagram", 12_000_000, "instagram_10m", 0.0177, "exact"),
        ("tiktok", 10_000_000, "tiktok_10m", 0.0288, "exact"),
        # mega below 10M: the 10M+ figure does not cover it; nearest on a log scale is 10M+
        ("instagram", 2_000_000, "instagram_10m", 0.0177, "nearest"),
        # mid: "under 100k" does not cover 150k; tie with micro (both end at 100k) → lower figure
        ("instagram", 150_000, "instagram_under_100k", 0.0365, "nearest"),
        ("tiktok", 9_000_000, "tiktok_10m", 0.0288, "nearest"),
    ],
)
def test_benchmark_choice(
    platform: str, followers: int, bench_id: str, value: float, match: str
) -> None:
    row = one(vet([account("a", platform, followers)], posts("a", [100] * 12)))
    assert row["engagement_benchmark_id"] == bench_id
    assert row["engagement_benchmark"] == value
    assert row["engagement_benchmark_match"] == match


def test_nearest_benchmark_lowers_confidence() -> None:
    frame = vet(
        [account("a", "instagram", 50_000), account("b", "instagram", 150_000)],
        posts("a", [3_000] * 12) + posts("b", [9_000] * 12),
    )
    assert one(frame, "a")["engagement_confidence"] == pytest.approx(1.0)
    assert one(frame, "b")["engagement_confidence"] == pytest.approx(
        D.engagement.nearest_confidence
    )


def test_instagram_band_set_changes_the_micro_benchmark() -> None:
    rows = posts("a", [100] * 12)
    row = one(vet([account("a", "instagram", 7_000)], rows, band_set="instagram_micro_5k_50k"))
    assert (row["tier"], row["engagement_benchmark_id"]) == ("micro", "instagram_micro")
    row = one(vet([account("a", "instagram", 7_000)], rows))
    assert (row["tier"], row["engagement_benchmark_id"]) == ("nano", "instagram_under_100k")


@pytest.mark.parametrize(
    ("followers", "value", "match"),
    [(3_000, 0.0426, "exact"), (50_000, 0.0162, "exact"), (2_000_000, 0.0155, "nearest")],
)
def test_hypeauditor_set(followers: int, value: float, match: str) -> None:
    rows = posts("a", [10] * 12)
    row = one(vet([account("a", "instagram", followers)], rows, benchmark_set="hypeauditor_2018"))
    assert (row["engagement_benchmark"], row["engagement_benchmark_match"]) == (value, match)


@pytest.mark.parametrize(("ratio", "score"), [(1.0, 50.0), (2.0, 80.0), (0.5, 20.0), (0.0, 0.0)])
def test_score_curve(ratio: float, score: float) -> None:
    likes = round(ratio * 0.06 * 50_000)
    row = one(vet([account("a", "instagram", 50_000)], posts("a", [likes] * 12)))
    assert row["engagement_ratio"] == pytest.approx(ratio)
    assert row["engagement_score"] == pytest.approx(score)


def test_percentile_among_same_platform_and_tier() -> None:
    accs = [account(x, "instagram", 20_000) for x in "abc"] + [account("d", "tiktok", 20_000)]
    rows = posts("a", [100] * 12) + posts("b", [300] * 12) + posts("c", [200] * 12)
    frame = vet(accs, rows + posts("d", [50] * 12))
    assert [one(frame, x)["engagement_percentile"] for x in "abcd"] == pytest.approx(
        [1 / 6, 5 / 6, 1 / 2, 1 / 2]
    )
    assert one(frame, "a")["engagement_peers"] == 3


def test_platform_without_figures_scores_against_peers() -> None:
    accs = [account(f"y{i}", "youtube", 20_000) for i in range(25)]
    rows = [p for i in range(25) for p in posts(f"y{i}", [100 + 10 * i] * 12)]
    lonely = account("lonely", "youtube", 5_000_000)
    frame = vet([*accs, lonely], rows + posts("lonely", [9] * 12))
    top = one(frame, "y24")
    assert top["engagement_benchmark_match"] == "peers"
    assert top["engagement_score"] == pytest.approx(100 * (25 - 0.5) / 25)
    assert top["engagement_confidence"] == pytest.approx(D.engagement.peer_confidence)
    alone = one(frame, "lonely")
    assert alone["engagement_benchmark_match"] == "none"
    assert alone["engagement_score"] is None
    assert alone["engagement_confidence"] == 0.0


def test_fallback_none() -> None:
    strict = merge_defaults(D, {"benchmarks": {"sets": {"seeds": {"fallback": "none"}}}})
    row = one(vet([account("a", "instagram", 150_000)], posts("a", [100] * 12), strict))
    assert row["engagement_benchmark_match"] == "none"
    assert row["engagement_score"] is None


def test_unknown_followers_give_no_rate_but_no_crash() -> None:
    row = one(vet([account("a", "instagram", None)], posts("a", [100] * 12)))
    assert row["engagement_value"] is None
    assert row["engagement_confidence"] == 0.0
    assert row["tier"] is None


def test_flags_for_low_and_unusually_high_engagement() -> None:
    accs = [account("low", "instagram", 50_000), account("high", "instagram", 50_000)]
    rows = posts("low", [500] * 12) + posts("high", [20_000] * 12)
    frame = vet(accs, rows)
    assert "low_engagement" in one(frame, "low")["flags"]
    assert "unusually_high_engagement" in one(frame, "high")["flags"]


def test_explained_component() -> None:
    frame = vet([account("a", "instagram", 50_000)], posts("a", [1_000] * 12))
    comp = next(reports_from_frame(frame, D)).component("engagement")
    assert comp is not None
    assert comp.weight == D.composite.weights["engagement"]
    assert comp.evidence["benchmark"] == 0.06
    assert comp.evidence["benchmark_source"] == "seed 002"
    assert comp.evidence["basis"] == "followers"
    assert [r.code for r in comp.reasons] == ["er_far_below_benchmark"]
    assert comp.reasons[0].params["er"] == pytest.approx(0.02)

"""Activity: posting frequency, consistency, recency, and confidence from the observed span."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import polars as pl
import pytest

from resonanz.core.config import load_defaults
from resonanz.core.vetting.pipeline import reports_from_frame, vet_frame

D = load_defaults()
S = D.activity
NOW = datetime(2024, 6, 1, 12)
ACC = {
    "account_id": pl.String,
    "platform": pl.String,
    "followers": pl.Int64,
    "media_count": pl.Int64,
}
POSTS = {"account_id": pl.String, "posted_at": pl.Datetime("us"), "likes": pl.Int64}


def posted(aid: str, days_ago: Sequence[float]) -> list[dict[str, Any]]:
    return [{"account_id": aid, "posted_at": NOW - timedelta(days=d), "likes": 1} for d in days_ago]


def vet(
    rows: list[dict[str, Any]], platform: str = "instagram", media_count: int | None = None
) -> pl.DataFrame:
    acc = pl.DataFrame(
        [
            {
                "account_id": "a",
                "platform": platform,
                "followers": 20_000,
                "media_count": media_count,
            }
        ],
        schema=ACC,
    )
    return vet_frame(acc, pl.DataFrame(rows, schema=POSTS), pl.DataFrame(), D, now=NOW)


def test_regular_posting_meets_the_expectation() -> None:
    row = vet(posted("a", range(0, 200, 2))).row(0, named=True)  # every 2 days, long history
    assert row["activity_posts_in_window"] == 45
    assert row["activity_value"] == pytest.approx(45 / (90 / 7))
    assert row["activity_gap_cv"] == pytest.approx(0.0)
    assert row["activity_score"] == pytest.approx(100.0)
    assert row["activity_confidence"] == pytest.approx(1.0)
    assert not row["activity_inactive"]


def test_expectation_is_per_platform() -> None:
    rows = posted("a", range(0, 200, 2))
    insta = vet(rows, "instagram").row(0, named=True)
    tiktok = vet(rows, "tiktok").row(0, named=True)
    assert insta["activity_frequency_score"] == pytest.approx(100.0)
    expected = 100 * ((45 / (90 / 7)) / 7.0) ** S.frequency_exponent
    assert tiktok["activity_frequency_score"] == pytest.approx(expected)


def test_inactive_account() -> None:
    row = vet(posted("a", range(45, 300, 3))).row(0, named=True)
    assert row["activity_days_since_last"] == pytest.approx(45)
    assert row["activity_inactive"]
    assert "inactive" in row["flags"]
    base = (
        S.frequency_weight * row["activity_frequency_score"]
        + (1 - S.frequency_weight) * row["activity_consistency_score"]
    )
    assert row["activity_score"] == pytest.approx(base * 0.5)  # 15 days past the 30-day limit


def test_long_gone_account_scores_zero() -> None:
    row = vet(posted("a", [200, 210, 220])).row(0, named=True)
    assert row["activity_posts_in_window"] == 0
    assert row["activity_score"] == 0.0
    assert row["activity_confidence"] == pytest.approx(0.5)


def test_bursty_posting_is_irregular() -> None:
    bursts = [d + h / 24 for d in (1, 31, 61) for h in range(5)]
    row = vet(posted("a", bursts)).row(0, named=True)
    assert row["activity_gap_cv"] > 1.0
    assert row["activity_consistency_score"] < 50
    codes = [
        r.code for r in next(reports_from_frame(vet(posted("a", bursts)), D)).components[2].reasons
    ]
    assert "act_irregular" in codes


def test_truncated_feed_uses_observed_span() -> None:
    row = vet(posted("a", [i * 20 / 11 for i in range(12)])).row(0, named=True)  # 12 posts, 20 days
    assert row["activity_observed_days"] == pytest.approx(20.0)
    assert row["activity_value"] == pytest.approx(12 / (20 / 7))
    assert row["activity_confidence"] == pytest.approx(20 / 90)


def test_few_posts_have_no_consistency_and_lower_confidence() -> None:
    row = vet(posted("a", [1, 100])).row(0, named=True)
    assert row["activity_gap_cv"] is None
    assert row["activity_score"] == pytest.approx(row["activity_frequency_score"])
    assert row["activity_confidence"] == pytest.approx(0.5 + 0.5 * 1 / S.min_posts_full_confidence)


def test_no_posts() -> None:
    unknown = vet([]).row(0, named=True)
    assert unknown["activity_score"] is None
    assert unknown["activity_confidence"] == 0.0
    never = vet([], media_count=0).row(0, named=True)
    assert never["activity_score"] == 0.0
    assert never["activity_inactive"]


def test_posts_after_now_are_ignored() -> None:
    rows = posted("a", [-5, 40])
    row = vet(rows).row(0, named=True)
    assert row["activity_days_since_last"] == pytest.approx(40)


def test_reasons() -> None:
    comp = next(reports_from_frame(vet(posted("a", range(0, 200, 2))), D)).component("activity")
    assert comp is not None
    assert [r.code for r in comp.reasons] == ["act_frequency_ok", "act_regular", "act_last_post"]
    assert comp.evidence["expected_per_week"] == S.expected_posts_per_week["instagram"]

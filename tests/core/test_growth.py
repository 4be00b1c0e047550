"""Growth: robust trend, spikes and drops with their dates, confidence from history length."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import polars as pl
import pytest

from resonanz.core.config import load_defaults
from resonanz.core.vetting.pipeline import reports_from_frame, vet_frame

D = load_defaults()
NOW = datetime(2024, 6, 30)
ACC = {"account_id": pl.String, "platform": pl.String, "followers": pl.Int64}
MET = {"account_id": pl.String, "date": pl.Date, "followers": pl.Float64}


def history(aid: str, followers: Sequence[float | None], every: int = 1) -> list[dict[str, Any]]:
    """Daily (or every ``every`` days) follower counts ending on NOW's date."""
    last = NOW.date()
    n = len(followers)
    return [
        {"account_id": aid, "date": last - timedelta(days=every * (n - 1 - i)), "followers": f}
        for i, f in enumerate(followers)
    ]


def vet(rows: list[dict[str, Any]], followers: int | None = 20_000, **kw: Any) -> dict[str, Any]:
    ids = sorted({r["account_id"] for r in rows}) or ["a"]
    acc = pl.DataFrame(
        [{"account_id": i, "platform": "instagram", "followers": followers} for i in ids],
        schema=ACC,
    )
    metrics = pl.DataFrame(rows, schema=MET) if rows else pl.DataFrame()
    frame = vet_frame(acc, pl.DataFrame(), metrics, D, now=kw.pop("now", NOW), **kw)
    return frame.row(0, named=True)


def steady(days: int = 180, start: float = 20_000.0, daily: float = 0.001) -> list[float]:
    return [start * (1 + daily) ** i for i in range(days)]


def test_steady_growth_trend() -> None:
    row = vet(history("a", steady()))
    assert row["growth_value"] == pytest.approx(1.001**30 - 1, rel=1e-6)
    assert row["growth_n_spikes"] == 0
    assert row["growth_n_drops"] == 0
    assert row["growth_confidence"] == pytest.approx(1.0)
    expected = 50 + 50 * (1.001**30 - 1) / D.growth.full_score_growth_30d
    assert row["growth_score"] == pytest.approx(expected)


def test_spike_of_40_percent_is_flagged_with_its_date() -> None:
    series = steady(daily=0.0005)
    for i in range(120, 180):
        series[i] *= 1.4  # bought followers on day 120, kept afterwards
    row = vet(history("a", series))
    spike_day = NOW.date() - timedelta(days=59)
    assert row["growth_n_spikes"] == 1
    (spike,) = row["growth_spikes"]
    assert spike["date"] == spike_day
    assert spike["change_pct"] == pytest.approx(1.4 * 1.0005 - 1)
    assert spike["change"] == round(series[120] - series[119])
    clean = vet(history("a", steady(daily=0.0005)))
    expected = min(clean["growth_score"], D.growth.spike_trend_cap) - D.growth.spike_penalty
    assert row["growth_score"] == pytest.approx(expected)
    assert row["growth_value"] == pytest.approx(clean["growth_value"], rel=1e-6)  # robust trend


def test_drop_is_flagged() -> None:
    series = steady(daily=0.0)
    for i in range(90, 180):
        series[i] *= 0.8
    row = vet(history("a", series))
    assert row["growth_n_drops"] == 1
    assert row["growth_drops"][0]["change_pct"] == pytest.approx(-0.2)
    assert row["growth_n_spikes"] == 0


def test_noise_is_not_a_spike() -> None:
    rng = np.random.default_rng(13)
    series = [20_000 * (1 + 0.001 * i) + rng.normal(0, 40) for i in range(180)]
    row = vet(history("a", series))
    assert (row["growth_n_spikes"], row["growth_n_drops"]) == (0, 0)
    assert "follower_spike" not in row["flags"]


def test_small_jump_below_the_share_floor_is_not_a_spike() -> None:
    series = steady(daily=0.0)
    for i in range(100, 180):
        series[i] += 600  # +3 % < 5 %
    assert vet(history("a", series))["growth_n_spikes"] == 0


def test_declining_account_is_flagged() -> None:
    row = vet(history("a", steady(daily=-0.002)))
    assert row["growth_value"] < D.growth.declining_below_30d
    assert "declining_followers" in row["flags"]
    assert row["growth_score"] < 50


def test_no_history() -> None:
    row = vet([])
    assert row["growth_score"] is None
    assert row["growth_confidence"] == 0.0
    assert row["growth_observations"] == 0


def test_no_history_reason() -> None:
    acc = pl.DataFrame([{"account_id": "a", "platform": "tiktok", "followers": 5}], schema=ACC)
    frame = vet_frame(acc, pl.DataFrame(), pl.DataFrame(), D, now=NOW)
    comp = next(reports_from_frame(frame, D)).component("growth")
    assert comp is not None
    assert comp.score is None
    assert [r.code for r in comp.reasons] == ["growth_no_history"]


def test_single_observation_has_no_score() -> None:
    row = vet(history("a", [20_000.0]))
    assert row["growth_score"] is None
    assert row["growth_confidence"] == 0.0


def test_short_history_lowers_confidence() -> None:
    row = vet(history("a", steady(days=31)))
    assert row["growth_span_days"] == 30
    assert row["growth_confidence"] == pytest.approx(30 / 90)
    weekly = vet(history("a", steady(days=20), every=7))  # weekly samples over 133 days
    assert weekly["growth_confidence"] == pytest.approx(1.0)


def test_nulls_are_skipped_not_zero() -> None:
    series: list[float | None] = list(steady(daily=0.0))
    series[50] = None
    row = vet(history("a", series))
    assert row["growth_n_drops"] == 0
    assert row["growth_observations"] == 179


def test_days_after_now_and_before_window_are_ignored() -> None:
    series = steady(days=400, daily=0.0)
    series[10] = 1.0  # far before the window
    rows = history("a", series)
    rows.append({"account_id": "a", "date": date(2024, 7, 5), "followers": 1.0})  # after now
    row = vet(rows)
    assert (row["growth_n_spikes"], row["growth_n_drops"]) == (0, 0)
    assert row["growth_first_date"] == NOW.date() - timedelta(days=179)
    assert row["growth_last_date"] == NOW.date()


def test_followers_taken_from_history_when_profile_has_none() -> None:
    row = vet(history("a", steady(daily=0.0, start=7_000)), followers=None)
    assert row["followers"] == 7_000
    assert row["followers_source"] == "history"
    assert row["tier"] == "nano"


def test_unsorted_input_and_two_accounts() -> None:
    rows = history("b", steady(daily=0.0)) + history("a", steady(daily=0.002))
    rows.reverse()
    acc = pl.DataFrame(
        [{"account_id": i, "platform": "tiktok", "followers": 1} for i in "ab"], schema=ACC
    )
    frame = vet_frame(acc, pl.DataFrame(), pl.DataFrame(rows, schema=MET), D, now=NOW)
    assert frame["growth_value"].to_list() == pytest.approx([1.002**30 - 1, 0.0])


def test_spike_reason_and_evidence() -> None:
    series = steady(daily=0.0)
    series[150:] = [f * 1.5 for f in series[150:]]
    acc = pl.DataFrame(
        [{"account_id": "a", "platform": "instagram", "followers": 30_000}], schema=ACC
    )
    frame = vet_frame(acc, pl.DataFrame(), pl.DataFrame(history("a", series), schema=MET), D)
    report = next(reports_from_frame(frame, D))
    comp = report.component("growth")
    assert comp is not None
    spikes = [r for r in comp.reasons if r.code == "growth_spike"]
    assert len(spikes) == 1
    assert spikes[0].severity == "alert"
    assert comp.evidence["spikes"] == [
        {"date": (NOW.date() - timedelta(days=29)).isoformat(), "change": 10_000, "change_pct": 0.5}
    ]
    assert "follower_spike" in report.flags


def test_a_purchase_spread_over_two_days_is_one_spike() -> None:
    series = steady(daily=0.0)
    for i in range(120, len(series)):
        series[i] *= 1.2  # day 120: +20 %
    for i in range(121, len(series)):
        series[i] *= 1.15  # day 121: another +15 %
    row = vet(history("a", series))
    assert row["growth_n_spikes"] == 1
    (spike,) = row["growth_spikes"]
    assert spike["change"] == round(series[121] - series[119])
    assert spike["change_pct"] == pytest.approx(1.2 * 1.15 - 1)

"""Platform advice (seed 002's rules) and posting times learned with the seed as prior."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.core.advice import advise_platforms, posting_times
from resonanz.core.brief import PlanBrief, Target
from resonanz.core.config import load_defaults
from resonanz.core.messages import MESSAGES, render

A = load_defaults().advice
BERLIN = ZoneInfo("Europe/Berlin")


def test_gen_z_small_budget_engagement_goes_to_tiktok() -> None:
    brief = PlanBrief(target=Target(age=(16, 24)), budget_eur=5000, goal="engagement")
    advice = advise_platforms(brief, A)
    assert advice.recommended == "tiktok"
    tiktok = advice.scores[0]
    codes = {r.code for r in tiktok.reasons}
    assert {"advice_age_match", "advice_small_budget", "advice_goal_match"} <= codes
    assert tiktok.components["age"] == 1.0
    instagram = next(s for s in advice.scores if s.platform == "instagram")
    assert instagram.components["age"] == 0.0
    assert "advice_age_mismatch" in {r.code for r in instagram.reasons}


def test_millennial_beauty_awareness_goes_to_instagram() -> None:
    brief = PlanBrief(
        target=Target(age=(30, 45)), niches=("beauty",), budget_eur=50_000, goal="awareness"
    )
    advice = advise_platforms(brief, A)
    assert advice.recommended == "instagram"
    assert advice.scores[0].share > 0.5
    assert abs(sum(s.share for s in advice.scores) - 1.0) < 1e-9
    assert advice.confidence == 1.0 - A.weights.format  # no formats named


def test_an_empty_brief_gives_no_preference_and_no_confidence() -> None:
    advice = advise_platforms(PlanBrief(), A)
    # only the goal (default awareness) is known
    assert advice.confidence == A.weights.goal
    assert {s.platform for s in advice.scores} == set(A.platforms)


def test_the_brief_platforms_restrict_the_advice() -> None:
    advice = advise_platforms(PlanBrief(platforms=("instagram",)), A)
    assert [s.platform for s in advice.scores] == ["instagram"]
    assert advice.scores[0].share == 1.0


def test_reasons_render_in_both_languages() -> None:
    brief = PlanBrief(
        target=Target(age=(18, 30)),
        niches=("beauty",),
        budget_eur=3000,
        goal="conversions",
        formats=("video", "reel"),
    )
    seen = set()
    for score in advise_platforms(brief, A).scores:
        for reason in score.reasons:
            seen.add(reason.code)
            de, en = render(reason, "de"), render(reason, "en")
            assert "{" not in de + en and "None" not in de + en
            assert ("TikTok" in de and "TikTok" in en) or ("Instagram" in de and "Instagram" in en)
    assert seen == {c for c in MESSAGES if c.startswith("advice_")}


@settings(max_examples=60, deadline=None)
@given(
    lo=st.integers(13, 70),
    span=st.integers(0, 40),
    budget=st.floats(100, 1e6),
    goal=st.sampled_from(["awareness", "engagement", "conversions"]),
    niches=st.lists(st.sampled_from(["beauty", "fitness", "tech", "fashion"]), unique=True),
)
def test_scores_are_bounded_and_shares_sum_to_one(lo, span, budget, goal, niches) -> None:
    brief = PlanBrief(target=Target(age=(lo, lo + span)), budget_eur=budget, goal=goal,
                      niches=tuple(niches))  # fmt: skip
    advice = advise_platforms(brief, A)
    assert all(0.0 <= s.score <= 1.0 for s in advice.scores)
    assert abs(sum(s.share for s in advice.scores) - 1.0) < 1e-9
    assert 0.0 < advice.confidence <= 1.0
    assert [s.score for s in advice.scores] == sorted(
        (s.score for s in advice.scores), reverse=True
    )


def _posts(account: str, stamps: list[datetime], likes: list[int]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "account_id": [account] * len(stamps),
            "posted_at": [s.astimezone(UTC).replace(tzinfo=None) for s in stamps],
            "likes": likes,
            "comments": [0] * len(stamps),
        },
        schema={
            "account_id": pl.String,
            "posted_at": pl.Datetime("us"),
            "likes": pl.Int64,
            "comments": pl.Int64,
        },
    )


ACCOUNTS = pl.DataFrame({"account_id": ["ig", "tt"], "platform": ["instagram", "tiktok"]})


def test_without_history_the_seed_windows_win() -> None:
    empty = _posts("ig", [], [])
    top = posting_times(empty, ACCOUNTS, A.timing).filter(pl.col("rank") == 1)
    ig = top.filter(pl.col("account_id") == "ig").row(0, named=True)
    assert (ig["days"], ig["start_hour"], ig["end_hour"]) == ("weekday", 10, 12)
    assert ig["seed_window"] and ig["evidence"] == "seed" and ig["posts"] == 0
    assert abs(ig["expected_lift"] - A.timing.prior_lift) < 1e-9
    tt = posting_times(empty, ACCOUNTS, A.timing).filter(pl.col("account_id") == "tt")
    assert set(tt["start_hour"].to_list()) <= {18, 20} and tt.height == A.timing.top


def _history(n_days: int, good_hour: int, boost: int) -> pl.DataFrame:
    """Daily posts at 9, 15 and ``good_hour`` local time; the good hour gets ``boost``× likes."""
    start = datetime(2024, 3, 4, tzinfo=BERLIN)
    stamps, likes = [], []
    for d in range(n_days):
        day = start + timedelta(days=d)
        for hour in (9, 15, good_hour):
            stamps.append(day.replace(hour=hour))
            likes.append(100 * (boost if hour == good_hour else 1) + (d % 7))
    return _posts("ig", stamps, likes)


def test_a_long_history_finds_the_accounts_own_best_window() -> None:
    top = posting_times(_history(60, 20, 3), ACCOUNTS, A.timing)
    best = top.filter((pl.col("account_id") == "ig") & (pl.col("rank") == 1)).row(0, named=True)
    assert best["start_hour"] == 20 and best["evidence"] == "own" and not best["seed_window"]
    assert best["posts"] > 30 and best["expected_lift"] > 2.0


def test_a_short_history_is_shrunk_towards_the_seed() -> None:
    # one good post at 20:00 is not enough to beat the seed's weekday 10–12 window
    top = posting_times(_history(1, 20, 2), ACCOUNTS, A.timing)
    best = top.filter((pl.col("account_id") == "ig") & (pl.col("rank") == 1)).row(0, named=True)
    assert (best["start_hour"], best["seed_window"], best["evidence"]) == (10, True, "seed")
    second = top.filter((pl.col("account_id") == "ig") & (pl.col("rank") == 2)).row(0, named=True)
    assert (second["start_hour"], second["evidence"], second["posts"]) == (20, "mixed", 1)


def test_accounts_without_interactions_are_not_divided_by_zero() -> None:
    posts = _posts("ig", [datetime(2024, 3, 4, 12, tzinfo=BERLIN)] * 3, [0, 0, 0])
    top = posting_times(posts, ACCOUNTS, A.timing)
    assert top["expected_lift"].is_finite().all()

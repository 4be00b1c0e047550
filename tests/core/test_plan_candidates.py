"""Candidate options for the planner: expected value per goal, ranges, filters."""

from __future__ import annotations

import polars as pl
import pytest

from resonanz.core.brief import PlanBrief
from resonanz.core.planning.candidates import candidates
from resonanz.core.planning.settings import builtin_planner

S = builtin_planner()


def _vetted(**over: list[object]) -> pl.DataFrame:
    base: dict[str, list[object]] = {
        "account_id": ["a", "b", "c"],
        "handle": ["ha", "hb", "hc"],
        "platform": ["instagram", "instagram", "tiktok"],
        "tier": ["micro", "micro", "mid"],
        "followers": [10_000, 40_000, 80_000],
        "is_private": [False, False, False],
        "score": [60.0, 60.0, 60.0],
        "engagement_value": [0.03, 0.03, 0.03],
        "follower_quality_real_share": [0.8, 0.8, 0.8],
    }
    base.update(over)
    return pl.DataFrame(base)


def _fees(ids: tuple[str, ...] = ("a", "b", "c")) -> pl.DataFrame:
    rows = [(a, d) for a in ids for d in ("feed_post", "story", "video")]
    return pl.DataFrame(
        {
            "account_id": [a for a, _ in rows],
            "deliverable": [d for _, d in rows],
            "fee_eur": [100.0] * len(rows),
            "fee_low_eur": [70.0] * len(rows),
            "fee_high_eur": [130.0] * len(rows),
        }
    )


@pytest.mark.parametrize("goal", ["awareness", "engagement", "conversions"])
def test_value_grows_with_followers(goal: str) -> None:
    out = candidates(_vetted(), _fees(), PlanBrief(goal=goal, budget_eur=1000), S)  # type: ignore[arg-type]
    feed = out.filter(pl.col("deliverable") == "feed_post").sort("account_id")
    values = feed["value"].to_list()
    assert values == sorted(values) and values[0] < values[-1]
    assert (feed["value_low"] <= feed["value"]).all() and (
        feed["value"] <= feed["value_high"]
    ).all()


def test_goals_chain_reach_engagement_conversions() -> None:
    brief = {"budget_eur": 1000.0}
    aw, en, co = (
        candidates(_vetted(), _fees(), PlanBrief(goal=g, **brief), S)["value"][0]  # type: ignore[arg-type]
        for g in ("awareness", "engagement", "conversions")
    )
    assert en == pytest.approx(aw * 0.03)
    assert co == pytest.approx(en * S.value.conversion_rate[1])


def test_missing_follower_quality_widens_range_not_zero() -> None:
    known = candidates(_vetted(), _fees(), PlanBrief(budget_eur=1000), S)
    unknown = candidates(
        _vetted(follower_quality_real_share=[None, None, None]),
        _fees(),
        PlanBrief(budget_eur=1000),
        S,
    )
    assert (unknown["value"] > 0).all()
    assert not unknown["real_share_known"].any() and known["real_share_known"].all()
    width = lambda f: (f["value_high"] - f["value_low"]) / f["value"]  # noqa: E731
    assert (width(unknown) > width(known)).all()


def test_unknown_audience_with_target_widens_range() -> None:
    brief = PlanBrief(budget_eur=1000, target={"countries": ["DE"]})
    vetted = _vetted(audience_fit_value=[0.5, None, 0.5])
    out = candidates(vetted, _fees(), brief, S).filter(pl.col("deliverable") == "feed_post")
    b = out.filter(pl.col("account_id") == "b").row(0, named=True)
    a = out.filter(pl.col("account_id") == "a").row(0, named=True)
    assert b["value"] > 0 and not b["in_target_known"] and a["in_target_known"]
    assert b["value_low"] / b["value"] < a["value_low"] / a["value"]


def test_platform_and_format_filters() -> None:
    out = candidates(
        _vetted(), _fees(), PlanBrief(budget_eur=1000, platforms=["tiktok"], formats=["video"]), S
    )
    assert set(out["platform"]) == {"tiktok"} and set(out["deliverable"]) == {"video"}
    assert out.height == 1


def test_private_and_unscored_accounts_are_not_bookable() -> None:
    vetted = _vetted(is_private=[True, False, False], score=[60.0, None, 60.0])
    out = candidates(vetted, _fees(), PlanBrief(budget_eur=1000), S)
    assert set(out["account_id"]) == {"c"}


def test_cluster_from_niche_with_size() -> None:
    vetted = _vetted(content_fit_top_niche=["fitness", "fitness", None])
    out = candidates(vetted, _fees(), PlanBrief(budget_eur=1000), S)
    fit = out.filter(pl.col("cluster") == "instagram:fitness")
    assert set(fit["account_id"]) == {"a", "b"}
    assert fit["cluster_size"][0] == pytest.approx((10_000 + 40_000) * 0.8)
    assert out.filter(pl.col("account_id") == "c")["cluster"].is_null().all()
    assert "cluster" not in candidates(_vetted(), _fees(), PlanBrief(budget_eur=1000), S).columns


def test_only_deliverables_the_platform_offers() -> None:
    out = candidates(_vetted(), _fees(), PlanBrief(budget_eur=1000), S)
    kinds = {p: set(g["deliverable"]) for (p,), g in out.group_by("platform")}
    assert kinds == {"instagram": {"feed_post", "story"}, "tiktok": {"video"}}


def test_private_tier_and_off_niche_accounts_are_no_candidates() -> None:
    """Below 1k followers is a private person; a niche brief drops off-niche creators and
    scales the value of the rest by their content fit."""
    from resonanz.core.brief import PlanBrief
    from resonanz.core.config import load_defaults
    from resonanz.core.planning.candidates import candidates

    d = load_defaults()
    vetted = pl.DataFrame(
        {
            "account_id": ["p", "off", "half", "full"],
            "handle": ["p", "off", "half", "full"],
            "platform": ["tiktok"] * 4,
            "tier": ["private", "micro", "micro", "micro"],
            "followers": [800, 20_000, 20_000, 20_000],
            "is_private": [False] * 4,
            "score": [70.0] * 4,
            "content_fit_score": [90.0, 5.0, 50.0, 100.0],
        }
    )
    fees = pl.DataFrame(
        {
            "account_id": ["p", "off", "half", "full"],
            "deliverable": ["video"] * 4,
            "fee_eur": [5.0, 300.0, 300.0, 300.0],
            "fee_low_eur": [3.0, 200.0, 200.0, 200.0],
            "fee_high_eur": [7.0, 400.0, 400.0, 400.0],
        }
    )
    niche = candidates(vetted, fees, PlanBrief(budget_eur=1000, niches=("fitness",)), d)
    assert set(niche["account_id"]) == {"half", "full"}
    value = dict(zip(niche["account_id"], niche["value"], strict=True))
    assert value["half"] == pytest.approx(value["full"] / 2)
    plain = candidates(vetted, fees, PlanBrief(budget_eur=1000), d)
    assert set(plain["account_id"]) == {"off", "half", "full"}  # no topics: fit does not filter

"""Fee learning from past deals (resonanz/core/fees/learn.py)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.core.fees import DELIVERABLES
from resonanz.core.fees.learn import DealError, FeeLearnSettings, check_deals, fit

S = FeeLearnSettings(
    prior_sd_log=0.5, prior_slope_sd=0.2, noise_sd_log=0.35, noise_prior_weight=4.0, interval=0.9
)


def _deals(n: int, ratio: float, seed: int = 0, noise: float = 0.1) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    followers = rng.uniform(5_000, 80_000, n)
    prior = followers / 1000 * 13.8
    paid = prior * ratio * np.exp(rng.normal(0, noise, n))
    return pl.DataFrame(
        {"platform": ["instagram"] * n, "deliverable": ["feed_post"] * n,
         "followers": followers, "prior_fair_eur": prior, "fee_paid_eur": paid}
    )  # fmt: skip


def test_no_information_stays_at_the_prior_and_many_deals_move_it() -> None:
    few = fit(_deals(1, 2.0), S).predict("instagram", "feed_post", 20_000, 276.0)
    many = fit(_deals(200, 2.0), S).predict("instagram", "feed_post", 20_000, 276.0)
    assert 276.0 < few.fair_eur < many.fair_eur  # one deal moves it a little
    assert many.fair_eur == pytest.approx(552.0, rel=0.05)  # 200 deals: paid ≈ 2 × prior
    assert few.data_weight < many.data_weight <= 1.0
    assert many.low_eur < many.fair_eur < many.high_eur
    assert (many.high_eur - many.low_eur) < (few.high_eur - few.low_eur)  # surer with more deals


def test_unseen_segment_keeps_the_prior_fee() -> None:
    model = fit(_deals(50, 1.5), S)
    p = model.predict("tiktok", "video", 10_000, 100.0)  # no tiktok deals; slope term 0 at 10k
    assert p.fair_eur == pytest.approx(100.0, rel=0.02)
    assert p.n_deals == 0


def test_interval_covers_new_deals() -> None:
    """90 % predictive intervals cover about 90 % of fresh deals from the same process."""
    model = fit(_deals(300, 1.3, seed=1, noise=0.3), S)
    fresh = _deals(2_000, 1.3, seed=2, noise=0.3)
    hits = 0
    for f, prior, paid in fresh.select("followers", "prior_fair_eur", "fee_paid_eur").iter_rows():
        p = model.predict("instagram", "feed_post", f, prior)
        hits += p.low_eur <= paid <= p.high_eur
    assert 0.86 <= hits / fresh.height <= 0.94


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 30), st.floats(0.3, 3.0), st.integers(0, 10_000))
def test_learned_fee_lies_between_prior_and_data(n: int, ratio: float, seed: int) -> None:
    """The posterior mean at the reference follower count is a blend: between the prior fee
    and the deals' geometric-mean ratio (up to their noise)."""
    d = _deals(n, ratio, seed=seed, noise=0.0).with_columns(pl.lit(10_000.0).alias("followers"))
    p = fit(d, S).predict("instagram", "feed_post", 10_000, 100.0)
    lo, hi = sorted((100.0, 100.0 * ratio))
    assert lo - 1e-6 <= p.fair_eur <= hi + 1e-6


def test_bad_rows_name_line_and_field() -> None:
    ok = {"account": "a", "deliverable": "reel", "fee_eur": "450,50", "date": "2026-03-01"}
    out = check_deals(pl.DataFrame([ok]), "deals.csv", DELIVERABLES)
    assert out["fee_paid_eur"][0] == 450.5  # German decimal comma
    cases = [
        ({**ok, "fee_eur": "-3"}, "line 3, field fee_eur"),
        ({**ok, "deliverable": "tweet"}, "line 3, field deliverable"),
        ({**ok, "date": "März"}, "line 3, field date"),
        ({**ok, "account": " "}, "line 3, field account"),
    ]
    for row, needle in cases:
        with pytest.raises(DealError, match=needle):
            check_deals(pl.DataFrame([ok, row]), "deals.csv", DELIVERABLES)
    with pytest.raises(DealError, match="missing column"):
        check_deals(pl.DataFrame([{"account": "a"}]), "deals.csv", DELIVERABLES)
    bad_reach = pl.DataFrame([{**ok, "reach": "viel"}])
    with pytest.raises(DealError, match="field reach"):
        check_deals(bad_reach, "deals.csv", DELIVERABLES)


def test_cost_per_outcome_summary() -> None:
    d = _deals(3, 1.0).with_columns(pl.Series("reach", [1000.0, 2000.0, None]))
    model = fit(d, S)
    assert "reach" in model.cost_per_outcome["instagram:feed_post"]

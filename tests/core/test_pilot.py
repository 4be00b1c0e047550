"""Pilot → scale: posterior multipliers from observed vs expected, pooled by platform × tier."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.core.messages import render
from resonanz.core.pilot import PilotError, builtin_pilot, pilot_update

S = builtin_pilot()


def _cands() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "account_id": ["a", "b", "c", "d", "e"],
            "handle": ["a", "b", "c", "d", "e"],
            "platform": ["tiktok", "tiktok", "instagram", "tiktok", "youtube"],
            "tier": ["micro", "micro", "micro", "micro", "mid"],
            "deliverable": ["video", "video", "reel", "video", "video"],
            "fee_eur": [300.0, 250.0, 400.0, 280.0, 2000.0],
            "value": [10.0, 8.0, 20.0, 9.0, 50.0],  # expected conversions per unit
            "value_low": [5.0, 4.0, 10.0, 4.0, 20.0],
            "value_high": [15.0, 12.0, 30.0, 14.0, 80.0],
        }
    )


def _results() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "account_id": ["a", "b", "c", "zz"],
            "deliverable": ["video", "video", "reel", "video"],
            "count": [2, 1, 1, 1],
            "conversions": [60.0, 16.0, 10.0, 5.0],  # a: 3× of 20, b: 2× of 8, c: 0.5× of 20
        }
    )


def test_over_delivery_raises_and_under_delivery_lowers_expectations() -> None:
    up = pilot_update(_cands(), _results(), "conversions", S)
    m = dict(zip(up.candidates["account_id"], up.candidates["pilot_multiplier"], strict=True))
    ev = dict(zip(up.candidates["account_id"], up.candidates["pilot_evidence"], strict=True))
    a0 = S.prior_strength
    # group tiktok×micro: (a0 + 76) / (a0 + 28); a is shrunk towards it from its raw 3×
    g = (a0 + 76.0) / (a0 + 28.0)
    assert m["a"] == pytest.approx((a0 * g + 60.0) / (a0 + 20.0))
    assert g < m["a"] < 3.0
    assert m["c"] < 1.0 and ev["c"] == "creator"
    assert m["d"] == pytest.approx(g) and ev["d"] == "group"  # not piloted: its group's multiplier
    overall = (a0 + 86.0) / (a0 + 48.0)
    assert m["e"] == pytest.approx(overall) and ev["e"] == "overall"
    assert up.unmatched == ["zz × video"]
    v = up.candidates
    assert (v["value_low"] <= v["value"]).all() and (v["value"] <= v["value_high"]).all()
    assert v.filter(pl.col("account_id") == "a")["value"][0] == pytest.approx(10.0 * m["a"])


def test_reasons_render_in_both_languages() -> None:
    up = pilot_update(_cands(), _results(), "conversions", S)
    a = render(up.reasons["a"][0], "de")
    assert a.startswith("Pilot: 60 Conversions statt erwartet 20")
    c = render(up.reasons["c"][0], "en")
    assert c.startswith("Pilot: only 10 conversions against 20 expected")


def test_reach_counts_as_far_less_evidence_than_conversions() -> None:
    res = _results().rename({"conversions": "reach"})
    up = pilot_update(_cands(), res, "awareness", S)
    a = up.creators.filter(pl.col("account_id") == "a").row(0, named=True)
    # 60 reach vs 20 expected, divided by the dispersion: the prior dominates
    assert 1.0 <= a["multiplier"] < 1.05
    assert a["multiplier_low"] < 1.0 < a["multiplier_high"]


def test_missing_metric_column_is_a_clear_error() -> None:
    with pytest.raises(PilotError, match="conversions"):
        pilot_update(_cands(), _results().drop("conversions"), "conversions", S)


def test_no_matching_row_is_an_error() -> None:
    res = _results().filter(pl.col("account_id") == "zz")
    with pytest.raises(PilotError, match="no row matches"):
        pilot_update(_cands(), res, "conversions", S)


@settings(max_examples=50, deadline=None)
@given(
    ratios=st.lists(st.floats(0.0, 10.0), min_size=1, max_size=4),
    counts=st.lists(st.integers(1, 5), min_size=4, max_size=4),
)
def test_multipliers_are_positive_and_inside_their_interval(ratios, counts) -> None:
    cands = _cands()
    ids = ["a", "b", "c", "d"][: len(ratios)]
    values = dict(zip(cands["account_id"], cands["value"], strict=True))
    res = pl.DataFrame(
        {
            "account_id": ids,
            "deliverable": ["reel" if i == "c" else "video" for i in ids],
            "count": counts[: len(ids)],
            "conversions": [
                r * values[i] * n for r, i, n in zip(ratios, ids, counts, strict=False)
            ],
        }
    )
    up = pilot_update(cands, res, "conversions", S)
    c = up.creators
    assert (c["multiplier"] > 0).all()
    assert (c["multiplier_low"] <= c["multiplier"]).all()
    assert (c["multiplier"] <= c["multiplier_high"]).all()


def test_a_pilot_that_delivers_exactly_the_plan_changes_nothing() -> None:
    res = pl.DataFrame(
        {"account_id": ["a", "c"], "deliverable": ["video", "reel"], "conversions": [10.0, 20.0]}
    )
    up = pilot_update(_cands(), res, "conversions", S)
    assert up.candidates["pilot_multiplier"].to_list() == pytest.approx([1.0] * 5)
    assert up.candidates["value"].to_list() == pytest.approx(_cands()["value"].to_list())

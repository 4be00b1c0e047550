"""Design phase: candidate test regions, power from placebo tests, minimum detectable effect."""

from __future__ import annotations

import numpy as np
import pytest

from resonanz.core.config import load_defaults, merge_defaults
from resonanz.core.geo import DesignRequest, design, panel_from_long
from resonanz.core.geo.design import candidate_sets, power_curve
from resonanz.io.geo_demo import demo_sales

FAST = merge_defaults(
    load_defaults(),
    {"geo": {"design": {"placebo_windows": 4, "candidates_per_count": 3, "permutations": 99,
                        "treated_counts": [2, 4]}}},
).geo  # fmt: skip


@pytest.fixture(scope="module")
def panel():  # type: ignore[no-untyped-def]
    frame, _ = demo_sales(regions=20, days=90, test_days=14, lift=0.0, treated=2, seed=11)
    return panel_from_long(frame)


def test_candidates_are_distinct_and_respect_include(panel) -> None:  # type: ignore[no-untyped-def]
    groups = candidate_sets(panel, (2, 3), 4, [5], seed=1)
    assert len(groups) == len(set(groups)) == 8
    assert all(5 in g for g in groups)
    assert {len(g) for g in groups} == {2, 3}


def test_power_grows_with_the_effect(panel) -> None:  # type: ignore[no-untyped-def]
    mask = np.zeros(len(panel.locations), dtype=bool)
    mask[[0, 3, 7]] = True
    curve = power_curve(panel.values, mask, 14, FAST, seed=0)
    lifts = list(curve.power)
    assert lifts == sorted(lifts)
    assert curve.mde is not None and curve.power[curve.mde] >= FAST.design.power_target
    assert all(curve.power[e] < FAST.design.power_target for e in lifts[:-1])
    assert curve.false_positive_rate <= 0.5


def test_design_ranks_affordable_first(panel) -> None:  # type: ignore[no-untyped-def]
    options = design(panel, DesignRequest(test_days=14, budget=2_000.0, cpic=1.0), FAST)
    assert len(options) == 6
    flags = [(not o.reliable, o.affordable is False) for o in options]
    assert flags == sorted(flags)
    for o in options:
        if o.mde is not None:
            assert o.investment == pytest.approx(o.mde * o.baseline)
            assert o.affordable == (o.investment <= 2_000.0)
        assert 0 < o.market_share < 1
    excluded = design(panel, DesignRequest(test_days=14, exclude=(panel.locations[0],)), FAST)
    assert all(panel.locations[0] not in o.treated for o in excluded)


def test_history_too_short(panel) -> None:  # type: ignore[no-untyped-def]
    from resonanz.core.geo import GeoFitError

    mask = np.zeros(len(panel.locations), dtype=bool)
    mask[:2] = True
    with pytest.raises(GeoFitError):
        power_curve(panel.values[:, :40], mask, 14, FAST, seed=0)

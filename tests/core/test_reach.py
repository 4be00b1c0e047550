"""Overlap and deduplicated-reach estimators (resonanz/core/planning/reach.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.core.planning.reach import (
    hll_relative_error,
    minhash_jaccard_error,
    pair_estimate,
    scale,
    union_estimate,
)


def test_error_formulas() -> None:
    assert hll_relative_error(14) == pytest.approx(1.04 / 128)
    assert minhash_jaccard_error(0.5, 256) == pytest.approx(math.sqrt(0.25 / 256))
    assert minhash_jaccard_error(0.0, 256) == 0.0


def test_complete_lists_are_exact() -> None:
    e = pair_estimate(30, 0.0, 100, 100, 50, 80)  # both samples hold the whole list
    assert e.exact and e.shared == 30 and e.se == 0.0
    assert e.jaccard == pytest.approx(30 / 120)


def test_sample_is_scaled_with_poisson_error() -> None:
    e = pair_estimate(4, 0.0, 100_000, 1_000, 200_000, 2_000)  # factor 100 × 100
    assert not e.exact
    assert e.shared == pytest.approx(4 * 100 * 100)
    assert e.se == pytest.approx(2 * 100 * 100)  # √4 · factor
    none = pair_estimate(0, 0.0, 100_000, 1_000, 200_000, 2_000)
    assert none.shared == 0 and none.upper95 == pytest.approx(3 * 100 * 100)  # rule of three
    assert none.se == pytest.approx(100 * 100)  # one name's worth: zero is not "known to be 0"
    assert scale(None, 50) == 1.0 and scale(40, 50) == 1.0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(1, 1e6), min_size=1, max_size=6),
    st.floats(0, 1),
)
def test_union_stays_within_its_range(sizes: list[float], frac: float) -> None:
    pairs = [
        pair_estimate(frac * min(a, b), 0.0, a, int(a), b, int(b))
        for i, a in enumerate(sizes)
        for b in sizes[i + 1 :]
    ]
    u = union_estimate(sizes, pairs)
    assert max(sizes) - 1e-6 <= u.unique <= sum(sizes) + 1e-6
    assert 0.0 <= u.duplicate_share <= 1.0


def test_sampling_estimator_is_unbiased_in_simulation() -> None:
    """Two audiences of 20,000 sharing 5,000; samples of 2,000 each: the mean of the scaled
    estimate over many draws is within two standard errors of the truth, and the stated error
    matches the spread."""
    rng = np.random.default_rng(5)
    a = np.arange(20_000)
    b = np.arange(15_000, 35_000)  # shares 15,000…19,999
    est, ses = [], []
    for _ in range(300):
        sa = rng.choice(a, 2_000, replace=False)
        sb = rng.choice(b, 2_000, replace=False)
        k = len(np.intersect1d(sa, sb))
        e = pair_estimate(k, 0.0, 20_000, 2_000, 20_000, 2_000)
        est.append(e.shared)
        ses.append(e.se)
    mean = float(np.mean(est))
    assert abs(mean - 5_000) < 2 * float(np.std(est)) / math.sqrt(len(est)) + 50
    assert float(np.mean(ses)) == pytest.approx(float(np.std(est)), rel=0.2)

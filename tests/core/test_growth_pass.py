"""The compiled growth pass's building blocks against numpy."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.core.vetting.growth_pass import _median_in_place, days_in_order, readonly

VALUES = st.lists(
    st.one_of(st.sampled_from([0.0, -0.01, 0.02]), st.floats(-1.0, 1.0)), min_size=1, max_size=60
)


@settings(max_examples=200, deadline=None)
@given(values=VALUES, extra=st.integers(0, 5))
def test_the_median_by_selection_equals_numpys(values: list[float], extra: int) -> None:
    """Odd and even counts, many duplicates; only the first ``n`` of the buffer count."""
    buffer = np.array([*values, *([9.0] * extra)], dtype=np.float64)
    assert _median_in_place(buffer, len(values)) == np.median(np.array(values))
    assert sorted(buffer[: len(values)]) == sorted(values)  # reordered, nothing lost


def test_days_in_order_looks_within_each_run_only() -> None:
    starts = np.array([0, 3, 5], dtype=np.int64)
    assert days_in_order(starts, readonly(np.array([1, 2, 2, 0, 7], dtype=np.int32)))
    assert not days_in_order(starts, readonly(np.array([1, 3, 2, 0, 7], dtype=np.int32)))
    assert days_in_order(np.array([0], dtype=np.int64), readonly(np.array([], dtype=np.int32)))

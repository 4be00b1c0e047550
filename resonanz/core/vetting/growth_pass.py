"""Growth's statistics in one compiled pass over the daily history (see :mod:`.growth`).

Why a compiled loop and not columnar expressions: each account needs the median of its daily
steps and, when a step could be a spike or drop, a MAD and the flagged steps. As polars
expressions that is a chain of passes over every daily row (29.7M at 100,000 creators), each
writing fresh columns of the full length; on the 2-core machines resonanz is measured on a pass
costs 0.1–0.2 s, mostly the memory it touches. Here a loop over the rows (already sorted by
account and date; accounts shared over the cores) keeps each account's ~180 steps in a small
scratch buffer and writes one median per account; a second loop visits only the accounts with a
candidate step and writes one row per flagged step. numba compiles them once per checkout
(``cache=True``: the machine code is kept beside the bytecode).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit, prange, types

# Signatures given up front: numba loads the machine code when the module is imported (its
# one-off start, ~0.5 s, is then part of loading resonanz, not of the first vetting). The daily
# columns are read-only views of polars' memory (see :func:`readonly`).
_DAY = types.Array(types.int32, 1, "C", readonly=True)
_FOLLOWERS = types.Array(types.float64, 1, "C", readonly=True)
_I64 = types.Array(types.int64, 1, "C")
_F64 = types.Array(types.float64, 1, "C")
_BOOL = types.Array(types.boolean, 1, "C")


def readonly(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``values`` as a contiguous read-only array (the kernels' signatures take those)."""
    out = np.ascontiguousarray(values)
    if out is values and out.flags.writeable:
        out = out.view()
    out.flags.writeable = False
    return out


MAD_TO_SIGMA = 1.4826
"""The MAD of normally distributed values times this is their standard deviation."""


@njit(cache=True, nogil=True)
def _select(values: Any, n: int, k: int) -> float:
    """The ``k``-th smallest of ``values[:n]`` (0-based), reordering them: Hoare's quickselect.

    Linear time and no allocation: a sort of each account's steps was most of the pass's work.
    Afterwards ``values[:k]`` are all ≤ the result.
    """
    lo, hi = 0, n - 1
    while lo < hi:
        pivot = values[(lo + hi) // 2]
        i, j = lo, hi
        while i <= j:
            while values[i] < pivot:
                i += 1
            while values[j] > pivot:
                j -= 1
            if i <= j:
                values[i], values[j] = values[j], values[i]
                i += 1
                j -= 1
        if k <= j:
            hi = j
        elif k >= i:
            lo = i
        else:
            break
    return float(values[k])


@njit(cache=True, nogil=True)
def _median_in_place(values: Any, n: int) -> float:
    """The median of ``values[:n]`` (reorders them): the middle one, or the mean of the two."""
    half = n // 2
    upper = _select(values, n, half)
    if n % 2 == 1:
        return upper
    lower = values[0]  # the largest of the lower half (all ≤ upper after the selection)
    for i in range(1, half):
        lower = max(lower, values[i])
    return float((lower + upper) / 2.0)


@njit(types.boolean(_I64, _DAY), cache=True, nogil=True)
def days_in_order(starts: Any, day: Any) -> bool:
    """Whether each run's rows (``starts[g]:starts[g + 1]``) go forward in time."""
    for g in range(starts.shape[0] - 1):
        for i in range(starts[g] + 1, starts[g + 1]):
            if day[i] < day[i - 1]:
                return False
    return True


@njit(cache=True, nogil=True)
def _relative_steps(day: Any, followers: Any, start: int, end: int, out: Any) -> int:
    """Writes the account's (rows ``start:end``) relative daily steps to ``out``; their count."""
    k = 0
    for i in range(start + 1, end):
        d = day[i] - day[i - 1]
        prev = followers[i - 1]
        if d > 0 and prev > 0:
            out[k] = (followers[i] - prev) / prev / d
            k += 1
    return k


@njit(
    types.Tuple((_F64, _F64))(_DAY, _FOLLOWERS, _I64, _F64),  # type: ignore[no-untyped-call]
    cache=True,
    nogil=True,
    parallel=True,
)
def _medians(day: Any, followers: Any, starts: Any, thresholds: Any) -> tuple[Any, Any]:
    """Per account: the median step and, when a step is a candidate, the MAD (else NaN).

    ``thresholds`` = (spike_min_share, spike_min_followers, drop_min_share, drop_min_followers).
    Accounts are shared over the cores: the selections are most of the work.
    """
    accounts = starts.shape[0] - 1
    median = np.full(accounts, np.nan)
    mad = np.full(accounts, np.nan)
    for g in prange(accounts):
        start, end = starts[g], starts[g + 1]
        rel = np.empty(end - start, dtype=np.float64)
        k = _relative_steps(day, followers, start, end, rel)
        if k == 0:
            continue
        spread = rel[:k].copy()
        med = _median_in_place(spread, k)
        median[g] = med
        for i in range(start + 1, end):
            d = day[i] - day[i - 1]
            if d > 0:
                prev = followers[i - 1]
                excess = followers[i] - prev - med * d * prev
                if excess > max(thresholds[0] * prev, thresholds[1]) or excess < -max(
                    thresholds[2] * prev, thresholds[3]
                ):
                    for j in range(k):
                        spread[j] = abs(rel[j] - med)
                    mad[g] = _median_in_place(spread, k)
                    break
    return median, mad


@njit(
    types.Tuple((_I64, _BOOL))(_DAY, _FOLLOWERS, _I64, _F64, _F64, _F64),  # type: ignore[no-untyped-call]
    cache=True,
    nogil=True,
)
def _flags(
    day: Any, followers: Any, starts: Any, median: Any, mad: Any, settings: Any
) -> tuple[Any, Any]:
    """The flagged steps' rows and whether each is a spike, of the accounts with a MAD."""
    rows, spikes = [], []
    spike_share, spike_min, drop_share, drop_min, spike_k, drop_k = settings
    for g in range(median.shape[0]):
        if np.isnan(mad[g]):
            continue
        for i in range(starts[g] + 1, starts[g + 1]):
            d = day[i] - day[i - 1]
            if d <= 0:
                continue
            prev = followers[i - 1]
            excess = followers[i] - prev - median[g] * d * prev
            noise = MAD_TO_SIGMA * mad[g] * d * prev
            if excess > max(spike_share * prev, spike_min, spike_k * noise) or excess < -max(
                drop_share * prev, drop_min, drop_k * noise
            ):
                rows.append(i)
                spikes.append(excess > 0)
    return np.array(rows, dtype=np.int64), np.array(spikes, dtype=np.bool_)


def growth_pass(
    starts: Any, day: Any, followers: Any, settings: tuple[float, float, float, float, float, float]
) -> tuple[Any, Any, Any]:
    """Per account: the median step; and the flagged steps.

    Account ``g``'s observations are the rows ``starts[g]:starts[g + 1]``, by day (see
    :func:`days_in_order`). A step goes from one row to the next of the same account over
    ``d = day − previous day > 0`` days from ``prev`` followers; its relative daily change
    ``r = change ÷ prev ÷ d`` counts when ``prev > 0``. The median ``m`` is over those ``r``
    (NaN when there are none: no step is then flagged). A step is a candidate when its excess
    ``change − m·d·prev`` exceeds ``max(spike_min_share·prev, spike_min_followers)`` (a drop:
    falls below minus ``max(drop_min_share·prev, drop_min_followers)``); a candidate is flagged
    when it also exceeds ``k`` robust sigmas, ``k · 1.4826 · MAD(r) · d · prev``.

    ``settings`` = (spike_min_share, spike_min_followers, drop_min_share, drop_min_followers,
    spike_mad_k, drop_mad_k). Returns the medians (NaN: no step), the flagged steps' rows
    (where each step ends) and whether each is a spike.
    """
    values = np.asarray(settings, dtype=np.float64)
    day, followers = readonly(day), readonly(followers)
    starts = np.ascontiguousarray(starts, dtype=np.int64)
    median, mad = _medians(day, followers, starts, values[:4].copy())
    rows, spikes = _flags(day, followers, starts, median, mad, values)
    return median, rows, spikes

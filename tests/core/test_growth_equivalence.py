"""The growth component's fast path equals the simple reference on random histories.

The fast path tests whether the input is already sorted and drops, before any step is given its
account's median, the steps that could not be a spike or drop with any account's median; both
must leave the result unchanged (:mod:`tests.core.growth_reference`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from resonanz.core.config import load_defaults
from resonanz.core.vetting.growth import growth_frame
from tests.core import growth_reference

S = load_defaults().growth
NOW = datetime(2024, 6, 30)


def _history(seed: int, accounts: int, shuffle: bool) -> pl.LazyFrame:
    """Histories with organic growth or decline, noise, purchases, purges, gaps, nulls, zeros."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[int, date, float | None]] = []
    for aid in range(accounts):
        days = int(rng.integers(0, 200))
        level = float(rng.choice([0.0, 50.0, 900.0, 20_000.0, 3e6]))
        daily = float(rng.normal(0.0, 0.003))
        every = int(rng.choice([1, 1, 2, 7]))
        for i in range(days):
            level = max(0.0, level * (1 + daily) + rng.normal(0.0, 0.002) * level)
            roll = rng.random()
            if roll < 0.01:
                level *= 1.0 + rng.uniform(0.05, 0.8)  # bought followers
            elif roll < 0.015:
                level *= 1.0 - rng.uniform(0.05, 0.5)  # a purge
            value = None if rng.random() < 0.03 else float(round(level))
            rows.append((aid, NOW.date() - timedelta(days=every * (days - 1 - i)), value))
    if shuffle:
        rows = [rows[i] for i in rng.permutation(len(rows))]
    schema = {"_aid": pl.UInt32, "date": pl.Date, "followers": pl.Float64}
    return pl.LazyFrame(rows, schema=schema, orient="row")


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), accounts=st.integers(0, 30), shuffle=st.booleans())
def test_growth_frame_equals_the_reference(seed: int, accounts: int, shuffle: bool) -> None:
    metrics = _history(seed, accounts, shuffle)
    ours = growth_frame(metrics, NOW, S).sort("_aid")
    reference = growth_reference.growth_frame(metrics, NOW, S).sort("_aid")
    assert_frame_equal(ours, reference, check_column_order=False)


def test_the_histories_have_spikes_and_drops() -> None:
    """The random histories exercise the flagged paths (else the test above proves little)."""
    frame = growth_frame(_history(3, 60, shuffle=False), NOW, S)
    assert frame["growth_spikes"].list.len().sum() > 0
    assert frame["growth_drops"].list.len().sum() > 0


def test_growth_by_account_id_ignores_unknown_accounts_and_equals_by_position() -> None:
    """Rows keyed by ``account_id`` (looked up per run) give what rows keyed by position give.

    Rows of an account missing from ``ids`` are ignored, wherever they sit, also between the
    runs of known accounts and in shuffled input.
    """
    by_position = _history(5, 25, shuffle=False).collect()
    for shuffle in (False, True):
        keyed = by_position.with_columns(account_id=pl.format("a{}", pl.col("_aid")))
        stranger = keyed.filter(pl.col("_aid") == 3).with_columns(account_id=pl.lit("nobody"))
        rows = pl.concat(
            [keyed.filter(pl.col("_aid") < 10), stranger, keyed.filter(pl.col("_aid") >= 10)]
        )
        if shuffle:
            rows = rows.sample(fraction=1.0, shuffle=True, seed=1)
        ids = keyed.select("account_id", "_aid").unique("_aid").lazy()
        ours = growth_frame(rows.drop("_aid").lazy(), NOW, S, ids).sort("_aid")
        expected = growth_frame(by_position.lazy(), NOW, S).sort("_aid")
        assert ours.height > 20
        assert_frame_equal(ours, expected, check_column_order=False)

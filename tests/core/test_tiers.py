"""Tier bands: scalar and polars versions agree, band sets per platform."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from resonanz.core.config import load_defaults
from resonanz.core.tiers import tier_columns, tier_expr, tier_names, tier_of

TIERS = load_defaults().tiers
DEFAULT = TIERS.band_set("default")
INSTA = TIERS.band_set("instagram_micro_5k_50k")


@pytest.mark.parametrize(
    ("followers", "tier"),
    [
        (0, "private"),
        (999, "private"),
        (1_000, "nano"),
        (9_999, "nano"),
        (10_000, "micro"),
        (99_999, "micro"),
        (100_000, "mid"),
        (999_999, "mid"),
        (1_000_000, "mega"),
        (250_000_000, "mega"),
        (None, None),
        (-1, None),
        (float("nan"), None),
    ],
)
def test_default_bands(followers: int | float | None, tier: str | None) -> None:
    assert tier_of(followers, DEFAULT) == tier


@pytest.mark.parametrize(
    ("followers", "tier"),
    [(999, "private"), (4_999, "nano"), (5_000, "micro"), (49_999, "micro"), (50_000, "mid")],
)
def test_instagram_micro_band(followers: int, tier: str) -> None:
    assert tier_of(followers, INSTA) == tier


def test_band_set_applies_to_its_platforms_only() -> None:
    frame = pl.DataFrame(
        {
            "platform": ["instagram", "tiktok", "instagram", "youtube"],
            "f": [7_000, 7_000, 60_000, None],
        }
    )
    tier, lower, upper = tier_columns(
        pl.col("f"), pl.col("platform"), TIERS, "instagram_micro_5k_50k"
    )
    out = frame.select(tier=tier, lower=lower, upper=upper)
    assert out["tier"].to_list() == ["micro", "nano", "mid", None]
    assert out["lower"].to_list() == [5_000, 1_000, 50_000, None]
    assert out["upper"].to_list() == [50_000, 10_000, 1_000_000, None]


def test_open_ended_top_band() -> None:
    frame = pl.DataFrame({"platform": ["tiktok"], "f": [3_000_000]})
    tier, lower, upper = tier_columns(pl.col("f"), pl.col("platform"), TIERS, "default")
    assert frame.select(tier, lower, upper).row(0) == ("mega", 1_000_000, None)


def test_tier_names() -> None:
    assert tier_names(TIERS, "default") == ("private", "nano", "micro", "mid", "mega")


@given(st.lists(st.one_of(st.none(), st.integers(min_value=-10, max_value=10**10)), max_size=50))
def test_expression_matches_scalar(values: list[int | None]) -> None:
    series = pl.DataFrame({"f": values}, schema={"f": pl.Int64})
    got = series.select(tier_expr(pl.col("f"), DEFAULT))["tier"].to_list()
    assert got == [tier_of(v, DEFAULT) for v in values]

"""Creator tiers: which follower band an account falls in (private, nano, micro, mid, mega).

The bands are data (``[tiers]`` in ``defaults.toml``): the default set follows seed 002 (nano
1k–10k, micro 10k–100k, mid 100k–1M, mega ≥1M; below 1k a private user), and a named alternative
narrows Instagram's micro band to 5k–50k. A tier is descriptive — it says which benchmark and fee
band apply, not whether the creator is good.

>>> from resonanz.core.config import load_defaults
>>> bands = load_defaults().tiers.band_set("default")
>>> tier_of(42_000, bands)
'micro'
>>> tier_of(None, bands) is None
True
"""

from __future__ import annotations

import polars as pl

from resonanz.core.config import BandSet, TierSettings
from resonanz.core.contracts import PLATFORMS


def tier_of(followers: int | float | None, bands: BandSet) -> str | None:
    """The tier name for a follower count; None when the count is unknown or negative."""
    if followers is None or followers != followers or followers < 0:  # None, NaN, negative
        return None
    name: str | None = None
    for band in bands.bands:
        if followers >= band.min_followers:
            name = band.name
    return name


def tier_expr(followers: pl.Expr, bands: BandSet) -> pl.Expr:
    """Polars expression ``tier``: the tier name of each follower count (null when unknown)."""
    out: pl.Expr = pl.lit(None, dtype=pl.String)
    for band in bands.bands:
        out = pl.when(followers >= band.min_followers).then(pl.lit(band.name)).otherwise(out)
    return out.alias("tier")


def _bound_expr(followers: pl.Expr, bands: BandSet, upper: bool) -> pl.Expr:
    out: pl.Expr = pl.lit(None, dtype=pl.Int64)
    mins = [b.min_followers for b in bands.bands]
    for i, low in enumerate(mins):
        if upper:
            value = pl.lit(mins[i + 1] if i + 1 < len(mins) else None, dtype=pl.Int64)
        else:
            value = pl.lit(low, dtype=pl.Int64)
        out = pl.when(followers >= low).then(value).otherwise(out)
    return out


def tier_columns(
    followers: pl.Expr, platform: pl.Expr, tiers: TierSettings, band_set: str
) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Expressions ``tier``, ``tier_lower`` and ``tier_upper`` (band bounds; null = open-ended).

    A band set restricted to some platforms (e.g. ``instagram_micro_5k_50k``) applies to those
    platforms only; accounts on other platforms get its fallback set.
    """
    chosen = tiers.band_set(band_set)
    exprs = []
    for kind in ("tier", "lower", "upper"):

        def make(bs: BandSet, kind: str = kind) -> pl.Expr:
            if kind == "tier":
                return tier_expr(followers, bs)
            return _bound_expr(followers, bs, upper=kind == "upper")

        expr = make(chosen)
        if chosen.platforms is not None and chosen.fallback is not None:
            other = make(tiers.band_set(chosen.fallback))
            expr = pl.when(platform.is_in(list(chosen.platforms))).then(expr).otherwise(other)
        exprs.append(expr)
    return exprs[0].alias("tier"), exprs[1].alias("tier_lower"), exprs[2].alias("tier_upper")


def tier_names(tiers: TierSettings, band_set: str) -> tuple[str, ...]:
    """All tier names an account can get under ``band_set`` (including its fallback set)."""
    names: list[str] = []
    for platform in PLATFORMS:
        for band in tiers.bands_for(band_set, platform).bands:
            if band.name not in names:
                names.append(band.name)
    return tuple(names)

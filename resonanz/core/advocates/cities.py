"""German cities over 100,000 inhabitants (Destatis) and their postal codes: metro residents.

Seed 003 asks "Wer wohnt in einer der Metropolen …?". The reference table
``data/de_cities_100k.csv`` (its header names the sources) maps each city to inclusive ranges of
5-digit postal codes; a customer is metropolitan when the postal code falls into a range, or —
without a postal code — when the city name matches (umlauts folded, "Frankfurt" for
"Frankfurt am Main").
"""

from __future__ import annotations

import functools
from pathlib import Path

import polars as pl

CITIES_CSV = Path(__file__).resolve().parent / "data" / "de_cities_100k.csv"
_FOLD = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


@functools.lru_cache(maxsize=1)
def city_table() -> pl.DataFrame:
    """The reference table: city, state, population, plz_from, plz_to (postal codes as text)."""
    return pl.read_csv(
        CITIES_CSV,
        comment_prefix="#",
        schema_overrides={"plz_from": pl.String, "plz_to": pl.String},
    )


def _fold(expr: pl.Expr) -> pl.Expr:
    out = expr.str.to_lowercase().str.strip_chars()
    for char, repl in _FOLD.items():
        out = out.str.replace_all(char, repl, literal=True)
    return out


@functools.lru_cache(maxsize=1)
def _postal_lookup() -> pl.DataFrame:
    ranges = city_table().select(
        "city", pl.col("plz_from").cast(pl.Int32), pl.col("plz_to").cast(pl.Int32)
    )
    return (
        ranges.with_columns(pl.int_ranges("plz_from", pl.col("plz_to") + 1).alias("plz"))
        .explode("plz")
        .select(pl.col("plz").cast(pl.Int32), "city")
        .unique("plz", keep="first")
    )


@functools.lru_cache(maxsize=1)
def _name_lookup() -> pl.DataFrame:
    names = city_table().select("city").unique()
    full = names.select(_fold(pl.col("city")).alias("key"), "city")
    # "Frankfurt am Main" is usually written "Frankfurt", "Halle (Saale)" "Halle"
    short = names.select(
        _fold(pl.col("city"))
        .str.replace(r"\s*(\(.*\)| am .*| an der .*| im .*)$", "")
        .alias("key"),
        "city",
    )
    return pl.concat([full, short]).unique("key", keep="first")


def metro_city(postal_code: pl.Expr, city: pl.Expr, frame: pl.DataFrame) -> pl.Series:
    """For each row of ``frame``: the metropolis the customer lives in, or null."""
    work = frame.select(
        postal_code.str.strip_chars()
        .str.extract(r"^(?:D-?)?(\d{5})$", 1)
        .cast(pl.Int32, strict=False)
        .alias("plz"),
        _fold(city).alias("key"),
    ).with_row_index("__row")
    by_plz = work.join(_postal_lookup(), on="plz", how="left").rename({"city": "by_plz"})
    by_name = by_plz.join(_name_lookup(), on="key", how="left").sort("__row")
    # a valid postal code decides; the city name only helps where there is no postal code
    chosen = pl.when(pl.col("plz").is_not_null()).then(pl.col("by_plz")).otherwise(pl.col("city"))
    return by_name.select(chosen.alias("metro_city")).to_series()

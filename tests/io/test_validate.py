"""The quick parse paths of validation give exactly what the full rules give."""

from __future__ import annotations

import random

import polars as pl
import pytest
from polars.testing import assert_series_equal

from resonanz.core.contracts import ColumnSpec, arrow_schema, table_spec
from resonanz.io import validate as v

NUMBERS = [
    "12",
    "-3",
    " 7 ",
    "1_000",
    "12.345",
    "1,5",
    "1.5",
    "2e3",
    "50%",
    "1 234",
    "+4",
    "x",
    "9223372036854775808",
    "0.0",
    "-0,25",
    "3.0",
    "",
    " ",
    "inf",
    "nan",
    "٣",
]
DATES = [
    "2026-05-01T12:30:00Z",
    "2026-05-01T12:30:00z",
    "2026-05-01 12:30:00",
    "2026-05-01",
    "01.05.2026 12:30",
    "01.05.2026",
    "2026-05-01T12:30:00.123Z",
    "2026-05-01T12:30:00+02:00",
    "2026-13-01T12:30:00Z",
    "2026-05-01T24:00:00Z",
    "2026-5-1T1:2:3Z",
    " 2026-05-01T12:30:00Z ",
    "2026-05-01T12:30Z",
    "yesterday",
    "",
    "2026-02-30T00:00:00Z",
]
LISTS = [
    "#a #B",
    "a,b;c",
    "##x, #, y#z",
    "  ",
    "@Ann @bob,@",
    "#İstanbul ÄÖ",
    "a\u00a0b\u2003c",
    "#",
    "x ## y",
    "#a,#a",
    ",,,",
    "tag\ttab\nnew",
]


def _column(spec_table: str, name: str) -> ColumnSpec:
    return table_spec(spec_table).column(name)


def _mix(pool: list[str], n: int, seed: int) -> list[str | None]:
    rng = random.Random(seed)
    out: list[str | None] = []
    for _ in range(n):
        r = rng.random()
        if r < 0.1:
            out.append(None)
        elif r < 0.3:
            a, b = rng.choice(pool), rng.choice(pool)
            out.append(a[: len(a) // 2] + b[len(b) // 2 :])
        else:
            out.append(rng.choice(pool))
    return out


@pytest.mark.parametrize(
    ("table", "name", "pool"),
    [
        ("posts", "likes", NUMBERS),
        ("posts", "posted_at", DATES),
        ("audience", "share", NUMBERS),
    ],
)
@pytest.mark.parametrize("decimal_comma", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_parse_in_turn_equals_the_full_rules(table, name, pool, decimal_comma, seed):
    c = _column(table, name)
    raw = pl.Series(name, _mix(pool, 400, seed), dtype=pl.String)
    target = pl.Schema(arrow_schema(table))[name]
    ways = v._parse_ways(c, pl.col(v._S), decimal_comma)
    assert ways is not None
    quick = v._parse_in_turn(raw, ways, target)
    full = pl.DataFrame([raw]).select(
        v._parse_text(c, pl.col(name), {"decimal_comma": decimal_comma}).cast(target, strict=False)
    )
    assert_series_equal(quick, full.to_series(), check_names=False, check_exact=True)
    assert quick.null_count() < raw.len()  # something parsed: the test can fail


@pytest.mark.parametrize("name", ["hashtags", "mentions", "links", "niches"])
@pytest.mark.parametrize("seed", range(3))
def test_list_parse_equals_item_by_item_cleaning(name, seed):
    raw = pl.Series("x", _mix(LISTS, 300, seed), dtype=pl.String)
    frame = pl.DataFrame([raw]).select(v._blank_to_null(pl.col("x"), False).alias("x"))
    quick = frame.select(v._parse_list(pl.col("x"), name).fill_null([]))
    split = pl.col("x").str.replace_all(r"[,;\s]+", " ").str.strip_chars().str.split(" ")
    itemwise = frame.select(v._clean_items(split, name).fill_null([]))
    assert quick.to_series().to_list() == itemwise.to_series().to_list()

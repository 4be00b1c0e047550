"""Check a batch of raw cells against the data contract, column by column (vectorised).

Each failing cell becomes one error (line, field, value, reason); a row with any error is
rejected whole, every other row is kept, typed as the contract says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from resonanz.core.contracts import ColumnSpec, TableSpec, arrow_schema
from resonanz.io.sources import LINE

ERROR_COLUMNS = ("line", "field", "value", "reason")
_TRUE = ["true", "1", "yes", "ja", "wahr", "y", "j", "x"]
_FALSE = ["false", "0", "no", "nein", "falsch", "n"]
_DATETIME_AWARE = ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%:z", "%Y-%m-%d %H:%M%:z"]
_DATETIME_NAIVE = [
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d",
    "%d.%m.%Y",
]
_DATE = ["%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d"]
# Platform API names and plurals people use for our format/platform values.
ALIASES: dict[str, dict[str, str]] = {
    "format": {
        "image": "feed",
        "photo": "feed",
        "post": "feed",
        "carousel_album": "carousel",
        "reels": "reel",
        "shorts": "short",
        "stories": "story",
    },
    "platform": {"ig": "instagram", "yt": "youtube", "tt": "tiktok", "insta": "instagram"},
}
_STRIP_PREFIX = {"hashtags": "#", "mentions": "@", "niches": "#"}
_LOWER_LISTS = {"hashtags", "niches"}


@dataclass
class Checked:
    """The outcome of checking one batch."""

    valid: pl.DataFrame
    errors: pl.DataFrame
    rejected: pl.DataFrame


def _blank_to_null(col: pl.Expr, keep_spaces: bool) -> pl.Expr:
    stripped = col.str.strip_chars()
    return pl.when(stripped == "").then(None).otherwise(col if keep_spaces else stripped)


def _parse_int(s: pl.Expr, decimal_comma: bool) -> pl.Expr:
    s = s.str.replace_all(r"[\s_]", "")
    if decimal_comma:  # German thousands separator: 12.345
        grouped = s.str.contains(r"^-?\d{1,3}(\.\d{3})+$")
        s = pl.when(grouped).then(s.str.replace_all(r"\.", "")).otherwise(s.str.replace(",", "."))
    as_float = s.cast(pl.Float64, strict=False)
    whole = pl.when(as_float == as_float.round(0)).then(as_float.cast(pl.Int64, strict=False))
    return pl.coalesce(s.cast(pl.Int64, strict=False), whole)


def _parse_float(s: pl.Expr, decimal_comma: bool) -> pl.Expr:
    s = s.str.replace_all(r"[\s_]", "").str.replace(r"%$", "")
    if decimal_comma:
        s = s.str.replace_all(r"\.", "").str.replace(",", ".")
    else:
        s = pl.when(s.str.contains(r"^-?\d+,\d+$")).then(s.str.replace(",", ".")).otherwise(s)
    return s.cast(pl.Float64, strict=False)


def _parse_bool(s: pl.Expr) -> pl.Expr:
    low = s.str.to_lowercase()
    return pl.when(low.is_in(_TRUE)).then(True).when(low.is_in(_FALSE)).then(False)


def _datetime_formats(s: pl.Expr) -> list[pl.Expr]:
    """Each accepted date-time format, in order: the first that parses wins."""
    s = s.str.replace("T", " ").str.replace(r"[Zz]$", "+00:00")
    aware = [s.str.to_datetime(f, strict=False, time_zone="UTC") for f in _DATETIME_AWARE]
    naive = [
        s.str.to_datetime(f, strict=False, time_unit="us").dt.replace_time_zone("UTC")
        for f in _DATETIME_NAIVE
    ]
    return [e.dt.cast_time_unit("us") for e in aware + naive]


def _parse_datetime(s: pl.Expr) -> pl.Expr:
    return pl.coalesce(_datetime_formats(s))


def _parse_ways(c: ColumnSpec, s: pl.Expr, decimal_comma: bool) -> list[pl.Expr] | None:
    """Ways to parse a number or date-time, tried in order on the cells still unparsed.

    The first is a plain cast or the ISO format exports write (2026-05-01T12:30:00Z): wherever
    it parses, the full rules give the same value, so most cells skip the slower rules.
    """
    if c.kind == "int":
        return [s.cast(pl.Int64, strict=False), _parse_int(s, decimal_comma)]
    if c.kind == "float":
        plain = [] if decimal_comma else [s.cast(pl.Float64, strict=False)]  # 1.5 is 15 there
        return [*plain, _parse_float(s, decimal_comma)]
    if c.kind == "datetime":
        iso = s.str.to_datetime("%Y-%m-%dT%H:%M:%SZ", strict=False, time_unit="us", time_zone="UTC")
        return [iso, *_datetime_formats(s)]
    return None


def _parse_in_turn(raw: pl.Series, ways: list[pl.Expr], target: pl.DataType) -> pl.Series:
    """``coalesce(ways)`` on the stripped text, each way parsing only the cells still null."""
    text = pl.DataFrame({_S: raw}).select(_blank_to_null(pl.col(_S), False).alias(_S))
    out = text.select(ways[0].cast(target, strict=False)).to_series()
    for way in ways[1:]:
        todo = out.is_null() & text.get_column(_S).is_not_null()
        if not todo.any():
            break
        rest = text.select(pl.when(pl.lit(todo)).then(pl.col(_S)).alias(_S))
        out = out.fill_null(rest.select(way.cast(target, strict=False)).to_series())
    return out


_S = "__text__"


def _parse_date(s: pl.Expr) -> pl.Expr:
    head = s.str.slice(0, 10)
    return pl.coalesce([head.str.to_date(f, strict=False) for f in _DATE])


def _parse_list(s: pl.Expr, name: str) -> pl.Expr:
    """Items split at commas, semicolons and white space, cleaned as :func:`_clean_items` does.

    Cleaning the whole text before splitting gives the same items without a per-item
    ``list.eval`` (lower-casing never makes a separator).
    """
    if name in _LOWER_LISTS:
        s = s.str.to_lowercase()
    s = s.str.replace_all(r"[,;\s]+", " ")
    prefix = _STRIP_PREFIX.get(name)
    if prefix:
        s = s.str.replace_all(f"(^| ){re.escape(prefix)}+", "$1")
    s = s.str.replace_all("  +", " ").str.strip_chars(" ")
    empty = pl.lit([], dtype=pl.List(pl.String))
    return pl.when(s == "").then(empty).otherwise(s.str.split(" "))


def _clean_items(parts: pl.Expr, name: str) -> pl.Expr:
    """Drop empty items, a leading '#'/'@', and lower-case where the column wants it."""
    prefix = _STRIP_PREFIX.get(name)
    item = pl.element()
    if prefix:
        item = item.str.strip_chars_start(prefix)
    if name in _LOWER_LISTS:
        item = item.str.to_lowercase()
    return parts.list.eval(item.filter(item != ""))


def _parse_choice(s: pl.Expr, name: str) -> pl.Expr:
    low = s.str.to_lowercase().str.strip_chars()
    aliases = ALIASES.get(name)
    if aliases:
        low = low.replace(aliases)
    return low


def _parse_text(c: ColumnSpec, raw: pl.Expr, opts: dict[str, bool]) -> pl.Expr:
    """Typed value of a text column; null where the cell is empty or does not parse."""
    keep_spaces = c.kind == "str" and (c.max_length or 0) > 300
    s = _blank_to_null(raw, keep_spaces)
    if c.kind == "int":
        return _parse_int(s, opts["decimal_comma"])
    if c.kind == "float":
        return _parse_float(s, opts["decimal_comma"])
    if c.kind == "bool":
        return _parse_bool(s)
    if c.kind == "datetime":
        return _parse_datetime(s)
    if c.kind == "date":
        return _parse_date(s)
    if c.kind == "list":
        return _parse_list(s, c.name)
    if c.choices:
        return _parse_choice(s, c.name)
    return s


_KIND_WORDS = {
    "int": "not a whole number",
    "float": "not a number",
    "bool": "not a yes/no value (true/false, 1/0, ja/nein)",
    "datetime": "not a date-time (e.g. 2026-05-01T12:30:00Z or 01.05.2026 12:30)",
    "date": "not a date (e.g. 2026-05-01 or 01.05.2026)",
}


def _checks(c: ColumnSpec, raw: pl.Expr, typed: pl.Expr, present: pl.Expr) -> list[tuple]:
    """(failed-expression, reason) pairs for one column."""
    out: list[tuple] = []
    if c.required:
        out.append((typed.is_null() & ~present, "required value missing"))
    if c.kind in _KIND_WORDS:
        out.append((present & typed.is_null(), _KIND_WORDS[c.kind]))
    if c.choices:
        allowed = ", ".join(c.choices)
        out.append((present & ~typed.is_in(list(c.choices)), f"must be one of: {allowed}"))
    if c.min_value is not None:
        out.append((typed < c.min_value, f"must be ≥ {c.min_value:g}"))
    if c.max_value is not None:
        out.append((typed > c.max_value, f"must be ≤ {c.max_value:g}"))
    if c.max_length is not None and c.kind == "str":
        out.append((typed.str.len_chars() > c.max_length, f"longer than {c.max_length} characters"))
    return out


def _raw_text(frame: pl.DataFrame, name: str) -> pl.Expr:
    col = pl.col(name)
    dtype = frame.schema[name]
    if dtype == pl.String:
        return col
    if isinstance(dtype, pl.List):
        return col.cast(pl.List(pl.String)).list.join(" ")
    return col.cast(pl.String)


def _typed_from_native(c: ColumnSpec, frame: pl.DataFrame, target: pl.DataType) -> pl.Expr:
    """Parquet columns already carry types: cast, and parse only where they are text."""
    dtype = frame.schema[c.name]
    if dtype == pl.String:
        return pl.lit(None)  # marker: parse as text
    col = pl.col(c.name)
    if c.kind == "datetime" and isinstance(dtype, pl.Datetime):
        tz = col.dt.replace_time_zone("UTC") if dtype.time_zone is None else col
        return tz.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
    return col.cast(target, strict=False)


def check_batch(frame: pl.DataFrame, spec: TableSpec, decimal_comma: bool = False) -> Checked:
    """Validate one batch: typed valid rows, one error per failing cell, rejected raw rows."""
    target = pl.Schema(arrow_schema(spec.name))
    opts = {"decimal_comma": decimal_comma}
    typed_cols: list[pl.Expr] = []
    checks: list[tuple[str, pl.Expr, str, pl.Expr]] = []  # field, raw text, reason, failed
    for c in spec.columns:
        if c.name not in frame.columns:
            empty = [] if c.kind == "list" else None
            typed_cols.append(pl.lit(empty, dtype=target[c.name]).alias(_TYPED + c.name))
            continue
        raw = _raw_text(frame, c.name)
        dtype = frame.schema[c.name]
        if isinstance(dtype, pl.List):
            typed = _clean_items(pl.col(c.name).cast(pl.List(pl.String)), c.name)
        elif dtype == pl.String and (ways := _parse_ways(c, pl.col(_S), decimal_comma)):
            typed = pl.lit(_parse_in_turn(frame.get_column(c.name), ways, target[c.name]))
        elif dtype == pl.String:
            typed = _parse_text(c, pl.col(c.name), opts)
        else:
            typed = _typed_from_native(c, frame, target[c.name])
        typed = typed.cast(target[c.name], strict=False)
        if c.kind == "list":
            typed = typed.fill_null(pl.lit([], dtype=target[c.name]))
        typed_cols.append(typed.alias(_TYPED + c.name))
        present = _blank_to_null(raw, True).is_not_null()
        for failed, reason in _checks(c, raw, pl.col(_TYPED + c.name), present):
            checks.append((c.name, raw, reason, failed))
    work = frame.with_columns(typed_cols)
    valid_cols = [pl.col(_TYPED + c.name).alias(c.name) for c in spec.columns]
    return _split(work, valid_cols, checks)


_TYPED = "__typed__"
_EMPTY_ERRORS = pl.Schema(
    {"line": pl.Int64, "field": pl.String, "value": pl.String, "reason": pl.String}
)


def _split(
    work: pl.DataFrame, valid_cols: list[pl.Expr], checks: list[tuple[str, pl.Expr, str, pl.Expr]]
) -> Checked:
    """Boolean masks first (cheap); error rows are built only for the checks that failed."""
    raw_cols = [c for c in work.columns if not c.startswith(_TYPED)]
    masks = work.select(
        [failed.fill_null(False).alias(f"__f{i}") for i, (_, _, _, failed) in enumerate(checks)]
    )
    parts = []
    for i, (field, raw, reason, _) in enumerate(checks):
        mask = masks.get_column(f"__f{i}")
        if not mask.any():
            continue
        parts.append(
            work.filter(mask).select(
                pl.col(LINE).alias("line"),
                pl.lit(field).alias("field"),
                raw.str.slice(0, 200).alias("value"),
                pl.lit(reason).alias("reason"),
            )
        )
    if not parts:
        valid = work.select([*valid_cols, pl.col(LINE)])
        return Checked(
            valid=valid,
            errors=pl.DataFrame(schema=_EMPTY_ERRORS),
            rejected=work.clear().select(raw_cols),
        )
    err = pl.concat(parts).sort("line", maintain_order=True)
    bad = pl.any_horizontal(masks.get_columns())
    valid = work.filter(~bad).select([*valid_cols, pl.col(LINE)])
    return Checked(valid=valid, errors=err, rejected=work.filter(bad).select(raw_cols))

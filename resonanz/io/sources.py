"""Read input files in batches of raw text cells, each row tagged with its physical line number.

Formats: CSV (also German Excel exports: ``;`` separator, decimal comma, UTF-8 with BOM or
cp1252), JSON Lines, Parquet. Every batch is a Polars frame of strings (or typed columns for
Parquet) plus ``__line__``; validation happens later, column by column.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow.parquet as pq

from resonanz.core.contracts import TABLE_MODELS, table_spec

LINE = "__line__"
BATCH_ROWS = 50_000
MAX_FIELD_CHARS = 1_000_000
"""A cell longer than this is a hostile or broken file, not data: the row is rejected."""

csv.field_size_limit(min(sys.maxsize, MAX_FIELD_CHARS * 4))


class SourceError(Exception):
    """The file cannot be read at all (fatal for this file)."""


@dataclass
class RowProblem:
    """A row that could not even be split into cells (wrong cell count, invalid JSON, …)."""

    line: int
    field: str
    value: str
    reason: str
    raw: dict[str, str | None]


@dataclass
class SourceInfo:
    """What was found out about a file before reading it."""

    path: Path
    fmt: str  # csv | jsonl | parquet
    columns: list[str]
    encoding: str = "utf-8"
    delimiter: str = ","
    decimal_comma: bool = False
    notes: list[str] = field(default_factory=list)


def detect_format(path: Path) -> str:
    """Format from the file name: .csv/.tsv/.txt, .jsonl/.ndjson/.json, .parquet/.pq."""
    suffix = path.suffix.lower()
    if suffix in {".csv", ".tsv", ".txt"}:
        return "csv"
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    if suffix in {".parquet", ".pq"}:
        return "parquet"
    raise SourceError(f"{path}: unknown file type {suffix!r} (expected .csv, .jsonl or .parquet)")


def sniff_encoding(path: Path, probe_bytes: int = 8 << 20) -> str:
    """UTF-8 (with or without BOM) if the whole file is valid UTF-8, else cp1252.

    The whole file is checked, ``probe_bytes`` at a time (constant memory; polars validates at
    several hundred MB/s, about four times Python's decoder): a file that is UTF-8 for a
    megabyte and then Windows-1252 is still read correctly.
    """
    with path.open("rb") as fh:
        head = fh.read(3)
        if head == codecs.BOM_UTF8:
            return "utf-8-sig"
        fh.seek(0)
        carry = b""
        while chunk := fh.read(probe_bytes):
            chunk = carry + chunk
            cut = _last_sequence_start(chunk)
            if not _valid_utf8(chunk[:cut]):
                return "cp1252"
            carry = chunk[cut:]
        if carry and not _valid_utf8(carry):
            return "cp1252"
    return "utf-8"


def _last_sequence_start(data: bytes) -> int:
    """Where the last (maybe unfinished) UTF-8 sequence of ``data`` starts: a chunk cut there
    splits no character; the rest goes with the next chunk."""
    for back in range(1, min(4, len(data)) + 1):
        if data[-back] & 0xC0 != 0x80:  # not a continuation byte
            return len(data) - back
    return len(data)


def _valid_utf8(data: bytes) -> bool:
    try:
        pl.Series([data], dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.ComputeError:  # polars: "invalid utf8"
        return False
    return True


def _open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    # cp1252 leaves five bytes undefined; replace them instead of failing the whole file.
    return open(path, encoding=encoding, errors=_errors(encoding), newline="")


def _unique_names(header: list[str]) -> list[str]:
    """Clean header names; a repeated or empty name gets a suffix so no column is lost."""
    names: list[str] = []
    for i, raw in enumerate(header, start=1):
        name = raw.replace("\x00", "").strip() or f"column_{i}"
        while name in names:
            name = f"{name}_{i}"
        names.append(name)
    return names


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def inspect(path: Path) -> SourceInfo:
    """Find format, encoding, delimiter and column names of a file."""
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    fmt = detect_format(path)
    try:
        if fmt == "parquet":
            return SourceInfo(path, fmt, list(pq.ParquetFile(path).schema_arrow.names))
        encoding = sniff_encoding(path)
        with _open_text(path, encoding) as fh:
            first = fh.readline()
        if fmt == "jsonl":
            cols = list(json.loads(first).keys()) if first.strip() else []
            return SourceInfo(path, fmt, cols, encoding=encoding)
        delimiter = _sniff_delimiter(first)
        header = next(csv.reader([first], delimiter=delimiter), [])
        info = SourceInfo(path, fmt, _unique_names(header), encoding, delimiter)
        info.decimal_comma = delimiter == ";"
        if encoding == "cp1252":
            info.notes.append("encoding: not UTF-8, read as Windows-1252 (cp1252)")
        return info
    except (OSError, ValueError) as exc:
        raise SourceError(f"{path}: cannot read: {exc}") from exc


def table_by_name(info: SourceInfo, tables: Iterable[str]) -> str | None:
    """The table whose name the file carries (``posts.csv``, ``posts_2024.csv``), if any."""
    stem = info.path.name.split(".")[0].lower()
    for table in tables:
        if stem == table or stem.startswith((table + "_", table + "-")):
            return table
    return None


def table_by_columns(info: SourceInfo, tables: Iterable[str]) -> str | None:
    """The table whose required columns the file has and whose columns it shares most."""
    cols = set(info.columns)
    best, best_score = None, 0.0
    for table in tables:
        spec = table_spec(table)
        if not set(spec.required) <= cols:
            continue
        score = len(cols & set(spec.column_names)) / len(cols | set(spec.column_names))
        if score > best_score:
            best, best_score = table, score
    return best


def guess_table(info: SourceInfo) -> str | None:
    """The contract table a file holds: from its name (``posts.csv``), else from its columns."""
    return table_by_name(info, TABLE_MODELS) or table_by_columns(info, TABLE_MODELS)


def _no_nul(frame: pl.DataFrame) -> pl.DataFrame:
    """NUL characters are never data, and PostgreSQL cannot store them in text: drop them."""
    return frame.with_columns(pl.col(pl.String).str.replace_all("\x00", "", literal=True))


def _clean_raw(raw: dict[str, str | None]) -> dict[str, str | None]:
    return {k: v.replace("\x00", "") if v else v for k, v in raw.items()}


def _frame(columns: list[str], rows: list[list[str]], lines: list[int]) -> pl.DataFrame:
    # zip(*rows) transposes in C: one pass instead of one Python loop per column
    cells = zip(*rows, strict=True) if rows else ([] for _ in columns)
    data: dict[str, Any] = dict(zip(columns, cells, strict=True))
    data[LINE] = lines
    schema: dict[str, type[pl.DataType]] = dict.fromkeys(columns, pl.String)
    schema[LINE] = pl.Int64
    return _no_nul(pl.DataFrame(data, schema=schema))


def _python_csv_rows(
    fh: io.TextIOBase,
    cols: list[str],
    delimiter: str,
    problems: list[RowProblem],
    batch_rows: int,
    first_line: int,
) -> Iterator[pl.DataFrame]:
    """Python's csv module from ``first_line`` on (the reference, and the path for odd rows)."""
    width = len(cols)
    reader = csv.reader(fh, delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    prev_end = 0
    for row in reader:
        start, prev_end = prev_end + 1, reader.line_num
        if not row:
            continue  # blank line
        if len(row) != width or max(map(len, row)) > MAX_FIELD_CHARS:
            problems.append(_shape_problem(cols, row, first_line + start - 1))
            continue
        rows.append(row)
        lines.append(first_line + start - 1)
        if len(rows) >= batch_rows:
            yield _frame(cols, rows, lines)
            rows, lines = [], []
    if rows:
        yield _frame(cols, rows, lines)


def _python_csv_batches(
    info: SourceInfo, problems: list[RowProblem], batch_rows: int
) -> Iterator[pl.DataFrame]:
    with _open_text(info.path, info.encoding) as fh:
        reader = csv.reader(fh, delimiter=info.delimiter)
        next(reader, None)
        first_line = reader.line_num + 1
        yield from _python_csv_rows(
            fh, info.columns, info.delimiter, problems, batch_rows, first_line
        )


CHUNK_BYTES = 16 << 20
"""Bytes read at a time by the CSV reader (it holds about one batch plus one chunk)."""
MAX_BUFFER_BYTES = 4 * CHUNK_BYTES
"""A batch is cut short rather than let the buffer grow past this (rows of huge cells)."""
_QUOTE, _LF, _CR = ord('"'), ord("\n"), ord("\r")


class _Fallback(Exception):
    """The rest of the file needs the csv module: quotes or line ends polars reads otherwise."""


def _csv_batches(
    info: SourceInfo, problems: list[RowProblem], batch_rows: int
) -> Iterator[pl.DataFrame]:
    """CSV in batches: record ends found with numpy, cells split by polars (multi-threaded).

    A record ends at a line feed outside quotes; its physical line is one plus the line breaks
    before it. Rows polars and Python's csv module could read differently (a quote inside an
    unquoted cell, a lone carriage return as line end, a wrong cell count, a blank line, an
    overlong cell) go through the csv module, so both paths give the same cells and lines.
    """
    delim = info.delimiter.encode()
    if len(delim) != 1:
        yield from _python_csv_batches(info, problems, batch_rows)
        return
    schema = pl.Schema(dict.fromkeys(info.columns, pl.String))
    with info.path.open("rb") as fh:
        buf = fh.read(CHUNK_BYTES)
        pos = 0
        if info.encoding == "utf-8-sig" and buf.startswith(codecs.BOM_UTF8):
            buf, pos = buf[3:], 3
        eof = len(buf) < CHUNK_BYTES - pos
        line, header = 1, True
        while buf or not eof:
            if not buf:
                buf = fh.read(CHUNK_BYTES)
                eof = not buf
                continue
            arr = np.frombuffer(buf, dtype=np.uint8)
            quotes = np.flatnonzero(arr == _QUOTE)
            feeds = np.flatnonzero(arr == _LF)
            ends = feeds[(np.searchsorted(quotes, feeds) & 1) == 0]
            if eof and (ends.size == 0 or ends[-1] != arr.size - 1):
                ends = np.append(ends, arr.size)  # last record without a line end
            want = batch_rows + header
            if ends.size < want and not eof and len(buf) < MAX_BUFFER_BYTES:
                more = fh.read(max(CHUNK_BYTES, len(buf)))
                eof = not more
                buf += more
                continue
            if ends.size <= int(header):  # no record end in reach: an open quote, or a huge row
                yield from _python_csv_rest(info, pos, line, header, problems, batch_rows)
                return
            count = min(want, ends.size)
            stop = int(ends[count - 1]) + 1  # bytes consumed, line end included
            starts = np.concatenate(([0], ends[: count - 1] + 1))
            try:
                breaks = _line_breaks(arr, quotes, feeds, stop, delim[0])
            except _Fallback:
                yield from _python_csv_rest(info, pos, line, header, problems, batch_rows)
                return
            lines = line + np.searchsorted(breaks, starts)
            first = int(header)
            if count > first:
                yield from _csv_block(
                    buf,
                    arr,
                    quotes,
                    starts[first:],
                    ends[first:count],
                    lines[first:],
                    info,
                    schema,
                    delim[0],
                    problems,
                    batch_rows,
                )
            line += breaks.size
            header = False
            buf, pos = buf[stop:], pos + stop


def _line_breaks(
    arr: np.ndarray, quotes: np.ndarray, feeds: np.ndarray, stop: int, delim: int
) -> np.ndarray:
    """Positions of physical line breaks before ``stop``; raise _Fallback on odd quoting."""
    size = arr.size
    q = quotes[quotes < stop]
    if q.size % 2:
        raise _Fallback  # a quote left open at the end of the file
    opening, closing = q[0::2], q[1::2]
    before = arr[np.maximum(opening - 1, 0)]
    ok_open = (opening == 0) | (before == delim) | (before == _LF) | (before == _QUOTE)
    after = arr[np.minimum(closing + 1, size - 1)]
    ok_close = (closing + 1 >= size) | np.isin(after, [delim, _LF, _CR, _QUOTE])
    if not (ok_open.all() and ok_close.all()):
        raise _Fallback
    breaks = feeds[feeds < stop]
    if _CR in arr[:stop]:
        cr = np.flatnonzero(arr[:stop] == _CR)
        lone = cr[(arr[np.minimum(cr + 1, size - 1)] != _LF) | (cr + 1 >= size)]
        if lone.size:
            if ((np.searchsorted(q, lone) & 1) == 0).any():
                raise _Fallback  # a lone carriage return ends a record for the csv module
            breaks = np.union1d(breaks, lone)
    return breaks


def _csv_block(
    buf: bytes,
    arr: np.ndarray,
    quotes: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    lines: np.ndarray,
    info: SourceInfo,
    schema: pl.Schema,
    delim: int,
    problems: list[RowProblem],
    batch_rows: int,
) -> Iterator[pl.DataFrame]:
    """One batch of records with sound quoting: polars, or the csv module for odd rows."""
    begin, stop = int(starts[0]), int(min(ends[-1] + 1, arr.size))
    lengths = ends - starts
    seps = np.flatnonzero(arr[begin:stop] == delim) + begin
    seps = seps[(np.searchsorted(quotes, seps) & 1) == 0]
    cells = np.searchsorted(seps, ends) - np.searchsorted(seps, starts) + 1
    blank = (lengths == 0) | ((lengths == 1) & (arr[np.minimum(starts, arr.size - 1)] == _CR))
    raw = buf[begin:stop]
    odd = (cells != len(info.columns)).any() or blank.any() or lengths.max() > MAX_FIELD_CHARS
    frame = None
    if not odd:
        data = raw if info.encoding != "cp1252" else raw.decode("cp1252", "replace").encode()
        frame = pl.read_csv(
            data,
            has_header=False,
            schema=schema,
            separator=info.delimiter,
            quote_char='"',
            empty_string_is_null=False,
            raise_if_empty=False,
        )
    if frame is None or frame.height != starts.size:
        text = io.StringIO(raw.decode(info.encoding, _errors(info.encoding)), newline="")
        yield from _python_csv_rows(
            text, info.columns, info.delimiter, problems, batch_rows, int(lines[0])
        )
        return
    frame = frame.with_columns(pl.Series(LINE, lines, dtype=pl.Int64))
    yield _no_nul(frame) if b"\x00" in raw else frame


def _errors(encoding: str) -> str:
    return "replace" if encoding == "cp1252" else "strict"


def _python_csv_rest(
    info: SourceInfo,
    pos: int,
    line: int,
    header: bool,
    problems: list[RowProblem],
    batch_rows: int,
) -> Iterator[pl.DataFrame]:
    """The file from byte ``pos`` (a record start on physical line ``line``) by the csv module."""
    if header:
        yield from _python_csv_batches(info, problems, batch_rows)
        return
    encoding = "utf-8" if info.encoding == "utf-8-sig" else info.encoding
    with info.path.open("rb") as raw:
        raw.seek(pos)
        with io.TextIOWrapper(raw, encoding, _errors(encoding), newline="") as fh:
            yield from _python_csv_rows(
                fh, info.columns, info.delimiter, problems, batch_rows, line
            )


def _shape_problem(cols: list[str], row: list[str], line: int) -> RowProblem:
    raw: dict[str, str | None] = {c: (row[i] if i < len(row) else None) for i, c in enumerate(cols)}
    if len(row) != len(cols):
        reason = f"row has {len(row)} cells, the header has {len(cols)}"
        return RowProblem(line, "", "", reason, _clean_raw(raw))
    long = next(i for i, c in enumerate(row) if len(c) > MAX_FIELD_CHARS)
    reason = f"cell longer than {MAX_FIELD_CHARS:,} characters"
    return RowProblem(line, cols[long], row[long][:50] + "…", reason, _clean_raw(raw))


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(str(v) for v in value if v is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _jsonl_batches(
    info: SourceInfo, problems: list[RowProblem], batch_rows: int
) -> Iterator[pl.DataFrame]:
    cols = info.columns
    seen = set(cols)
    with _open_text(info.path, info.encoding) as fh:
        rows: list[list[str | None]] = []
        lines: list[int] = []
        for number, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
                if not isinstance(obj, dict):
                    raise ValueError("not a JSON object")
            except ValueError as exc:
                problems.append(
                    RowProblem(
                        number,
                        "",
                        text[:80].replace("\x00", ""),
                        f"invalid JSON: {exc}",
                        _clean_raw({"_raw": text}),
                    )
                )
                continue
            for extra in obj.keys() - seen:  # a column first seen later in the file
                seen.add(extra)
                cols.append(extra)
                for r in rows:
                    r.append(None)
            rows.append([_cell(obj.get(c)) for c in cols])
            lines.append(number)
            if len(rows) >= batch_rows:
                yield _frame(cols, rows, lines)  # type: ignore[arg-type]
                rows, lines = [], []
        if rows:
            yield _frame(cols, rows, lines)  # type: ignore[arg-type]


def _parquet_batches(info: SourceInfo, batch_rows: int) -> Iterator[pl.DataFrame]:
    pf = pq.ParquetFile(info.path)
    offset = 0
    for batch in pf.iter_batches(batch_size=batch_rows):
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        frame = frame.with_columns(
            pl.int_range(offset + 1, offset + 1 + frame.height, dtype=pl.Int64).alias(LINE)
        )
        offset += frame.height
        yield _no_nul(frame)


def read_batches(
    info: SourceInfo, problems: list[RowProblem], batch_rows: int = BATCH_ROWS
) -> Iterator[pl.DataFrame]:
    """Yield frames of at most ``batch_rows`` rows; unsplittable rows go to ``problems``."""
    if info.fmt == "csv":
        yield from _csv_batches(info, problems, batch_rows)
    elif info.fmt == "jsonl":
        yield from _jsonl_batches(info, problems, batch_rows)
    else:
        yield from _parquet_batches(info, batch_rows)

"""Streaming writers for Arrow tables: CSV, JSON Lines and Parquet, one file per table.

Layouts:

* **CSV**: UTF-8, a header row, comma separator, quotes only where needed (RFC 4180 doubling);
  list columns as one space-separated string; booleans ``true``/``false``; null as an empty cell
  (an empty string is written as ``""``); timestamps ISO 8601 in UTC with ``Z``
  (``2026-05-01T12:30:00Z``, fractional seconds only when present); dates ``YYYY-MM-DD``.
* **JSONL**: one JSON object per line; lists as arrays; null as ``null``; timestamps and dates as
  the same ISO strings as in CSV.
* **Parquet**: the Arrow schema exactly, one row group per written table (zstd).

Example::

    with open_writer(Path("posts.csv"), arrow_schema("posts"), "csv") as writer:
        for table in tables:
            writer.write(table)
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import IO, Protocol

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

EXTENSIONS: dict[str, str] = {"csv": ".csv", "jsonl": ".jsonl", "parquet": ".parquet"}
"""Supported formats and their file extensions."""

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S%.fZ"
DATE_FORMAT = "%Y-%m-%d"


class TableWriter(Protocol):
    """Appends Arrow tables of one schema to one file."""

    def write(self, table: pa.Table) -> None:
        """Append the rows of ``table`` (cast to the writer's schema)."""

    def close(self) -> None:
        """Flush and close the file."""


class _Writer:
    """Base: schema check and context-manager plumbing."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = Path(path)
        self.schema = schema
        self.rows = 0

    def __enter__(self) -> _Writer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _conform(self, table: pa.Table) -> pa.Table:
        if table.schema.names != self.schema.names:
            raise ValueError(
                f"{self.path.name}: columns {table.schema.names} != {self.schema.names}"
            )
        return table.cast(self.schema)

    def write(self, table: pa.Table) -> None:
        """Append the rows of ``table``."""
        table = self._conform(table)
        self.rows += table.num_rows
        self._write(table)

    def _write(self, table: pa.Table) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def _as_text(table: pa.Table, join_lists: bool) -> pl.DataFrame:
    """The table as polars with timestamps (and dates) as ISO strings, lists optionally joined."""
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    exprs = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.Datetime):
            col = col.dt.convert_time_zone("UTC").dt.strftime(TIMESTAMP_FORMAT)
        elif isinstance(dtype, pl.Date):
            col = col.dt.strftime(DATE_FORMAT)
        elif join_lists and isinstance(dtype, pl.List):
            col = col.list.join(" ")
        exprs.append(col)
    return frame.select(exprs)


class CsvWriter(_Writer):
    """CSV with a header row; see the module docstring for the cell formats."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        super().__init__(path, schema)
        self._file: IO[bytes] = open(self.path, "wb")  # noqa: SIM115 - closed in close()
        self._file.write((",".join(schema.names) + "\n").encode())

    def _write(self, table: pa.Table) -> None:
        if table.num_rows:
            _as_text(table, join_lists=True).write_csv(
                self._file, include_header=False, null_value="", quote_style="necessary"
            )

    def close(self) -> None:
        """Flush and close the file."""
        self._file.close()


class JsonlWriter(_Writer):
    """JSON Lines: one object per row."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        super().__init__(path, schema)
        self._file: IO[bytes] = open(self.path, "wb")  # noqa: SIM115 - closed in close()

    def _write(self, table: pa.Table) -> None:
        if table.num_rows:
            _as_text(table, join_lists=False).write_ndjson(self._file)

    def close(self) -> None:
        """Flush and close the file."""
        self._file.close()


class ParquetWriter(_Writer):
    """Parquet in the Arrow schema, one row group per written table."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        super().__init__(path, schema)
        self._writer = pq.ParquetWriter(self.path, schema, compression="zstd")

    def _write(self, table: pa.Table) -> None:
        self._writer.write_table(table)

    def close(self) -> None:
        """Flush and close the file."""
        self._writer.close()


_WRITERS: dict[str, type[_Writer]] = {
    "csv": CsvWriter,
    "jsonl": JsonlWriter,
    "parquet": ParquetWriter,
}


def open_writer(path: Path, table_schema: pa.Schema, fmt: str) -> _Writer:
    """Open a streaming writer for one table; use as a context manager or call ``close()``."""
    try:
        cls = _WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(_WRITERS)}") from None
    return cls(path, table_schema)


def write_table(path: Path, table: pa.Table, fmt: str) -> Path:
    """Write one whole table to ``path`` in ``fmt``; returns the path."""
    with open_writer(path, table.schema, fmt) as writer:
        writer.write(table)
    return Path(path)

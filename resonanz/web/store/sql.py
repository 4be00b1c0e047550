"""Bulk SQL on the store for SQLite and PostgreSQL: upserts, id look-ups, columnar reads.

The ORM is right for single objects; for hundreds of thousands of rows a parameterised
``INSERT … ON CONFLICT`` through ``executemany`` is an order of magnitude faster, and both
databases speak it. Values are always bound as parameters, never formatted into SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import connection
from django.utils import timezone

from resonanz.core.contracts import TableSpec, arrow_schema, table_spec
from resonanz.io.sources import LINE

_CHUNK = 5000
_FETCH = 200_000


def _db_column(spec: TableSpec, name: str) -> str:
    """Contract column → store column: the table's own id becomes ``external_id``."""
    if len(spec.key) == 1 and name == spec.key[0]:
        return "external_id"
    return name


def _conflict_target(spec: TableSpec) -> list[str]:
    """The unique key: own id per workspace, or (parent account, …) for child tables."""
    if len(spec.key) == 1:
        return ["workspace_id", "external_id"]
    return [_db_column(spec, k) for k in spec.key]


def _json_list(col: str) -> pl.Expr:
    item = pl.element().str.replace_all(r"[\x00-\x1f]", "")
    item = item.str.replace_all("\\", "\\\\", literal=True).str.replace_all(
        '"', '\\"', literal=True
    )
    inner = pl.col(col).list.eval(item).list.join('","')
    return (
        pl.when(pl.col(col).list.len() == 0)
        .then(pl.lit("[]"))
        .otherwise(pl.concat_str(pl.lit('["'), inner, pl.lit('"]')))
    )


def _db_values(
    spec: TableSpec, frame: pl.DataFrame, workspace_id: int, pg: bool | None = None
) -> pl.DataFrame:
    """The frame as the database wants its parameters (text dates, JSON lists).

    The parent column takes ``__parent_pk`` when the frame has it, else stays as it is (for
    :func:`prepare_rows`, which runs before the parents are looked up).
    """
    if pg is None:
        pg = connection.vendor == "postgresql"
    exprs: list[pl.Expr] = [pl.lit(workspace_id, dtype=pl.Int64).alias("workspace_id")]
    parent_col = spec.parent[0] if spec.parent else None
    for c in spec.columns:
        if c.name == parent_col and "__parent_pk" in frame.columns:
            exprs.append(pl.col("__parent_pk").alias(c.name))
        elif c.kind == "list":
            exprs.append(_json_list(c.name).alias(c.name))
        elif c.kind == "datetime":
            fmt = "%Y-%m-%d %H:%M:%S%.6f" + ("+00:00" if pg else "")
            exprs.append(pl.col(c.name).dt.strftime(fmt).alias(c.name))
        elif c.kind == "date":
            exprs.append(pl.col(c.name).dt.strftime("%Y-%m-%d").alias(c.name))
        else:
            exprs.append(pl.col(c.name))
    return frame.select(exprs)


@dataclass
class PreparedRows:
    """A batch's parameters as Python lists, one per column, built before its parents are known.

    Building them is most of the Python work of a write; the importer does it in its reader
    thread while the previous batch is written. ``columns`` holds the parent's external key
    where the store id goes; :func:`upsert_prepared` puts the ids in.
    """

    columns: list[list[Any]]
    height: int


def prepare_rows(spec: TableSpec, frame: pl.DataFrame, workspace_id: int, pg: bool) -> PreparedRows:
    """:class:`PreparedRows` of ``frame`` (valid rows of ``spec``); safe to call in any thread."""
    values = _db_values(spec, frame, workspace_id, pg)
    return PreparedRows([s.to_list() for s in values.get_columns()], values.height)


@contextmanager
def bulk_writes() -> Iterator[bool]:
    """Bulk loading on SQLite without the per-row checks the loader makes itself.

    Foreign keys are off (every batch resolves its parents inside its own transaction, which
    SQLite keeps serialisable: a parent deleted meanwhile makes the write fail, never dangle)
    and CHECK constraints are skipped (the only ones are Django's ``JSON_VALID`` on JSON columns,
    and :func:`upsert` builds those values as valid JSON). Together that cuts SQLite's insert
    time by about 40 %. Yields whether the checks are off: inside a caller's transaction SQLite
    cannot turn foreign keys off, and nothing changes. PostgreSQL keeps all its checks.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield False
        return
    off = connection.disable_constraint_checking()
    if not off:
        yield False
        return
    try:
        with connection.cursor() as cur:
            cur.execute("PRAGMA ignore_check_constraints = ON")
        yield True
    finally:
        with connection.cursor() as cur:
            cur.execute("PRAGMA ignore_check_constraints = OFF")
        connection.enable_constraint_checking()


def _upsert_query(spec: TableSpec) -> str:
    cols = ["workspace_id", *[_db_column(spec, c.name) for c in spec.columns]]
    target = _conflict_target(spec)
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in target)
    return (
        f"INSERT INTO {spec.name} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))}) "
        f"ON CONFLICT ({', '.join(target)}) DO UPDATE SET {updates}"
    )


def _execute_many(query: str, columns: list[list[Any]]) -> None:
    # Columns zipped into rows in C: far cheaper than building each row in polars.
    rows = zip(*columns, strict=True)
    if connection.vendor == "sqlite":
        # The driver's own connection, inside the caller's transaction: Django's cursor wrapper
        # only rewrites %s to ? per call, which is done once here.
        connection.ensure_connection()
        connection.connection.executemany(query.replace("%s", "?"), rows)
    else:
        with connection.cursor() as cur:
            cur.executemany(query, list(rows))


def upsert(spec: TableSpec, workspace_id: int, frame: pl.DataFrame) -> int:
    """Insert rows, or update the row with the same key; returns the number of rows written."""
    if frame.is_empty():
        return 0
    values = _db_values(spec, frame, workspace_id)
    _execute_many(_upsert_query(spec), [s.to_list() for s in values.get_columns()])
    return values.height


def upsert_prepared(spec: TableSpec, rows: PreparedRows, parent_ids: list[int] | None) -> int:
    """:func:`upsert` of prepared rows; ``parent_ids`` (row by row) replace the parent keys."""
    if rows.height == 0:
        return 0
    columns = rows.columns
    if spec.parent is not None:
        assert parent_ids is not None and len(parent_ids) == rows.height
        at = 1 + [c.name for c in spec.columns].index(spec.parent[0])  # after workspace_id
        columns = [*columns[:at], parent_ids, *columns[at + 1 :]]
    _execute_many(_upsert_query(spec), columns)
    return rows.height


def lookup_ids(table: str, workspace_id: int, keys: list[str]) -> dict[str, int]:
    """Map external ids of ``table`` to store ids (unknown keys are left out)."""
    out: dict[str, int] = {}
    with connection.cursor() as cur:
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cur.execute(
                f"SELECT external_id, id FROM {table} "
                f"WHERE workspace_id = %s AND external_id IN ({marks})",
                [workspace_id, *chunk],
            )
            out.update(cur.fetchall())
    return out


def release_quarantine(spec: TableSpec, workspace_id: int, frame: pl.DataFrame) -> None:
    """Drop quarantined rows whose key has now been imported (fixed and re-imported)."""
    keys = frame.select(
        pl.concat_str([pl.col(k).cast(pl.String).fill_null("") for k in spec.key], separator="|")
    ).to_series()
    with connection.cursor() as cur:
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK].to_list()
            marks = ", ".join(["%s"] * len(chunk))
            cur.execute(
                f'DELETE FROM quarantine WHERE workspace_id = %s AND "table" = %s '
                f"AND row_key IN ({marks})",
                [workspace_id, spec.name, *chunk],
            )


def read_table(table: str, workspace_id: int, columns: list[str] | None = None) -> pl.DataFrame:
    """A store table of one workspace as a Polars frame with the contract's column names."""
    spec = table_spec(table)
    parent = spec.parent
    wanted = columns or list(spec.column_names)
    select: list[str] = []
    joins = ""
    for name in wanted:
        if parent and name == parent[0]:
            select.append(f"p.external_id AS {name}")
            joins = f" LEFT JOIN {parent[1]} p ON p.id = t.{name}"
        else:
            select.append(f"t.{_db_column(spec, name)} AS {name}")
    query = (
        f"SELECT {', '.join(select)} FROM {table} t{joins} WHERE t.workspace_id = %s ORDER BY t.id"
    )
    frames: list[pl.DataFrame] = []
    with connection.cursor() as cur:
        cur.execute(query, [workspace_id])
        # Chunks keep the transient Python row objects small; the frames are compact.
        while rows := cur.fetchmany(_FETCH):
            chunk = pl.DataFrame(rows, schema=wanted, orient="row", infer_schema_length=None)
            frames.append(_retype(chunk, spec))
    if not frames:
        schema = pl.Schema(arrow_schema(table))
        return pl.DataFrame(schema={name: schema[name] for name in wanted})
    return pl.concat(frames, how="vertical_relaxed")


def _retype(frame: pl.DataFrame, spec: TableSpec) -> pl.DataFrame:
    exprs: list[Any] = []
    for name in frame.columns:
        c = spec.column(name)
        col = pl.col(name)
        if c.kind == "datetime" and frame.schema[name] == pl.String:
            col = col.str.slice(0, 19).str.to_datetime(
                "%Y-%m-%d %H:%M:%S", time_unit="us", time_zone="UTC", strict=False
            )
        elif c.kind == "list" and frame.schema[name] == pl.String:
            col = col.str.json_decode(pl.List(pl.String))
        elif c.kind == "datetime":
            col = col.cast(pl.Datetime("us", "UTC"), strict=False)
        elif c.kind == "date" and frame.schema[name] == pl.String:
            col = col.str.to_date(strict=False)
        elif c.kind == "int":
            col = col.cast(pl.Int64, strict=False)
        elif c.kind == "float":
            col = col.cast(pl.Float64, strict=False)
        elif c.kind == "bool":
            col = col.cast(pl.Boolean, strict=False)
        exprs.append(col.alias(name))
    return frame.select(exprs) if exprs else frame


def drop_line(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame without the importer's line-number column."""
    return frame.drop(LINE) if LINE in frame.columns else frame


def quarantine(
    workspace_id: int,
    run_id: int,
    table: str,
    file: str,
    rows: list[tuple[int, str, str, str, str]],
) -> None:
    """Keep rejected rows (line, key, hash, raw JSON, errors JSON); a row seen before is skipped."""
    now = timezone.now()
    if connection.vendor == "sqlite":
        now_text: object = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    else:
        now_text = now
    query = (
        'INSERT INTO quarantine (workspace_id, "table", file, line, row_key, row_hash, raw, '
        "errors, import_run_id, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
        'ON CONFLICT (workspace_id, "table", row_hash) DO NOTHING'
    )
    params = [
        (workspace_id, table, file, line, key, digest, raw, errors, run_id, now_text)
        for line, key, digest, raw, errors in rows
    ]
    with connection.cursor() as cur:
        cur.executemany(query, params)

"""Import files into the store: validated, idempotent, batch-atomic, nothing lost.

Each batch commits in one transaction (valid rows upserted, rejected rows quarantined), so an
import killed half-way keeps whole batches only and running it again completes it. Re-importing
the same file changes nothing: rows are keyed by the user's own ids per workspace.
"""

from __future__ import annotations

import csv
import hashlib
import json
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from resonanz.core.contracts import ALL_TABLE_MODELS, TableSpec, table_spec
from resonanz.io import sources
from resonanz.io.crm_tables import guess_any_table
from resonanz.io.sources import (
    LINE,
    RowProblem,
    SourceError,
    SourceInfo,
    detect_format,
    inspect,
    read_batches,
)
from resonanz.io.validate import ERROR_COLUMNS, Checked, check_batch
from resonanz.web.store import sql
from resonanz.web.store.models import ImportRun, QuarantinedRow, Workspace

_TABLE_ORDER = {t: i for i, t in enumerate(ALL_TABLE_MODELS)}


@dataclass
class FileResult:
    """What happened to one file."""

    file: str
    table: str | None
    rows_read: int = 0
    rows_imported: int = 0
    rows_rejected: int = 0
    fatal: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportSummary:
    """What happened to all files of one `resonanz import`."""

    files: list[FileResult]
    errors_path: Path | None
    error_count: int

    @property
    def exit_code(self) -> int:
        """0 every row taken, 3 some rows rejected, 1 a file could not be read at all."""
        if any(f.fatal for f in self.files):
            return 1
        return 3 if any(f.rows_rejected for f in self.files) else 0

    def as_dict(self) -> dict[str, object]:
        return {
            "files": [f.__dict__ for f in self.files],
            "errors_file": str(self.errors_path) if self.errors_path else None,
            "errors": self.error_count,
            "exit_code": self.exit_code,
        }


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files given, plus the importable files inside given folders, parents first."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                try:
                    detect_format(child)
                except SourceError:
                    continue
                if child.is_file() and not child.name.startswith("ground_truth"):
                    found.append(child)
        else:
            found.append(path)

    def order(p: Path) -> tuple[int, str]:
        stem = p.name.split(".")[0]
        return _TABLE_ORDER.get(stem, len(_TABLE_ORDER)), p.name

    return sorted(found, key=order)


class ErrorWriter:
    """The row-level error report: a CSV with columns file,line,field,value,reason."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._fh = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(["file", *ERROR_COLUMNS])
        self.sample: list[dict[str, object]] = []

    def write(self, file: str, errors: pl.DataFrame) -> None:
        for line, fld, value, reason in errors.iter_rows():
            self._writer.writerow([file, line, fld, _defuse(value), reason])
            if len(self.sample) < 200:
                self.sample.append(
                    {"file": file, "line": line, "field": fld, "value": value, "reason": reason}
                )
        self.count += errors.height

    def close(self) -> None:
        self._fh.close()


def _defuse(value: str | None) -> str:
    """Stop spreadsheet apps from running a cell as a formula (CSV injection)."""
    if not value:
        return ""
    if value[0] in "=+@\t\r" or (value[0] == "-" and not value[1:2].isdigit()):
        return "'" + value
    return value


def _problem_frame(problems: list[RowProblem]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "line": [p.line for p in problems],
            "field": [p.field for p in problems],
            "value": [p.value for p in problems],
            "reason": [p.reason for p in problems],
        },
        schema={"line": pl.Int64, "field": pl.String, "value": pl.String, "reason": pl.String},
    )


class _FileImport:
    """Imports one file into one workspace."""

    def __init__(
        self,
        info: SourceInfo,
        spec: TableSpec,
        workspace: Workspace,
        errors: ErrorWriter,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.info, self.spec, self.workspace = info, spec, workspace
        self.errors, self.progress = errors, progress
        self.result = FileResult(file=str(info.path), table=spec.name, notes=list(info.notes))
        self.run = ImportRun.objects.create(
            workspace=workspace, file=str(info.path), table=spec.name
        )
        self.has_quarantine = QuarantinedRow.objects.filter(
            workspace=workspace, table=spec.name
        ).exists()

    def missing_required(self, columns: list[str]) -> list[str]:
        return [c for c in self.spec.required if c not in columns]

    def run_batches(self, batches: Iterator[pl.DataFrame], problems: list[RowProblem]) -> None:
        """Check batches in a second thread while this one writes the previous batch."""
        missing = self.missing_required(self.info.columns)
        self._header_errors(missing)
        pg = connection.vendor == "postgresql"
        checked_batches = _checked_batches(
            batches, problems, self.spec, self.info.decimal_comma, missing, (self.workspace.pk, pg)
        )
        with sql.bulk_writes():
            for batch, batch_problems, checked, prepared in _prefetch(checked_batches):
                self._one_batch(batch, batch_problems, missing, checked, prepared)

    def _header_errors(self, missing: list[str]) -> None:
        if missing:
            header_errors = pl.DataFrame(
                {
                    "line": [1] * len(missing),
                    "field": missing,
                    "value": [""] * len(missing),
                    "reason": ["required column missing"] * len(missing),
                }
            )
            self.errors.write(self.result.file, header_errors)

    def _one_batch(
        self,
        batch: pl.DataFrame | None,
        problems: list[RowProblem],
        missing: list[str],
        checked: Checked | None,
        prepared: sql.PreparedRows | None = None,
    ) -> None:
        problem_errors = _problem_frame(problems)
        problem_rows = [
            (p.line, p.raw, [f"{p.field}: {p.reason}" if p.field else p.reason]) for p in problems
        ]
        with transaction.atomic():
            # parents are looked up inside the transaction that writes the children: with
            # foreign keys off (sql.bulk_writes) this keeps a deleted parent from leaving orphans
            if batch is None:
                valid, errors, rejected = None, problem_errors, []
            elif missing:
                valid, errors = None, problem_errors
                reason = "required column missing: " + ", ".join(missing)
                rejected = _raw_rows(batch, {ln: [reason] for ln in batch[LINE].to_list()})
            else:
                assert checked is not None
                valid, fk_errors = self._resolve_parent(checked.valid)
                errors = pl.concat([checked.errors, fk_errors, problem_errors]).sort("line")
                reasons = _reasons_by_line(pl.concat([checked.errors, fk_errors]))
                rejected = _raw_rows(batch.filter(pl.col(LINE).is_in(list(reasons))), reasons)
            rejected += problem_rows
            imported = self._write(valid, prepared) if valid is not None else 0
            if valid is not None and self.has_quarantine and imported:
                sql.release_quarantine(self.spec, self.workspace.pk, valid)
            self._quarantine(rejected)
            self.result.rows_read += (batch.height if batch is not None else 0) + len(problems)
            self.result.rows_imported += imported
            self.result.rows_rejected += len(rejected)
            ImportRun.objects.filter(pk=self.run.pk).update(
                rows_read=self.result.rows_read,
                rows_imported=self.result.rows_imported,
                rows_rejected=self.result.rows_rejected,
            )
        self.errors.write(self.result.file, errors)
        if self.progress:
            self.progress(self.result.rows_read)

    def _write(self, valid: pl.DataFrame, prepared: sql.PreparedRows | None) -> int:
        """Upsert the valid rows: the rows prepared ahead when every one of them is kept."""
        if prepared is None or prepared.height != valid.height:
            return sql.upsert(self.spec, self.workspace.pk, valid)  # some parents were unknown
        ids = valid.get_column("__parent_pk").to_list() if self.spec.parent else None
        return sql.upsert_prepared(self.spec, prepared, ids)

    def _resolve_parent(self, valid: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Replace the parent's external id by its store id; rows whose parent is unknown fail."""
        empty = pl.DataFrame(schema=dict.fromkeys(ERROR_COLUMNS, pl.String)).cast(
            {"line": pl.Int64}
        )
        if self.spec.parent is None or valid.is_empty():
            return valid, empty
        column, parent = self.spec.parent
        keys = valid.get_column(column).drop_nulls().unique().to_list()
        ids = sql.lookup_ids(parent, self.workspace.pk, keys)
        mapping = pl.DataFrame(
            {column: list(ids.keys()), "__parent_pk": list(ids.values())},
            schema={column: pl.String, "__parent_pk": pl.Int64},
        )
        joined = valid.join(mapping, on=column, how="left", maintain_order="left")
        unknown = joined.filter(pl.col(column).is_not_null() & pl.col("__parent_pk").is_null())
        errors = unknown.select(
            pl.col(LINE).alias("line"),
            pl.lit(column).alias("field"),
            pl.col(column).alias("value"),
            pl.lit(
                f"unknown {column}: not in {parent} of workspace '{self.workspace.name}' "
                f"(import {parent} first)"
            ).alias("reason"),
        )
        ok = joined.filter(~pl.col(LINE).is_in(unknown[LINE].implode()))
        return ok, errors

    def _quarantine(self, rejected: list[tuple[int, dict[str, str | None], list[str]]]) -> None:
        if not rejected:
            return
        rows = []
        for line, raw, reasons in rejected:
            raw_json = json.dumps(raw, ensure_ascii=False, sort_keys=True)
            digest = hashlib.sha256(f"{self.info.path.name}\n{raw_json}".encode()).hexdigest()
            key = "|".join(str(raw.get(k) or "") for k in self.spec.key)
            rows.append((line, key, digest, raw_json, json.dumps(reasons, ensure_ascii=False)))
        sql.quarantine(self.workspace.pk, self.run.pk, self.spec.name, str(self.info.path), rows)
        self.has_quarantine = True

    def finish(self, status: str) -> FileResult:
        ImportRun.objects.filter(pk=self.run.pk).update(status=status, finished_at=timezone.now())
        return self.result


_Checked = tuple[pl.DataFrame | None, list[RowProblem], Checked | None, sql.PreparedRows | None]


def _checked_batches(
    batches: Iterator[pl.DataFrame],
    problems: list[RowProblem],
    spec: TableSpec,
    decimal_comma: bool,
    missing: list[str],
    target: tuple[int, bool],
) -> Iterator[_Checked]:
    """Each batch with the unsplittable rows found while reading it, its check, and its valid
    rows prepared for the database (``target``: workspace id, PostgreSQL or not)."""
    for batch in batches:
        found = problems.copy()
        problems.clear()
        checked = None if missing else check_batch(batch, spec, decimal_comma)
        prepared = None
        if checked is not None and not checked.valid.is_empty():
            prepared = sql.prepare_rows(spec, checked.valid, *target)
        yield batch, found, checked, prepared
    if problems:
        yield None, problems.copy(), None, None


class _Ahead:
    """A thread that computes the items of an iterator one ahead of their consumer."""

    def __init__(self, items: Iterator[_Checked]) -> None:
        self.items = items
        self.slots: queue.Queue[tuple[str, object]] = queue.Queue(maxsize=1)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.work, name="import-check", daemon=True)

    def put(self, item: tuple[str, object]) -> bool:
        while not self.stop.is_set():
            try:
                self.slots.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work(self) -> None:
        try:
            for item in self.items:
                if not self.put(("item", item)):
                    return
        except BaseException as exc:  # handed to the consumer, which raises it
            self.put(("error", exc))
            return
        self.put(("done", None))


def _prefetch(items: Iterator[_Checked]) -> Iterator[_Checked]:
    """``items``, computed one ahead in a thread (polars and SQLite both release the GIL).

    At most two batches are held beyond the one being written; an error in the thread is
    raised here, in order, and stopping early stops the thread.
    """
    ahead = _Ahead(items)
    ahead.thread.start()
    try:
        while True:
            kind, value = ahead.slots.get()
            if kind == "done":
                return
            if kind == "error":
                assert isinstance(value, BaseException)
                raise value
            yield value  # type: ignore[misc]
    finally:
        ahead.stop.set()
        ahead.thread.join()


def _reasons_by_line(errors: pl.DataFrame) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for line, fld, _value, reason in errors.iter_rows():
        out.setdefault(line, []).append(f"{fld}: {reason}")
    return out


def _raw_rows(
    frame: pl.DataFrame, reasons: dict[int, list[str]]
) -> list[tuple[int, dict[str, str | None], list[str]]]:
    text = frame.select(
        [pl.col(c).cast(pl.String) if c != LINE else pl.col(c) for c in frame.columns]
    )
    out = []
    for row in text.to_dicts():
        line = row.pop(LINE)
        out.append((line, row, reasons.get(line, [])))
    return out


def import_file(
    path: Path,
    workspace: Workspace,
    errors: ErrorWriter,
    table: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> FileResult:
    """Import one file; a file that cannot be read at all is reported, not raised."""
    try:
        info = inspect(path)
    except SourceError as exc:
        return FileResult(file=str(path), table=table, fatal=str(exc))
    name = table or guess_any_table(info)
    if name is None:
        reason = "cannot tell which table this is: name it after a table or use --table"
        return FileResult(file=str(path), table=None, fatal=f"{path}: {reason}")
    job = _FileImport(info, table_spec(name), workspace, errors, progress)
    problems: list[RowProblem] = []
    try:
        job.run_batches(read_batches(info, problems, sources.BATCH_ROWS), problems)
    except (OSError, UnicodeDecodeError, pl.exceptions.PolarsError) as exc:
        job.result.fatal = f"{path}: stopped after {job.result.rows_read} rows: {exc}"
        return job.finish("failed")
    return job.finish("done")


def import_paths(
    paths: Iterable[Path],
    workspace_name: str,
    errors_path: Path,
    table: str | None = None,
    progress: Callable[[str, int], None] | None = None,
    search_index: bool = True,
) -> ImportSummary:
    """Import files and folders into a workspace; write the error report to ``errors_path``.

    The workspace's search index is rebuilt afterwards when creators, accounts or posts changed,
    unless ``search_index`` is False (bulk loads in several steps rebuild it once at the end).
    """
    workspace, _ = Workspace.objects.get_or_create(name=workspace_name)
    writer = ErrorWriter(errors_path)
    results = []
    try:
        for path in expand_paths(paths):
            cb = (lambda n, p=path: progress(p.name, n)) if progress else None
            results.append(import_file(path, workspace, writer, table, cb))
    finally:
        writer.close()
    changed = any(r.rows_imported and r.table in {"creators", "accounts", "posts"} for r in results)
    if search_index and changed:
        from resonanz.web.store.search import refresh_search_index

        refresh_search_index(workspace)  # discovery searches the new texts
    summary = ImportSummary(results, errors_path if writer.count else None, writer.count)
    summary.sample = writer.sample  # type: ignore[attr-defined]
    if not writer.count:
        errors_path.unlink(missing_ok=True)
    return summary

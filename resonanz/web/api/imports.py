"""Imports: upload a file (CSV, JSONL, Parquet) into the workspace, and read back how it went.

The upload goes through the store's importer like ``resonanz import``: valid rows are upserted,
rejected rows are quarantined with their reasons and listed by ``…/errors``.
"""

from __future__ import annotations

import re
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from resonanz.core.contracts import table_spec
from resonanz.web.api.auth import membership, require
from resonanz.web.api.creators import MAX_LIMIT, MAX_OFFSET
from resonanz.web.api.problems import ERROR_RESPONSES, WRITE_ERROR_RESPONSES, ApiProblem, NotFound
from resonanz.web.store.importer import ErrorWriter, import_file
from resonanz.web.store.models import ImportRun, QuarantinedRow
from resonanz.web.store.search import refresh_search_index

router = Router()

SAMPLE_ERRORS = 200  # field errors returned with the upload; all rows are under …/errors


class ImportOut(Schema):
    """One import run: what was read, taken and rejected."""

    import_id: int
    file: str
    table: str
    status: str
    rows_read: int
    rows_imported: int
    rows_rejected: int
    started_at: datetime
    finished_at: datetime | None


class FieldProblem(Schema):
    """One field of one rejected row."""

    line: int
    field: str
    value: str | None
    reason: str


class UploadOut(ImportOut):
    """The import of an uploaded file, with the first field errors."""

    fatal: str | None
    notes: list[str]
    errors: list[FieldProblem]
    errors_total: int


class ImportPage(Schema):
    """A page of import runs, newest first."""

    items: list[ImportOut]
    total: int
    limit: int
    offset: int


class RowError(Schema):
    """A quarantined row: its line, key, reasons and the values as read."""

    line: int
    row_key: str | None
    errors: list[str]
    raw: dict[str, Any]


class RowErrorPage(Schema):
    """A page of an import's rejected rows, by line."""

    items: list[RowError]
    total: int
    limit: int
    offset: int


def _out(run: ImportRun) -> dict[str, Any]:
    return {
        "import_id": run.pk,
        "file": run.file,
        "table": run.table,
        "status": run.status,
        "rows_read": run.rows_read,
        "rows_imported": run.rows_imported,
        "rows_rejected": run.rows_rejected,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
    }


def _safe_name(name: str | None) -> str:
    """The upload's file name without folders or odd characters (the importer reads the suffix)."""
    base = Path((name or "").replace("\\", "/")).name
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._")[:100]
    return base or "upload"


def _run(request: HttpRequest, import_id: int) -> ImportRun:
    run = ImportRun.objects.filter(workspace=membership(request).workspace, pk=import_id).first()
    if run is None:
        raise NotFound()
    return run


@router.get("", response={200: ImportPage, **ERROR_RESPONSES})
def list_imports(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    """The workspace's import runs, newest first."""
    qs = ImportRun.objects.filter(workspace=membership(request).workspace).order_by("-pk")
    page = qs[offset : offset + limit]
    return {"items": [_out(r) for r in page], "total": qs.count(), "limit": limit, "offset": offset}


@router.post("", response={201: UploadOut, **WRITE_ERROR_RESPONSES})
def create_import(
    request: HttpRequest,
    file: UploadedFile = File(..., description="CSV, JSONL or Parquet, named after its table"),
    table: str | None = Form(None, max_length=32, pattern=r"^[a-z_]+$"),
) -> Status[dict[str, Any]]:
    """Import one file (member role): counts, the first field errors, the run's id."""
    workspace = require(request, "member").workspace
    if table is not None:
        try:
            table_spec(table)
        except (KeyError, ValueError):
            errors = [{"field": "form.table", "message": "unknown table", "type": "value_error"}]
            raise ApiProblem(
                422, f"table: unknown ({table})", slug="validation-error", errors=errors
            ) from None
    name = _safe_name(file.name)
    with tempfile.TemporaryDirectory(prefix="resonanz-upload-") as tmp:
        path = Path(tmp) / name
        with path.open("wb") as fh:
            for chunk in file.chunks():
                fh.write(chunk)
        writer = ErrorWriter(Path(tmp) / "errors.csv")
        try:
            result = import_file(path, workspace, writer, table)
        finally:
            writer.close()
        run = ImportRun.objects.filter(workspace=workspace, file=str(path)).order_by("-pk").first()
    fatal = result.fatal.replace(str(path), name) if result.fatal else None
    if run is None:  # the file could not be read at all: nothing was imported
        raise ApiProblem(422, fatal or name, slug="unreadable-file")
    if result.rows_imported and result.table in {"creators", "accounts", "posts"}:
        refresh_search_index(workspace)  # the creators search finds the new texts
    # The run and its quarantined rows name the uploaded file, not the temporary copy.
    ImportRun.objects.filter(pk=run.pk).update(file=name)
    QuarantinedRow.objects.filter(import_run=run).update(file=name)
    run.refresh_from_db()
    sample = [
        {"line": e["line"], "field": e["field"], "value": e["value"], "reason": e["reason"]}
        for e in writer.sample[:SAMPLE_ERRORS]
    ]
    body = {
        **_out(run),
        "fatal": fatal,
        "notes": list(result.notes),
        "errors": sample,
        "errors_total": writer.count,
    }
    return Status(201, body)


@router.get("/{import_id}", response={200: ImportOut, **ERROR_RESPONSES})
def get_import(request: HttpRequest, import_id: int) -> dict[str, Any]:
    """One import run of the workspace."""
    return _out(_run(request, import_id))


@router.get("/{import_id}/errors", response={200: RowErrorPage, **ERROR_RESPONSES})
def import_errors(
    request: HttpRequest,
    import_id: int,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    """The rows of this import's file still in quarantine, with their reasons.

    A row rejected before by an earlier import of the same file is listed too (it is quarantined
    once); fixed and re-imported rows leave the list.
    """
    run = _run(request, import_id)
    qs = QuarantinedRow.objects.filter(workspace=run.workspace_id, table=run.table).filter(
        Q(import_run=run) | Q(file=run.file)
    )
    page = qs.order_by("line", "pk")[offset : offset + limit]
    items = [
        {"line": r.line, "row_key": r.row_key, "errors": list(r.errors), "raw": r.raw} for r in page
    ]
    return {"items": items, "total": qs.count(), "limit": limit, "offset": offset}

"""Import: upload a file into the store, the row-level error report, quarantined rows."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from resonanz.core.import_reasons import translate_reason
from resonanz.core.messages import Lang
from resonanz.web.app.forms import UploadForm
from resonanz.web.app.models import UploadReport
from resonanz.web.app.views.common import workspace_required
from resonanz.web.store.importer import ErrorWriter, import_file
from resonanz.web.store.models import ImportRun, QuarantinedRow, Workspace
from resonanz.web.team.models import Role
from resonanz.web.team.scoping import current_workspace, require_role, scoped

ERRORS_SHOWN = 500
# An import run's status, translated in the templates (`{% translate run.status %}`).
STATUSES = (gettext_noop("running"), gettext_noop("done"), gettext_noop("failed"))
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe_name(name: str) -> str:
    """The upload's base name with only harmless characters (the importer reads the suffix and
    guesses the table from the stem)."""
    base = _UNSAFE.sub("_", Path(name).name).lstrip(".") or "upload.csv"
    return base[:120]


def _run_import(ws: Workspace, upload: object, table: str | None, user: object) -> UploadReport:
    name = _safe_name(getattr(upload, "name", "upload.csv"))
    with tempfile.TemporaryDirectory(prefix="resonanz-upload-") as tmp:
        path = Path(tmp) / name
        with path.open("wb") as fh:
            for chunk in upload.chunks():  # type: ignore[attr-defined]
                fh.write(chunk)
        writer = ErrorWriter(Path(tmp) / "errors.csv")
        try:
            result = import_file(path, ws, writer, table or None)
        finally:
            writer.close()
        errors_csv = writer.path.read_text(encoding="utf-8") if writer.count else ""
    run = ImportRun.objects.filter(workspace=ws).order_by("-pk").first()
    if result.fatal or run is None or run.file != str(path):
        # the importer opens a run only for readable files: record the failed one too
        run = ImportRun.objects.create(
            workspace=ws,
            file=name,
            table=result.table or "",
            status="failed",
            finished_at=timezone.now(),
        )
    else:
        ImportRun.objects.filter(pk=run.pk).update(file=name)
    if result.rows_imported:
        from resonanz.web.store.search import refresh_search_index

        refresh_search_index(ws)  # the creators search finds the new texts
    fatal = result.fatal.replace(str(path), name) if result.fatal else None
    return UploadReport.objects.create(
        workspace=ws,
        import_run=run,
        file_name=name,
        table=result.table,
        fatal=fatal,
        error_count=writer.count,
        errors_csv=errors_csv.replace(str(path), name),
        uploaded_by=user,
    )


@workspace_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a CSV, JSONL or Parquet file; see the past imports of this workspace."""
    ws = current_workspace(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require_role(request, Role.MEMBER)
        if form.is_valid():
            report = _run_import(
                ws, form.cleaned_data["file"], form.cleaned_data["table"], request.user
            )
            assert report.import_run_id is not None
            if report.fatal:
                messages.error(request, _("The file could not be imported."))
            elif report.error_count:
                messages.warning(request, _("Imported, but some rows were rejected."))
            else:
                messages.success(request, _("Imported without errors."))
            return redirect("import_detail", import_id=report.import_run_id)
    runs = scoped(request, ImportRun).order_by("-pk")[:20]
    context = {
        "form": form,
        "runs": runs,
        "quarantined": scoped(request, QuarantinedRow).count(),
    }
    return render(request, "webapp/import.html", context)


def _report_or_404(request: HttpRequest, import_id: int) -> tuple[ImportRun, UploadReport | None]:
    run = get_object_or_404(scoped(request, ImportRun), pk=import_id)
    report = UploadReport.objects.filter(import_run=run, workspace=run.workspace).first()
    return run, report


@workspace_required
def import_progress(request: HttpRequest) -> HttpResponse:
    """How far the workspace's running import is (polled by the import page while it uploads).

    The importer commits each batch and its counts, so another request sees them as they grow.
    """
    run = scoped(request, ImportRun).filter(status="running").order_by("-pk").first()
    context = {"run": run, "name": Path(run.file).name if run else ""}
    response = render(request, "webapp/_import_progress.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _lang() -> Lang:
    return "en" if (get_language() or "de").startswith("en") else "de"


@workspace_required
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    """One import: counts and its row-level error report (file, line, field, value, reason)."""
    run, report = _report_or_404(request, import_id)
    rows: list[dict[str, str]] = []
    if report and report.errors_csv:
        reader = csv.DictReader(io.StringIO(report.errors_csv))
        for i, row in enumerate(reader):
            if i >= ERRORS_SHOWN:
                break
            row["reason"] = translate_reason(row["reason"] or "", _lang())
            rows.append(row)
    context = {"run": run, "report": report, "rows": rows, "shown_max": ERRORS_SHOWN}
    return render(request, "webapp/import_detail.html", context)


@workspace_required
def import_errors_csv(request: HttpRequest, import_id: int) -> HttpResponse:
    """The full error report of one import as a CSV download."""
    run, report = _report_or_404(request, import_id)
    body = report.errors_csv if report and report.errors_csv else "file,line,field,value,reason\n"
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-errors.csv"'
    return response


@workspace_required
def quarantine(request: HttpRequest) -> HttpResponse:
    """Rejected rows kept as read, by table, with their reasons."""
    qs = scoped(request, QuarantinedRow).order_by("table", "file", "line")
    table = request.GET.get("table", "")
    if table:
        qs = qs.filter(table=table)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for row in page:
        row.errors_shown = [translate_reason(str(e), _lang()) for e in row.errors]
    tables = sorted(set(scoped(request, QuarantinedRow).values_list("table", flat=True).distinct()))
    context = {"page": page, "table": table, "tables": tables}
    return render(request, "webapp/quarantine.html", context)


@workspace_required
def quarantine_csv(request: HttpRequest) -> HttpResponse:
    """Quarantined rows of one table as the original columns, to fix and upload again."""
    table = request.GET.get("table", "")
    rows = list(
        scoped(request, QuarantinedRow)
        .filter(table=table)
        .order_by("file", "line")
        .values_list("raw", flat=True)
    )
    columns: list[str] = []
    for raw in rows:
        for key in raw:
            if key not in columns:
                columns.append(key)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for raw in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in raw.items()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = _safe_name(f"{table or 'rows'}.csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

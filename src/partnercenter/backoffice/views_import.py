"""The Import page: choose a kind, upload a CSV, read the dry run, then import the same file.

Between the two steps the file is kept server-side under its SHA-256
(`imports.uploads`), and the hash is remembered in the staff member's session: "Import"
applies exactly the bytes that were checked, without choosing the file again. The import
checks every row again inside its transaction, so a file checked earlier cannot write
anything that has become wrong since.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from partnercenter.backoffice.access import staff_view
from partnercenter.imports.errors import ImportFileError
from partnercenter.imports.selectors import example_path, import_kinds
from partnercenter.imports.services import ImportReport, import_run
from partnercenter.imports.uploads import (
    MAX_UPLOAD_BYTES,
    upload_path,
    upload_remove,
    upload_store,
)
from partnercenter.staffroles.roles import MANAGE_PROGRAM

MAX_WEB_ROWS = 10_000
"""A file checked in a web request has at most this many rows (a check of 10,000 points rows
takes about half a minute and holds the write lock); larger files: the command line."""

SHOWN_PROBLEMS = 500
"""The report table lists this many problems; the count says how many there are."""

SESSION_KEY = "imports_checked"
"""The session remembers which files (SHA-256 → kind) this staff member checked."""
KEEP_CHECKED = 10


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="What the file holds")
    file = forms.FileField(
        label="CSV file",
        help_text=f"UTF-8, comma-separated, a header row; up to {MAX_UPLOAD_BYTES // 2**20} MB "
        f"and {MAX_WEB_ROWS:,} rows.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (k.name, k.name.title()) for k in import_kinds()
        ]
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"


def _page(
    request: HttpRequest,
    form: ImportForm,
    *,
    report: ImportReport | None = None,
    sha256: str = "",
    filename: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "backoffice/import.html",
        {
            "form": form,
            "kinds": import_kinds(),
            "report": report,
            "problems": report.problems[:SHOWN_PROBLEMS] if report else [],
            "sha256": sha256,
            "filename": filename,
        },
        status=status,
    )


def _checked(request: HttpRequest) -> dict[str, str]:
    value = request.session.get(SESSION_KEY)
    return dict(value) if isinstance(value, dict) else {}


@staff_view(perm=MANAGE_PROGRAM)
def import_page(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: store the upload and show its dry run."""
    if request.method != "POST":
        return _page(request, ImportForm(initial={"kind": request.GET.get("kind", "partners")}))
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    kind, upload = form.cleaned_data["kind"], form.cleaned_data["file"]
    sha = ""
    try:
        sha = upload_store(chunks=upload.chunks())
        path = upload_path(sha)
        assert path is not None
        with path.open("rb") as stream:
            report = import_run(kind=kind, stream=stream, dry_run=True, max_rows=MAX_WEB_ROWS)
    except ImportFileError as error:
        upload_remove(sha)
        where = f"Line {error.line}: " if error.line else ""
        form.add_error("file", where + error.message)
        return _page(request, form, status=400)
    if not (report.ok and report.created):
        upload_remove(sha)  # nothing to import from it: keep nothing
        return _page(request, form, report=report, filename=upload.name)
    checked = _checked(request)
    checked.pop(sha, None)
    checked[sha] = kind
    # The latest few checks are enough to import from; older hashes drop out.
    request.session[SESSION_KEY] = dict(list(checked.items())[-KEEP_CHECKED:])
    return _page(request, form, report=report, sha256=sha, filename=upload.name)


@require_POST
@staff_view(perm=MANAGE_PROGRAM)
def import_apply(request: HttpRequest) -> HttpResponseBase:
    """Import the file that was checked (named by its SHA-256), all or nothing."""
    sha, kind = request.POST.get("sha256", ""), request.POST.get("kind", "")
    checked = _checked(request)
    path = upload_path(sha) if checked.get(sha) == kind else None
    form = ImportForm(initial={"kind": kind or "partners"})
    if path is None:
        messages.error(request, "That file is no longer waiting to be imported: upload it again.")
        return redirect("backoffice:imports")
    try:
        with path.open("rb") as stream:
            report = import_run(
                kind=kind,
                stream=stream,
                dry_run=False,
                max_rows=MAX_WEB_ROWS,
                actor=request.user,
            )
    except ImportFileError as error:
        messages.error(request, error.message)
        return redirect("backoffice:imports")
    if not report.ok:
        # Something changed since the dry run: nothing was written; show why.
        return _page(request, form, report=report, sha256=sha, status=400)
    upload_remove(sha)
    checked.pop(sha, None)
    request.session[SESSION_KEY] = checked
    messages.success(
        request,
        f"Imported {report.kind}: {report.created:,} created, {report.unchanged:,} unchanged.",
    )
    return redirect(f"{reverse('backoffice:imports')}?kind={report.kind}")


@staff_view(perm=MANAGE_PROGRAM)
def import_example(request: HttpRequest, kind: str) -> FileResponse:
    """The example CSV of a kind, as a download."""
    path = example_path(kind)
    if path is None:
        raise Http404("No such import kind.")
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"{kind}.csv", content_type="text/csv"
    )

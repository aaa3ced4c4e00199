"""The monthly review: a dry-run preview of who would move, and a background run with progress."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.audit.services import audit_record
from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.backoffice.forms import ReviewForm
from partnercenter.backoffice.selectors import next_review_date
from partnercenter.programs.selectors import NoEdition, edition_at
from partnercenter.review.errors import ReviewAlreadyDone, ReviewAlreadyRunning
from partnercenter.review.models import ReviewRun
from partnercenter.review.services import review_run, review_start
from partnercenter.staffroles.roles import MANAGE_PROGRAM

PREVIEW_LIMIT = 500
"""Changes listed in a preview; the counts always cover every partner."""


def _names(as_of: object) -> dict[str, str]:
    edition = edition_at(as_of)  # type: ignore[arg-type]
    return {lv.code: lv.name for lv in edition.levels}


@staff_view(perm=MANAGE_PROGRAM)
def review(request: HttpRequest) -> HttpResponse:
    """Preview (GET with a date) computes the review without writing anything."""
    today = timezone.now().date()
    form = ReviewForm(request.GET or None, initial={"as_of": next_review_date(today)})
    preview = None
    if form.is_bound and form.is_valid():
        try:
            preview = review_run(as_of=form.cleaned_data["as_of"], dry_run=True)
        except NoEdition as exc:
            form.add_error("as_of", str(exc))
    runs = ReviewRun.objects.all()[:10]
    return render(
        request,
        "backoffice/review.html",
        {
            "form": form,
            "preview": preview,
            "changes": preview.changes[:PREVIEW_LIMIT] if preview else [],
            "names": _names(today),
            "runs": runs,
        },
    )


@require_POST
@staff_view(perm=MANAGE_PROGRAM)
def review_run_start(request: HttpRequest) -> HttpResponseBase:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        runs = ReviewRun.objects.all()[:10]
        return render(
            request,
            "backoffice/review.html",
            {"form": form, "preview": None, "changes": [], "names": {}, "runs": runs},
            status=400,
        )
    as_of = form.cleaned_data["as_of"]
    try:
        with transaction.atomic():
            run = review_start(as_of=as_of, dry_run=request.POST.get("dry_run") == "1")
            audit_record(
                actor=staff_user(request),
                action="review.run",
                target=("reviewrun", run.pk, f"as of {run.as_of}"),
                details={"as_of": run.as_of, "dry_run": run.dry_run},
            )
    except ReviewAlreadyRunning as exc:
        started = f"{exc.started:%-d %B %Y, %H:%M} UTC"
        messages.warning(
            request, f"A review for {as_of:%-d %B %Y} is already running (started {started})."
        )
        return (
            redirect("backoffice:review_run", pk=exc.run.pk)
            if exc.run
            else redirect("backoffice:review")
        )
    except ReviewAlreadyDone as exc:
        messages.info(
            request, f"A review for {as_of:%-d %B %Y} is already done; its result is below."
        )
        return redirect("backoffice:review_run", pk=exc.run.pk)
    return redirect("backoffice:review_run", pk=run.pk)


@staff_view(perm=MANAGE_PROGRAM)
def review_run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ReviewRun, pk=pk)
    template = (
        "backoffice/_run_progress.html"
        if request.headers.get("HX-Request")
        else "backoffice/review_run.html"
    )
    return render(request, template, {"run": run})

"""The approval queue: filter, open, approve (with points for "From N+"), reject, bulk approve."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.backoffice.forms import ApproveForm, QueueFilterForm, RejectForm
from partnercenter.programs.selectors import edition_at
from partnercenter.staffroles.roles import APPROVE_SUBMISSIONS
from partnercenter.standing.selectors import activity_names
from partnercenter.submissions.errors import SubmissionError
from partnercenter.submissions.evidence import evidence_response
from partnercenter.submissions.models import Submission
from partnercenter.submissions.selectors import submission_entries, submission_queue
from partnercenter.submissions.services import (
    submission_approve,
    submission_reject,
    submissions_approve_bulk,
)


@staff_view(perm=APPROVE_SUBMISSIONS)
def queue(request: HttpRequest) -> HttpResponse:
    edition = edition_at(timezone.now().date())
    form = QueueFilterForm(request.GET or None, edition=edition)
    filters: dict[str, object] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "activity": data["activity"] or "",
            "partner_slug": data["partner"] or "",
            "older_than_days": data["age"],
        }
    rows = submission_queue(**filters)  # type: ignore[arg-type]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    fixed = {a.code for a in edition.activities if not a.minimum}
    names = {a.code: a for a in edition.activities}
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "backoffice/queue.html",
        {
            "form": form,
            "page": page,
            "fixed": fixed,
            "names": names,
            "now": timezone.now(),
            "query": query.urlencode(),
        },
    )


@require_POST
@staff_view(perm=APPROVE_SUBMISSIONS)
def queue_bulk(request: HttpRequest) -> HttpResponseBase:
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()][:200]
    if not ids:
        messages.error(request, "Choose at least one submission to approve.")
        return redirect("backoffice:queue")
    chosen = list(Submission.objects.filter(pk__in=ids).order_by("created_at"))
    approved, refused = submissions_approve_bulk(submissions=chosen, staff_user=staff_user(request))
    if approved:
        messages.success(request, f"Approved {len(approved)} submission(s).")
    for sub, exc in refused:
        messages.error(request, f"#{sub.pk} ({sub.partner}): {exc.message}")
    return redirect("backoffice:queue")


def _detail(
    request: HttpRequest,
    sub: Submission,
    approve: ApproveForm | None = None,
    reject: RejectForm | None = None,
    status: int = 200,
) -> HttpResponse:
    edition = edition_at(sub.occurred_on)
    rule = edition.activity(sub.activity) if edition.has_activity(sub.activity) else None
    return render(
        request,
        "backoffice/submission.html",
        {
            "s": sub,
            "rule": rule,
            "entries": submission_entries(sub),
            "activity_names": activity_names(edition),
            "approve_form": approve or ApproveForm(initial={"points": sub.claimed_points}),
            "reject_form": reject or RejectForm(),
        },
        status=status,
    )


def _get(pk: int) -> Submission:
    return get_object_or_404(
        Submission.objects.select_related("partner", "submitted_by", "reviewed_by"), pk=pk
    )


@staff_view(perm=APPROVE_SUBMISSIONS)
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get(pk))


@require_POST
@staff_view(perm=APPROVE_SUBMISSIONS)
def submission_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _get(pk)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            submission_approve(
                submission=sub,
                staff_user=staff_user(request),
                points=form.cleaned_data["points"],  # type: ignore[arg-type]
            )
        except SubmissionError as exc:
            form.add_error("points" if exc.field == "points" else None, exc.message)
        else:
            messages.success(
                request, f"Approved #{sub.pk}: the points are in {sub.partner}'s ledger."
            )
            return redirect("backoffice:queue")
    return _detail(request, _get(pk), approve=form, status=400)


@require_POST
@staff_view(perm=APPROVE_SUBMISSIONS)
def submission_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _get(pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            submission_reject(
                submission=sub,
                staff_user=staff_user(request),
                reason_code=form.cleaned_data["reason_code"],
                text=form.cleaned_data["text"],
            )
        except SubmissionError as exc:
            form.add_error(exc.field if exc.field in ("reason_code", "text") else None, exc.message)
        else:
            messages.success(request, f"Rejected #{sub.pk}; {sub.partner} sees the reason.")
            return redirect("backoffice:queue")
    return _detail(request, _get(pk), reject=form, status=400)


@staff_view(perm=APPROVE_SUBMISSIONS)
def submission_evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    return evidence_response(_get(pk))

"""Reporting an activity, the partner's submissions, withdrawing, and evidence downloads."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.partners.models import Person
from partnercenter.portal.access import portal_view
from partnercenter.portal.forms import SubmissionForm
from partnercenter.programs.selectors import edition_at
from partnercenter.standing.selectors import activity_names
from partnercenter.submissions.errors import SubmissionError
from partnercenter.submissions.evidence import evidence_response
from partnercenter.submissions.models import Submission
from partnercenter.submissions.selectors import partner_submissions, submission_entries
from partnercenter.submissions.services import submission_create, submission_withdraw

FORM_FIELDS = {
    "activity",
    "occurred_on",
    "description",
    "people",
    "evidence_url",
    "evidence_file",
    "claimed_points",
}


def form_error(form: SubmissionForm, exc: SubmissionError) -> None:
    """Put a service's refusal on the field it names (or on the form)."""
    field = "claimed_points" if exc.field == "points" else exc.field
    form.add_error(field if field in FORM_FIELDS else None, exc.message)


@portal_view()
def submission_list(request: HttpRequest, person: Person) -> HttpResponse:
    rows = partner_submissions(person.partner).prefetch_related("people")[:200]
    names = activity_names(edition_at(timezone.now().date()))
    return render(
        request,
        "portal/submissions.html",
        {"person": person, "submissions": rows, "activity_names": names},
    )


@portal_view(writes=True)
def submission_new(request: HttpRequest, person: Person) -> HttpResponse:
    edition = edition_at(timezone.now().date())
    form = SubmissionForm(
        request.POST or None, request.FILES or None, partner=person.partner, edition=edition
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                submission = submission_create(
                    partner=person.partner,
                    person=person,
                    activity=data["activity"],
                    occurred_on=data["occurred_on"],
                    description=data["description"],
                    people=list(data["people"] or []),
                    evidence_url=data["evidence_url"] or "",
                    evidence_file=data["evidence_file"],
                    claimed_points=data["claimed_points"],
                )
            except SubmissionError as exc:
                form_error(form, exc)
            else:
                messages.success(request, "Thank you: your activity is waiting for review.")
                return redirect("portal:submission", pk=submission.pk)
        status = 400
    return render(
        request,
        "portal/submission_new.html",
        {"person": person, "form": form, "today": timezone.now().date()},
        status=status,
    )


def _own(person: Person, pk: int) -> Submission:
    return get_object_or_404(
        Submission.objects.select_related("submitted_by"), pk=pk, partner=person.partner
    )


@portal_view()
def submission_detail(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    submission = _own(person, pk)
    return render(
        request,
        "portal/submission.html",
        {
            "person": person,
            "s": submission,
            "entries": submission_entries(submission),
            "activity_names": activity_names(edition_at(submission.occurred_on)),
            "can_withdraw": submission.status == "pending"
            and (submission.submitted_by_id == person.pk or person.role == "admin"),
        },
    )


@require_POST
@portal_view(writes=True)
def submission_withdraw_view(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    submission = _own(person, pk)
    if request.POST.get("confirm") != "on":
        # The box is `required` in the page; without JavaScript or with an old browser
        # the server still refuses an unconfirmed withdrawal.
        messages.error(request, "Tick the box to confirm that you want to withdraw it.")
        return redirect("portal:submission", pk=pk)
    try:
        submission_withdraw(submission=submission, person=person)
    except SubmissionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The submission is withdrawn.")
    return redirect("portal:submission", pk=pk)


@portal_view()
def submission_evidence(request: HttpRequest, person: Person, pk: int) -> FileResponse:
    return evidence_response(_own(person, pk))

"""Appeals queue: read what is contested and why; uphold with the correcting entry, or dismiss."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partnercenter.appeals.errors import AppealError
from partnercenter.appeals.models import Appeal, AppealKind, AppealStatus
from partnercenter.appeals.selectors import (
    appeal_for_staff,
    appeal_queue,
    appeal_requests,
    appeal_subject,
)
from partnercenter.appeals.services import appeal_dismiss, appeal_uphold
from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.ledger.errors import LedgerError
from partnercenter.programs.selectors import edition_at
from partnercenter.staffroles.roles import APPROVE_SUBMISSIONS, MANAGE_FINANCE


class AppealFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=AppealStatus.choices, required=False)


ANSWER = forms.CharField(
    label="Answer (mailed to the partner admins and shown in their portal)",
    max_length=4000,
    widget=forms.Textarea(attrs={"rows": 4}),
    error_messages={"required": "Answer in words: the partner reads it."},
)


class UpholdPointsForm(forms.Form):
    points = forms.IntegerField(
        label="Correcting points (a ledger adjustment; negative takes points away)",
        error_messages={"required": "Enter the correcting points."},
    )
    answer = ANSWER


class UpholdCentsForm(forms.Form):
    amount_cents = forms.IntegerField(
        label="Correcting amount in cents (a commission entry; negative takes back)",
        error_messages={"required": "Enter the correcting amount in cents."},
    )
    answer = ANSWER


class DismissForm(forms.Form):
    answer = ANSWER


def _uphold_form(appeal: Appeal, data: object = None) -> forms.Form:
    if appeal.kind == AppealKind.COMMISSION:
        return UpholdCentsForm(data, prefix="uphold")  # type: ignore[arg-type]
    initial = {}
    s = appeal.submission
    if s is not None:
        # What approving it would have posted: the claim of a "From N+", else the catalogue's.
        edition = edition_at(s.occurred_on)
        if s.claimed_points:
            initial["points"] = s.claimed_points
        elif edition.has_activity(s.activity):
            initial["points"] = edition.activity(s.activity).points
    return UpholdPointsForm(data, prefix="uphold", initial=initial)  # type: ignore[arg-type]


@staff_view(perm=(APPROVE_SUBMISSIONS, MANAGE_FINANCE))
def appeals(request: HttpRequest) -> HttpResponse:
    """Appeals waiting for an answer, oldest first (or the answered ones)."""
    form = AppealFilterForm(request.GET or None)
    status = AppealStatus.PENDING.value
    if form.is_valid() and form.cleaned_data["status"]:
        status = form.cleaned_data["status"]
    rows = [(a, appeal_subject(a)) for a in appeal_queue(status)[:200]]
    return render(
        request,
        "backoffice/appeals.html",
        {"form": form, "rows": rows, "status": AppealStatus(status).label},
    )


def _get(pk: int) -> Appeal:
    found = appeal_for_staff(pk)
    if found is None:
        raise Http404("No such appeal.")
    return found


def _detail(
    request: HttpRequest,
    appeal: Appeal,
    uphold: forms.Form | None = None,
    dismiss: DismissForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "backoffice/appeal.html",
        {
            "a": appeal,
            "subject": appeal_subject(appeal),
            "requests": (requests := appeal_requests(appeal)),
            "waiting": next((r for r in requests if r.decision == "pending"), None),
            "uphold_form": uphold or _uphold_form(appeal),
            "dismiss_form": dismiss or DismissForm(prefix="dismiss"),
            "error": error,
        },
        status=status,
    )


@staff_view(perm=(APPROVE_SUBMISSIONS, MANAGE_FINANCE))
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get(pk))


@require_POST
@staff_view(perm=(APPROVE_SUBMISSIONS, MANAGE_FINANCE))
def appeal_uphold_view(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _get(pk)
    form = _uphold_form(appeal, request.POST)
    if form.is_valid():
        try:
            appeal_uphold(
                appeal=appeal,
                staff_user=staff_user(request),
                answer=form.cleaned_data["answer"],
                points=form.cleaned_data.get("points"),
                amount_cents=form.cleaned_data.get("amount_cents"),
            )
        except (AppealError, LedgerError) as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                return _detail(request, _get(pk), uphold=form, error=exc.message, status=409)
        else:
            if appeal.kind == AppealKind.COMMISSION:
                messages.success(
                    request,
                    f"Upholding appeal #{pk} awaits a second approver (finance); the correcting "
                    "entry is posted when they approve.",
                )
            else:
                messages.success(request, f"Appeal #{pk} upheld; the correcting entry is posted.")
            return redirect("backoffice:appeal", pk=pk)
    return _detail(request, _get(pk), uphold=form, status=400)


@require_POST
@staff_view(perm=(APPROVE_SUBMISSIONS, MANAGE_FINANCE))
def appeal_dismiss_view(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _get(pk)
    form = DismissForm(request.POST, prefix="dismiss")
    if form.is_valid():
        try:
            appeal_dismiss(
                appeal=appeal, staff_user=staff_user(request), answer=form.cleaned_data["answer"]
            )
        except AppealError as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                return _detail(request, _get(pk), dismiss=form, error=exc.message, status=409)
        else:
            messages.success(request, f"Appeal #{pk} dismissed; the answer was mailed.")
            return redirect("backoffice:appeal", pk=pk)
    return _detail(request, _get(pk), dismiss=form, status=400)

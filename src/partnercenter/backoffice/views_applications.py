"""Applications to join: the queue of confirmed ones, approve (creates the partner), reject."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from partnercenter.applications.errors import ApplicationError
from partnercenter.applications.models import Application, ApplicationStatus
from partnercenter.applications.selectors import application_for_staff, application_queue
from partnercenter.applications.services import application_approve, application_reject
from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.programs.selectors import edition_at
from partnercenter.staffroles.roles import MANAGE_PROGRAM

STATUS_FILTER = [
    (ApplicationStatus.SUBMITTED.value, "Waiting for a decision"),
    (ApplicationStatus.APPROVED.value, "Approved"),
    (ApplicationStatus.REJECTED.value, "Rejected"),
    ("all", "All confirmed"),
]


def _profiles() -> dict[str, str]:
    return {p.code: p.name for p in edition_at(timezone.now().date()).profiles}


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=STATUS_FILTER, required=False)


class ApplicationRejectForm(forms.Form):
    reason = forms.CharField(
        label="Reason (mailed to the applicant)",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why: the reason is mailed to the applicant."},
    )


@staff_view(perm=MANAGE_PROGRAM)
def applications(request: HttpRequest) -> HttpResponse:
    """Confirmed applications, oldest first; duplicates carry what they match."""
    form = ApplicationFilterForm(request.GET or None)
    status = ApplicationStatus.SUBMITTED.value
    if form.is_valid() and form.cleaned_data["status"]:
        status = form.cleaned_data["status"]
    rows = application_queue(status="" if status == "all" else status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "backoffice/applications.html",
        {
            "form": form,
            "page": page,
            "status": dict(STATUS_FILTER)[status],
            "now": timezone.now(),
            "query": query.urlencode(),
            "profiles": _profiles(),
        },
    )


def _get(pk: int) -> Application:
    found = application_for_staff(pk)
    if found is None:
        raise Http404("No such confirmed application.")
    return found


def _detail(
    request: HttpRequest,
    application: Application,
    reject: ApplicationRejectForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "backoffice/application.html",
        {
            "a": application,
            "reject_form": reject or ApplicationRejectForm(),
            "error": error,
            "profiles": _profiles(),
        },
        status=status,
    )


@staff_view(perm=MANAGE_PROGRAM)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get(pk))


@require_POST
@staff_view(perm=MANAGE_PROGRAM)
def application_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get(pk)
    try:
        result = application_approve(application=application, staff=staff_user(request))
    except ApplicationError as exc:
        return _detail(request, _get(pk), error=exc.message, status=409)
    link = reverse("backoffice:partner", kwargs={"slug": result.partner.slug})
    messages.success(
        request,
        format_html(
            'Approved: <a href="{}">{}</a> is an applicant partner; {} was invited as partner admin.',
            link,
            result.partner.name,
            result.person.email,
        ),
    )
    return redirect("backoffice:application", pk=pk)


@require_POST
@staff_view(perm=MANAGE_PROGRAM)
def application_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get(pk)
    form = ApplicationRejectForm(request.POST)
    if form.is_valid():
        try:
            application_reject(
                application=application,
                staff=staff_user(request),
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            form.add_error("reason" if exc.field == "reason" else None, exc.message)
        else:
            messages.success(
                request, f"Rejected; the reason was mailed to {application.contact_email}."
            )
            return redirect("backoffice:applications")
    return _detail(request, _get(pk), reject=form, status=400)

"""Applying to the program: the public form, "check your email", and the confirmation link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from partnercenter.applications.errors import ApplicationError, TooManyApplications
from partnercenter.applications.services import (
    application_confirm,
    application_submit,
    confirm_days,
)
from partnercenter.programs.selectors import NoEdition, edition_at
from partnercenter.web.forms import HONEYPOT, ApplyForm

FIELDS = [
    "company",
    "country",
    "website",
    "profile",
    "contact_name",
    "contact_email",
    "student",
    "description",
    "accepts_terms",
]


def apply(request: HttpRequest) -> HttpResponse:
    """The form; bad input is shown on its field and nothing is stored."""
    try:
        edition = edition_at(timezone.now().date())
    except NoEdition:
        return render(request, "web/apply_closed.html", status=503)
    form = ApplyForm(request.POST or None, edition=edition)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                application_submit(
                    **{name: data[name] for name in FIELDS},
                    ip=str(request.META.get("REMOTE_ADDR") or "") or None,
                    honeypot=data.get(HONEYPOT) or "",
                )
            except TooManyApplications as exc:
                form.add_error(None, exc.message)
                status = 429
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect("apply:sent")
    return render(request, "web/apply.html", {"form": form, "edition": edition}, status=status)


def sent(request: HttpRequest) -> HttpResponse:
    """After applying: the next step is in the applicant's mailbox."""
    return render(request, "web/apply_sent.html", {"days": confirm_days()})


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the email: the application goes to the program staff."""
    try:
        result = application_confirm(token=token)
    except ApplicationError as exc:
        return render(request, "web/apply_confirm.html", {"error": exc.message}, status=404)
    return render(
        request,
        "web/apply_confirm.html",
        {"application": result.application, "newly": result.newly},
    )

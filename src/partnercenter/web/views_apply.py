"""Applying to the program: the public form, "check your email", and the confirmation link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnercenter.applications.errors import ApplicationError
from partnercenter.applications.services import (
    application_confirm,
    application_submit,
    confirm_days,
)
from partnercenter.web.forms import ApplyForm
from partnercenter.web.public_forms import public_form

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
    return public_form(
        request,
        form_class=ApplyForm,
        fields=FIELDS,
        submit=application_submit,
        template="web/apply.html",
        done="apply:sent",
    )


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

"""Find a partner: the public form whose request 7x routes to a partner."""

from __future__ import annotations

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnercenter.leads.models import LeadSource
from partnercenter.leads.services import lead_create
from partnercenter.web.forms_leads import FindPartnerForm
from partnercenter.web.public_forms import public_form

FIELDS = ["need", "profile", "country", "budget_band", "contact_name", "contact_email", "consent"]


def find_partner(request: HttpRequest) -> HttpResponse:
    """The form; bad input is shown on its field and nothing is stored."""
    return public_form(
        request,
        form_class=FindPartnerForm,
        fields=FIELDS,
        submit=partial(lead_create, source=LeadSource.FORM),
        template="web/find_partner.html",
        done="find_partner_sent",
    )


def find_partner_sent(request: HttpRequest) -> HttpResponse:
    """After the form: what happens next."""
    return render(request, "web/find_partner_sent.html")

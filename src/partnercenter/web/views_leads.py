"""Find a partner: the public form whose request 7x routes to a partner."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from partnercenter.leads.errors import LeadError, TooManyLeads
from partnercenter.leads.models import LeadSource
from partnercenter.leads.services import lead_create
from partnercenter.programs.selectors import NoEdition, edition_at
from partnercenter.web.forms import HONEYPOT
from partnercenter.web.forms_leads import FindPartnerForm

FIELDS = ["need", "profile", "country", "budget_band", "contact_name", "contact_email", "consent"]


def find_partner(request: HttpRequest) -> HttpResponse:
    """The form; bad input is shown on its field and nothing is stored."""
    try:
        edition = edition_at(timezone.now().date())
    except NoEdition:
        return render(request, "web/apply_closed.html", status=503)
    form = FindPartnerForm(request.POST or None, edition=edition)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                lead_create(
                    **{name: data[name] for name in FIELDS},
                    source=LeadSource.FORM,
                    ip=str(request.META.get("REMOTE_ADDR") or "unknown"),
                    honeypot=data.get(HONEYPOT) or "",
                )
            except TooManyLeads as exc:
                form.add_error(None, exc.message)
                status = 429
            except LeadError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect("find_partner_sent")
    return render(
        request, "web/find_partner.html", {"form": form, "edition": edition}, status=status
    )


def find_partner_sent(request: HttpRequest) -> HttpResponse:
    """After the form: what happens next."""
    return render(request, "web/find_partner_sent.html")

"""Portal pages that read: dashboard, ledger (with CSV), level history (plan: `views_billing`)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from partnercenter.entitlements.selectors import quotas_of, revenue_progress
from partnercenter.partners.models import Person
from partnercenter.portal.access import portal_view
from partnercenter.programs.selectors import edition_at
from partnercenter.standing import selectors
from partnercenter.standing.exports import csv_response, ledger_rows
from partnercenter.standing.filters import filtered_ledger


@portal_view()
def dashboard(request: HttpRequest, person: Person) -> HttpResponse:
    today = timezone.now().date()
    data = selectors.dashboard(person.partner, today)
    return render(
        request,
        "portal/dashboard.html",
        {
            "person": person,
            "d": data,
            "m": data.membership,
            "p": person.partner,
            "ent_quotas": quotas_of(person.partner, timezone.now()),
            "ent_revenue": revenue_progress(person.partner, timezone.now()),
            "cert_warning": data.level_warning,
        },
    )


@portal_view()
def ledger(request: HttpRequest, person: Person) -> HttpResponse | StreamingHttpResponse:
    edition = edition_at(timezone.now().date())
    form, entries = filtered_ledger(request.GET, person.partner, edition)
    if request.GET.get("export") == "csv" and not form.errors:
        rows = ledger_rows(entries, selectors.activity_names(edition))
        return csv_response(f"{person.partner.slug}-ledger.csv", rows)
    today = timezone.now().date()
    count, totals = selectors.ledger_count_and_totals(
        person.partner,
        entries,
        filtered=form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
        today=today,
    )
    paginator = Paginator(entries, 50)
    paginator.count = count  # type: ignore[misc]  # counted above (cached_property)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/ledger.html",
        {
            "person": person,
            "form": form,
            "page": page,
            "totals": totals,
            "activity_names": selectors.activity_names(edition),
            "query": query.urlencode(),
        },
    )


@portal_view()
def levels(request: HttpRequest, person: Person) -> HttpResponse:
    edition = edition_at(timezone.now().date())
    history = selectors.level_history(person.partner, edition)
    return render(request, "portal/levels.html", {"person": person, "history": history})

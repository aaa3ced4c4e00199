"""Portal pages that read: dashboard, ledger (with CSV), level history (plan: `views_billing`)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from partnercenter.domain.program import Edition
from partnercenter.entitlements.selectors import quotas_of, revenue_progress
from partnercenter.ledger.models import Entry
from partnercenter.membership.selectors import membership_state
from partnercenter.partners.models import Partner, Person
from partnercenter.portal import selectors
from partnercenter.portal.access import portal_view
from partnercenter.portal.exports import csv_response, ledger_rows
from partnercenter.portal.forms import LedgerFilterForm
from partnercenter.programs.selectors import edition_at


@portal_view()
def dashboard(request: HttpRequest, person: Person) -> HttpResponse:
    today = timezone.now().date()
    data = selectors.dashboard(person.partner, today)
    decision = data.standing.decision
    state = membership_state(
        person.partner, today, level=decision.level, points=decision.facts.points
    )
    return render(
        request,
        "portal/dashboard.html",
        {
            "person": person,
            "d": data,
            "m": state,
            "p": person.partner,
            "ent_quotas": quotas_of(person.partner, timezone.now()),
            "ent_revenue": revenue_progress(person.partner, timezone.now()),
        },
    )


def filtered_ledger(
    request: HttpRequest, partner: Partner | None, edition: Edition
) -> tuple[LedgerFilterForm, QuerySet[Entry]]:
    """The filter form and the entries it selects; a bad filter selects nothing narrower."""
    form = LedgerFilterForm(request.GET or None, edition=edition)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    return form, selectors.ledger_entries(partner, **filters)


@portal_view()
def ledger(request: HttpRequest, person: Person) -> HttpResponse | StreamingHttpResponse:
    edition = edition_at(timezone.now().date())
    form, entries = filtered_ledger(request, person.partner, edition)
    if request.GET.get("export") == "csv" and not form.errors:
        rows = ledger_rows(entries, selectors.activity_names(edition))
        return csv_response(f"{person.partner.slug}-ledger.csv", rows)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/ledger.html",
        {
            "person": person,
            "form": form,
            "page": page,
            "totals": selectors.ledger_totals(entries),
            "activity_names": selectors.activity_names(edition),
            "query": query.urlencode(),
        },
    )


@portal_view()
def levels(request: HttpRequest, person: Person) -> HttpResponse:
    edition = edition_at(timezone.now().date())
    history = selectors.level_history(person.partner, edition)
    return render(request, "portal/levels.html", {"person": person, "history": history})

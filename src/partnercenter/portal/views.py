"""Portal pages that read: dashboard, ledger (with CSV), level history (plan: `views_billing`)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from partnercenter.entitlements.selectors import quotas_of, revenue_progress
from partnercenter.partners.models import Partner, Person
from partnercenter.portal.access import portal_view
from partnercenter.programs.selectors import edition_at
from partnercenter.standing import selectors
from partnercenter.standing.cache import standing_cached
from partnercenter.standing.exports import csv_response, ledger_rows
from partnercenter.standing.filters import filtered_ledger


@portal_view()
def dashboard(request: HttpRequest, person: Person) -> HttpResponse:
    """The partner's home page: its cards and history rendered once per change of its standing.

    The rendered cards and history are kept with the standing (`standing.cache`: the same
    tokens and partner-row digest), so a repeat load reads one cache row instead of
    rendering ~500 template nodes; running notices and entitlements stay live.
    """
    partner = person.partner
    today = timezone.now().date()

    def render_parts() -> tuple[str, str]:
        data = selectors.dashboard(partner, today)
        context = {
            "d": data,
            "m": data.membership,
            "p": partner,
            "cert_warning": data.level_warning,
        }
        return (
            render_to_string("portal/_dashboard_cards.html", context),
            render_to_string("portal/_dashboard_history.html", context),
        )

    cards, history = standing_cached("dashboard-html", partner, today, render_parts)
    now = timezone.now()
    return render(
        request,
        "portal/dashboard.html",
        {
            "person": person,
            "p": partner,
            "notices": selectors.running_notices(partner, today),
            "cards": mark_safe(cards),  # noqa: S308  (rendered by the template engine above)
            "history": mark_safe(history),  # noqa: S308
            "ent_quotas": quotas_of(partner, now),
            "ent_revenue": revenue_progress(partner, now),
        },
    )


LEDGER_PAGES_CACHED = 20
"""Unfiltered ledger pages up to this number are rendered once per change (the ones opened)."""


@portal_view()
def ledger(request: HttpRequest, person: Person) -> HttpResponse | StreamingHttpResponse:
    """The partner's ledger, filtered and paged; unfiltered first pages rendered once per change."""
    partner = person.partner
    today = timezone.now().date()
    number = request.GET.get("page", "1")
    if set(request.GET) <= {"page"} and number.isdigit() and 0 < int(number) <= LEDGER_PAGES_CACHED:
        # What the page shows depends only on the partner's entries (its token), its
        # row and the editions: the same key as the standing (`standing.cache`).
        body = standing_cached(
            f"ledger-html:{int(number)}",
            partner,
            today,
            lambda: render_to_string("portal/_ledger_body.html", _ledger_context(request, partner)),
        )
        return render(
            request,
            "portal/ledger.html",
            {"person": person, "body": mark_safe(body)},  # noqa: S308  (rendered above)
        )
    context = _ledger_context(request, partner)
    if isinstance(context, StreamingHttpResponse):
        return context
    return render(request, "portal/ledger.html", {"person": person, **context})


def _ledger_context(request: HttpRequest, partner: Partner) -> Any:
    """The filter form, the page of entries and its totals (or the CSV export asked for)."""
    edition = edition_at(timezone.now().date())
    form, entries = filtered_ledger(request.GET, partner, edition)
    if request.GET.get("export") == "csv" and not form.errors:
        rows = ledger_rows(entries, selectors.activity_names(edition))
        return csv_response(f"{partner.slug}-ledger.csv", rows)
    today = timezone.now().date()
    count, totals = selectors.ledger_count_and_totals(
        partner,
        entries,
        filtered=form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
        today=today,
    )
    paginator = Paginator(entries, 50)
    paginator.count = count  # type: ignore[misc]  # counted above (cached_property)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "page": page,
        "totals": totals,
        "activity_names": selectors.activity_names(edition),
        "query": query.urlencode(),
    }


@portal_view()
def levels(request: HttpRequest, person: Person) -> HttpResponse:
    edition = edition_at(timezone.now().date())
    history = selectors.level_history(person.partner, edition)
    return render(request, "portal/levels.html", {"person": person, "history": history})

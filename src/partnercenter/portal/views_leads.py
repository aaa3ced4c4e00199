"""Portal page Leads: leads offered to the partner, why, and the answers (accept, decline,
won, lost, pass to 7x). Every action is a POST; a refusal re-renders with the message."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.errors import Refusal
from partnercenter.leads import selectors, services
from partnercenter.leads.errors import InvalidField, NegativeDealValue
from partnercenter.partners.models import Person
from partnercenter.portal.access import portal_view
from partnercenter.programs.selectors import edition_at


def _page(
    request: HttpRequest, person: Person, error: tuple[int, str, str] | None = None
) -> HttpResponse:
    partner = person.partner
    edition = edition_at(timezone.now().date())
    rows = []
    for lead in selectors.leads_of_partner(partner)[:100]:
        rows.append(
            {
                "lead": lead,
                "holds": lead.partner_id == partner.pk,
                "waiting": selectors.waiting_offer(lead) if lead.partner_id == partner.pk else None,
                "steps": selectors.steps_of_partner(lead, partner),
                "error": error[1:] if error and error[0] == lead.pk else None,
            }
        )
    profiles = {p.code: p.name for p in edition.profiles}
    return render(
        request,
        "portal/leads.html",
        {
            "person": person,
            "rows": rows,
            "profiles": profiles,
            "can_pass": services.shares_leads(partner, edition),
        },
        status=400 if error else 200,
    )


@portal_view()
def leads(request: HttpRequest, person: Person) -> HttpResponse:
    """The partner's leads: offered ones with their answer-by time and the reason."""
    return _page(request, person)


def _cents(raw: str) -> int:
    text = raw.strip().replace(",", "").replace("$", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidField(
            "Enter the deal value in USD, e.g. 12500.00.", field="deal_value"
        ) from None
    if value < 0:
        raise NegativeDealValue("The deal value is a positive amount (or 0).", field="deal_value")
    if value != value.quantize(Decimal("0.01")) or value > Decimal("1000000000"):
        raise InvalidField(
            "Enter the deal value in USD with at most 2 decimals.", field="deal_value"
        )
    return int(value * 100)


DONE = {
    "accept": "Lead accepted; the customer was told you will contact them.",
    "decline": "Lead declined; it goes to the next partner.",
    "won": "Marked won. Congratulations!",
    "lost": "Marked lost. Thank you for telling us why.",
    "pass": "Lead passed to 7x.",
}


@require_POST
@portal_view(writes=True)
def lead_act(request: HttpRequest, person: Person, pk: int, action: str) -> HttpResponse:
    """One answer to a lead the partner holds; another partner's lead is a 404."""
    lead = selectors.leads_of_partner(person.partner).filter(pk=pk).first()
    if lead is None or action not in DONE:
        raise Http404("No such lead.")
    reason = request.POST.get("reason", "")
    try:
        if action == "accept":
            services.lead_accept(lead=lead, person=person)
        elif action == "decline":
            services.lead_decline(lead=lead, person=person, reason=reason)
        elif action == "won":
            cents = _cents(request.POST.get("deal_value", ""))
            services.lead_won(lead=lead, person=person, deal_value_cents=cents)
        elif action == "lost":
            services.lead_lost(lead=lead, person=person, reason=reason)
        else:
            services.lead_pass_to_7x(lead=lead, person=person)
    except Refusal as exc:
        return _page(request, person, error=(lead.pk, exc.field, exc.message))
    messages.success(request, DONE[action])
    return redirect("portal:leads")

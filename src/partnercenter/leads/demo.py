"""Demo leads: a handful in every state across the demo partners, routed by the real rules.

Northwind Digital (the demo partner admin's company) gets one lead offered and one won.
To reach a given partner the demo lets the partners routing offers it to first decline,
so every stored explanation is what routing really said. A second run changes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from partnercenter.leads.models import Lead, LeadSource, LeadStatus
from partnercenter.leads.services import (
    lead_accept,
    lead_create,
    lead_decline,
    lead_lost,
    lead_pass_to_7x,
    lead_won,
    shares_leads,
)
from partnercenter.partners.models import Partner, Person, Role
from partnercenter.programs.selectors import edition_at

DOMAIN = "demo-customer.example"


def _admin(partner: Partner) -> Person:
    admin = Person.objects.filter(partner=partner, role=Role.ADMIN).order_by("pk").first()
    chosen = admin or Person.objects.filter(partner=partner).order_by("pk").first()
    assert chosen is not None, f"{partner.slug} has nobody to answer"
    return chosen


def _lead(n: int, need: str, profile: str, country: str, band: str, at: datetime) -> Lead:
    lead = lead_create(
        need=need,
        profile=profile,
        country=country,
        contact_name=f"Demo Customer {n}",
        contact_email=f"customer{n}@{DOMAIN}",
        consent=True,
        budget_band=band,
        source=LeadSource.FORM if n % 2 else LeadSource.API,
        now=at,
    )
    assert lead is not None
    return lead


def _to(partner: Partner, lead: Lead, at: datetime) -> Lead | None:
    """Let the partners offered before `partner` decline until it holds the lead."""
    for _ in range(60):
        lead.refresh_from_db()
        if lead.status != LeadStatus.OFFERED or lead.partner is None:
            return None
        if lead.partner_id == partner.pk:
            return lead
        lead_decline(
            lead=lead, person=_admin(lead.partner), reason="Fully booked this month", now=at
        )
    return None


@transaction.atomic
def demo_leads(*, today: date) -> None:
    """Create the demo leads once (they are recognised by their customers' domain)."""
    if Lead.objects.filter(contact_email__endswith="@" + DOMAIN).exists():
        return
    northwind = Partner.objects.filter(slug="northwind-digital").first()
    if northwind is None:
        return
    now = datetime.combine(today, time(8, 0), tzinfo=UTC)
    nw = (northwind.profile, northwind.country or "DE")

    # Northwind: one offered (waiting for its answer), one won.
    offered = _lead(1, "A partner portal for our 300 dealers.", *nw, "50k_250k", now)
    _to(northwind, offered, now)
    won = _lead(
        2, "Migrating our intranet to Exponential.", *nw, "10k_50k", now - timedelta(days=20)
    )
    held = _to(northwind, won, now - timedelta(days=20))
    if held is not None:
        lead_accept(lead=held, person=_admin(northwind), now=now - timedelta(days=19))
        lead_won(lead=held, person=_admin(northwind), deal_value_cents=2_450_000)

    # Elsewhere: accepted, lost, declined and forwarded, passed to 7x.
    accepted = _lead(3, "Managed hosting with EU backups.", "hosting", "DE", "10k_50k", now)
    if accepted.partner is not None:
        lead_accept(lead=accepted, person=_admin(accepted.partner), now=now)
    lost = _lead(4, "A new brand identity and website.", "creative", "FR", "under_10k", now)
    if lost.partner is not None:
        holder = _admin(lost.partner)
        lead_accept(lead=lost, person=holder, now=now)
        lead_lost(lead=lost, person=holder, reason="The customer chose an in-house team.")
    forwarded = _lead(5, "Reselling licences in the Nordics.", "distribution", "SE", "", now)
    if forwarded.partner is not None:
        lead_decline(
            lead=forwarded,
            person=_admin(forwarded.partner),
            reason="We do not serve that region.",
            now=now,
        )
    passed = _lead(6, "An SSO integration with our ERP.", "it", "US", "over_250k", now)
    if passed.partner is not None and shares_leads(passed.partner, edition_at(today)):
        lead_pass_to_7x(lead=passed, person=_admin(passed.partner), now=now)

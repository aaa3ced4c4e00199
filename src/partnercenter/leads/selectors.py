"""Reading leads: a partner's own leads and steps, and the staff list with its filters."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from partnercenter.leads.models import Lead, LeadStatus, LeadStep
from partnercenter.partners.models import Partner


def leads_of_partner(partner: Partner) -> QuerySet[Lead]:
    """Leads the partner holds now or was ever offered, newest first."""
    return (
        Lead.objects.filter(
            Q(partner=partner) | Q(steps__partner=partner, steps__kind__in=("offer", "share"))
        )
        .distinct()
        .order_by("-created_at", "-id")
    )


def steps_of_partner(lead: Lead, partner: Partner) -> list[LeadStep]:
    """The partner's own part of the routing explanation (its offers and skips), oldest first."""
    return list(lead.steps.filter(partner=partner).order_by("seq"))


def lead_steps(lead: Lead) -> list[LeadStep]:
    """Every routing step of a lead, oldest first: the full explanation staff see."""
    return list(lead.steps.select_related("partner").order_by("seq"))


def waiting_offer(lead: Lead) -> LeadStep | None:
    """The offer awaiting an answer (its answer-by time), if the lead waits for one."""
    if lead.status not in (LeadStatus.OFFERED, LeadStatus.SHARED):
        return None
    return lead.steps.filter(kind__in=("offer", "share"), outcome="").order_by("-seq").first()


@dataclass(frozen=True)
class LeadFilter:
    """The back office's filters; empty values do not filter."""

    status: str = ""
    profile: str = ""
    country: str = ""
    partner: str = ""
    text: str = ""


def leads_for_staff(f: LeadFilter) -> QuerySet[Lead]:
    """All leads matching `f`, newest first."""
    qs = Lead.objects.select_related("partner")
    if f.status:
        qs = qs.filter(status=f.status)
    if f.profile:
        qs = qs.filter(profile=f.profile)
    if f.country:
        qs = qs.filter(country=f.country.upper())
    if f.partner:
        qs = qs.filter(partner__slug=f.partner)
    if f.text:
        qs = qs.filter(
            Q(need__icontains=f.text)
            | Q(contact_name__icontains=f.text)
            | Q(contact_email__icontains=f.text)
        )
    return qs.order_by("-created_at", "-id")

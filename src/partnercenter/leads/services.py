"""Leads: taking a customer's request, routing it, and the partner's answers.

Routing itself is `domain.routing.route` (pure); here it is fed from the database and
each round's steps are stored with their explanation. Every refusal raises a named
`LeadError` before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Max, Q
from django.forms import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_countries import countries

from partnercenter.audit.services import audit_record
from partnercenter.domain import routing
from partnercenter.domain.program import Edition
from partnercenter.leads import throttle
from partnercenter.leads.errors import (
    AlreadyWon,
    CannotShare,
    InvalidEmail,
    InvalidField,
    NegativeDealValue,
    NoConsent,
    NotYourLead,
    ReasonRequired,
    TooManyLeads,
    UnknownBudgetBand,
    UnknownCountry,
    UnknownProfile,
    WrongState,
)
from partnercenter.leads.models import (
    OPEN_STATUSES,
    WAITING_STATUSES,
    Lead,
    LeadSource,
    LeadStatus,
    LeadStep,
    Outcome,
    StepKind,
)
from partnercenter.membership.selectors import partner_admin_emails
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Partner, PartnerStatus, Person
from partnercenter.programs.selectors import edition_at


@dataclass(frozen=True)
class RouteResult:
    """A lead and all its routing steps, oldest first."""

    lead: Lead
    steps: list[LeadStep]


def _text(value: Any, field: str, label: str, max_length: int) -> str:
    text = str(value or "").strip()
    if not text:
        raise InvalidField(f"Enter {label}.", field=field)
    if len(text) > max_length:
        raise InvalidField(f"{label.capitalize()} is at most {max_length} characters.", field=field)
    return text


def lead_clean(
    *,
    need: Any,
    profile: Any,
    country: Any,
    contact_name: Any,
    contact_email: Any,
    consent: Any,
    budget_band: Any = "",
    edition: Edition,
) -> dict[str, Any]:
    """The lead's fields, checked and normalised; a named refusal on the first bad one."""
    clean: dict[str, Any] = {"need": _text(need, "need", "what you need", 4000)}
    code = str(profile or "").strip().lower()
    if code not in {p.code for p in edition.profiles}:
        names = ", ".join(p.name for p in edition.profiles)
        raise UnknownProfile(f"Choose a profile ({names}); {str(profile)[:20]!r} is not one.")
    clean["profile"] = code
    country_code = str(country or "").strip().upper()
    if country_code not in dict(countries):
        raise UnknownCountry(f"Choose a country from the list ({str(country)[:10]!r} is not one).")
    clean["country"] = country_code
    band = str(budget_band or "").strip()
    if band and band not in edition.leads.budget_bands:
        raise UnknownBudgetBand(
            f"Choose a budget band ({', '.join(edition.leads.budget_bands)}) or leave it empty."
        )
    clean["budget_band"] = band
    clean["contact_name"] = _text(contact_name, "contact_name", "your name", 200)
    email = str(contact_email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidEmail(
            f"{email[:80]!r} is not an email address." if email else "Enter your email address."
        ) from None
    if len(email) > 254:
        raise InvalidEmail("The email address is at most 254 characters.")
    clean["contact_email"] = email
    if consent is not True:
        raise NoConsent("Agree that 7x passes your request to a partner, or we cannot help.")
    clean["consent"] = True
    return clean


@transaction.atomic
def lead_create(
    *,
    need: Any,
    profile: Any,
    country: Any,
    contact_name: Any,
    contact_email: Any,
    consent: Any,
    budget_band: Any = "",
    source: str = LeadSource.FORM,
    ip: str | None = None,
    honeypot: str = "",
    now: datetime | None = None,
) -> Lead | None:
    """Store a customer's request and route it at once.

    Anonymous doors pass `ip`: a per-address limit applies (TooManyLeads). A filled
    honeypot means a robot: answered like a success (None), nothing kept.
    """
    now = now or timezone.now()
    wait = throttle.retry_after(ip or "")
    if wait:
        raise TooManyLeads(
            f"Too many requests from your address; try again in {wait // 60 + 1} minutes.",
            retry_after=wait,
        )
    clean = lead_clean(
        need=need,
        profile=profile,
        country=country,
        contact_name=contact_name,
        contact_email=contact_email,
        consent=consent,
        budget_band=budget_band,
        edition=edition_at(now.date()),
    )
    throttle.count(ip or "")
    if honeypot.strip():
        return None
    lead = Lead.objects.create(**clean, source=source)
    _round(lead, now)
    return lead


def _candidates(lead: Lead) -> list[routing.Candidate]:
    """Every partner with the lead's profile, as routing sees it (it filters eligibility)."""
    partners = (
        Partner.objects.filter(profile=lead.profile)
        .annotate(
            # distinct: the join with the steps below repeats each lead once per step.
            open_leads=Count("leads", filter=Q(leads__status__in=OPEN_STATUSES), distinct=True),
            last_offered=Max(
                "lead_steps__offered_at",
                filter=Q(lead_steps__kind__in=(StepKind.OFFER, StepKind.SHARE)),
            ),
        )
        .order_by("pk")
    )
    passed: dict[int, routing.Passed] = {}
    for step in lead.steps.filter(kind=StepKind.OFFER, outcome__in=("declined", "expired")):
        assert step.partner_id is not None
        passed[step.partner_id] = routing.Passed(step.outcome)
    return [
        routing.Candidate(
            id=p.pk,
            name=p.name,
            profile=p.profile,
            country=p.country,
            level=p.current_level or None,
            active=p.status == PartnerStatus.ACTIVE,
            open_leads=p.open_leads,
            passed=passed.get(p.pk, routing.Passed.NO),
            last_offered_at=p.last_offered,
        )
        for p in partners
    ]


def _next_seq(lead: Lead) -> int:
    last = lead.steps.aggregate(m=Max("seq"))["m"]
    return (last or 0) + 1


def _offer_mail(step: LeadStep) -> None:
    lead = step.lead
    assert step.partner is not None
    link = settings.PARTNERCENTER_SITE_URL + reverse("portal:leads")
    assert step.offered_at is not None
    names = {p.code: p.name for p in edition_at(step.offered_at.date()).profiles}
    context = {
        "lead": lead,
        "step": step,
        "partner": step.partner,
        "link": link,
        "profile_name": names.get(lead.profile, lead.profile),
    }
    for email in partner_admin_emails(step.partner):
        message_queue(
            kind="lead_offered",
            to=email,
            context=context,
            key=f"lead-offered:{step.pk}:{email}",
            partner=step.partner,
        )


def _round(lead: Lead, now: datetime) -> list[LeadStep]:
    """Route `lead` once more (after creation, a decline, an expiry, or a staff re-route)."""
    edition = edition_at(now.date())
    names = {p.code: p.name for p in edition.profiles}
    result = routing.route(
        routing.LeadAsk(profile=lead.profile, country=lead.country),
        _candidates(lead),
        edition.lead_priority,
        edition.leads,
        profile_name=names.get(lead.profile, lead.profile),
    )
    seq = _next_seq(lead)
    made = []
    for offset, s in enumerate(result.steps):
        offer = s.kind == routing.StepKind.OFFER
        made.append(
            LeadStep.objects.create(
                lead=lead,
                seq=seq + offset,
                kind=StepKind(s.kind.value),
                partner_id=s.partner_id,
                explanation=s.explanation,
                offered_at=now if offer else None,
                answer_by=now + timedelta(hours=edition.leads.answer_hours) if offer else None,
            )
        )
    last = made[-1]
    if last.kind == StepKind.OFFER:
        lead.status, lead.partner = LeadStatus.OFFERED, last.partner
    else:
        lead.status, lead.partner = LeadStatus.UNROUTED, None
    lead.save(update_fields=["status", "partner", "updated_at"])
    if last.kind == StepKind.OFFER:
        _offer_mail(last)
    return made


@transaction.atomic
def lead_route(*, lead: Lead, now: datetime | None = None) -> RouteResult:
    """Route a lead never routed; a routed lead answers its steps unchanged (idempotent)."""
    locked = Lead.objects.select_for_update().get(pk=lead.pk)
    if not locked.steps.exists():
        _round(locked, now or timezone.now())
    return RouteResult(locked, list(locked.steps.select_related("partner").order_by("seq")))


def _waiting_step(lead: Lead) -> LeadStep:
    step = (
        lead.steps.filter(kind__in=(StepKind.OFFER, StepKind.SHARE), outcome="")
        .order_by("-seq")
        .first()
    )
    assert step is not None, f"lead {lead.pk} waits without an offer"
    return step


def _mine(lead: Lead, person: Person, statuses: tuple[str, ...]) -> Lead:
    locked = Lead.objects.select_for_update().get(pk=lead.pk)
    if locked.partner_id != person.partner_id:
        raise NotYourLead("This lead is not offered to your company.")
    if locked.status not in statuses:
        raise WrongState(f"The lead is {locked.get_status_display().lower()}; not possible now.")
    return locked


@transaction.atomic
def lead_accept(*, lead: Lead, person: Person, now: datetime | None = None) -> Lead:
    """The offered partner takes the lead; the customer is told who will contact them."""
    now = now or timezone.now()
    locked = _mine(lead, person, WAITING_STATUSES)
    if person.partner.status != PartnerStatus.ACTIVE:
        raise WrongState(
            f"{person.partner.name}'s membership is {person.partner.status}: "
            "leads go to active members only; this one goes to the next partner."
        )
    step = _waiting_step(locked)
    step.outcome, step.answered_at = Outcome.ACCEPTED, now
    step.save(update_fields=["outcome", "answered_at"])
    locked.status = LeadStatus.ACCEPTED
    locked.save(update_fields=["status", "updated_at"])
    assert locked.partner is not None
    message_queue(
        kind="lead_accepted",
        to=locked.contact_email,
        context={"lead": locked, "partner": locked.partner},
        key=f"lead-accepted:{locked.pk}:{locked.partner_id}",
        partner=locked.partner,
    )
    return locked


def _to_7x(lead: Lead, explanation: str, kind: str = StepKind.UNROUTED) -> None:
    LeadStep.objects.create(lead=lead, seq=_next_seq(lead), kind=kind, explanation=explanation)
    lead.status, lead.partner = LeadStatus.UNROUTED, None
    lead.save(update_fields=["status", "partner", "updated_at"])


def _forward(lead: Lead, step: LeadStep, now: datetime) -> None:
    """After a decline or an expiry: routing's next partner; a shared lead goes back to 7x."""
    if step.kind == StepKind.SHARE:
        assert step.partner is not None
        _to_7x(lead, f"back to 7x staff: {step.partner.name} {step.get_outcome_display().lower()}")
    else:
        _round(lead, now)


@transaction.atomic
def lead_decline(*, lead: Lead, person: Person, reason: str, now: datetime | None = None) -> Lead:
    """The offered partner declines with a reason; the lead goes to the next partner."""
    now = now or timezone.now()
    reason = str(reason or "").strip()
    if not reason:
        raise ReasonRequired("Say why you decline (the next partner is offered the lead).")
    locked = _mine(lead, person, WAITING_STATUSES)
    step = _waiting_step(locked)
    step.outcome, step.answered_at, step.reason = Outcome.DECLINED, now, reason[:2000]
    step.save(update_fields=["outcome", "answered_at", "reason"])
    _forward(locked, step, now)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def leads_expire(*, now: datetime | None = None) -> int:
    """Offers not answered by their answer-by time: marked expired, the lead forwarded.

    An offer waiting at a partner that is no longer active (lapsed, suspended, ended) is
    withdrawn and forwarded too, whatever its answer-by time.
    """
    now = now or timezone.now()
    due = (
        LeadStep.objects.filter(
            kind__in=(StepKind.OFFER, StepKind.SHARE),
            outcome="",
            lead__status__in=WAITING_STATUSES,
        )
        .filter(Q(answer_by__lte=now) | ~Q(partner__status=PartnerStatus.ACTIVE))
        .select_related("lead", "partner")
        .order_by("pk")
    )
    count = 0
    for step in list(due):
        assert step.partner is not None
        if step.partner.status != PartnerStatus.ACTIVE:
            step.outcome, step.reason = Outcome.WITHDRAWN, f"membership {step.partner.status}"
        else:
            step.outcome = Outcome.EXPIRED
        step.answered_at = now
        step.save(update_fields=["outcome", "answered_at", "reason"])
        _forward(step.lead, step, now)
        count += 1
    return count


@transaction.atomic
def lead_won(*, lead: Lead, person: Person, deal_value_cents: int) -> Lead:
    """The partner won the customer's deal, worth `deal_value_cents`."""
    if not isinstance(deal_value_cents, int) or deal_value_cents < 0:
        raise NegativeDealValue("The deal value is a positive amount (or 0).")
    locked = Lead.objects.select_for_update().get(pk=lead.pk)
    if locked.partner_id != person.partner_id:
        raise NotYourLead("This lead is not your company's.")
    if locked.status == LeadStatus.WON:
        raise AlreadyWon("The lead is already marked won.")
    if locked.status != LeadStatus.ACCEPTED:
        raise WrongState("Accept the lead before marking it won.")
    locked.status, locked.deal_value_cents = LeadStatus.WON, deal_value_cents
    locked.save(update_fields=["status", "deal_value_cents", "updated_at"])
    return locked


@transaction.atomic
def lead_lost(*, lead: Lead, person: Person, reason: str) -> Lead:
    """The partner did not win the deal; the reason helps 7x."""
    reason = str(reason or "").strip()
    if not reason:
        raise ReasonRequired("Say why the deal was lost.")
    locked = _mine(lead, person, (LeadStatus.ACCEPTED,))
    locked.status, locked.lost_reason = LeadStatus.LOST, reason[:2000]
    locked.save(update_fields=["status", "lost_reason", "updated_at"])
    return locked


def shares_leads(partner: Partner, edition: Edition) -> bool:
    """An active member at a level that SHARES leads with 7x (Silver and up)."""
    return (
        partner.status == PartnerStatus.ACTIVE
        and partner.current_level in edition.leads.share_levels
    )


@transaction.atomic
def lead_pass_to_7x(*, lead: Lead, person: Person, now: datetime | None = None) -> Lead:
    """A Silver+ partner hands a lead it holds (offered or accepted) to 7x."""
    now = now or timezone.now()
    if not shares_leads(person.partner, edition_at(now.date())):
        raise CannotShare("Only Silver, Gold and Platinum partners pass leads to 7x.")
    locked = _mine(lead, person, OPEN_STATUSES)
    step = (
        locked.steps.filter(kind__in=(StepKind.OFFER, StepKind.SHARE), partner=person.partner)
        .order_by("-seq")
        .first()
    )
    if step is not None and step.outcome in ("", Outcome.ACCEPTED):
        step.outcome, step.answered_at = Outcome.PASSED, now
        step.save(update_fields=["outcome", "answered_at"])
    _to_7x(locked, f"passed to 7x by {person.partner.name}", kind=StepKind.PASS)
    return locked


@transaction.atomic
def lead_share(*, lead: Lead, partner: Partner, staff: Any, now: datetime | None = None) -> Lead:
    """Staff share a 7x lead (new or unrouted) with a chosen Silver+ partner."""
    now = now or timezone.now()
    edition = edition_at(now.date())
    if not shares_leads(partner, edition):
        raise CannotShare(f"{partner.name} is not an active member at a level that shares leads.")
    locked = Lead.objects.select_for_update().get(pk=lead.pk)
    if locked.status not in (LeadStatus.NEW, LeadStatus.UNROUTED):
        raise WrongState("Only a lead with 7x (new or unrouted) can be shared.")
    step = LeadStep.objects.create(
        lead=locked,
        seq=_next_seq(locked),
        kind=StepKind.SHARE,
        partner=partner,
        explanation=f"shared by 7x with {partner.name} ({partner.current_level})",
        offered_at=now,
        answer_by=now + timedelta(hours=edition.leads.answer_hours),
    )
    locked.status, locked.partner = LeadStatus.SHARED, partner
    locked.save(update_fields=["status", "partner", "updated_at"])
    audit_record(actor=staff, action="lead.share", target=locked, details={"partner": partner.slug})
    _offer_mail(step)
    return locked


@transaction.atomic
def lead_reroute(*, lead: Lead, staff: Any, now: datetime | None = None) -> RouteResult:
    """Staff route a lead with 7x (new or unrouted) again, e.g. after new partners joined."""
    locked = Lead.objects.select_for_update().get(pk=lead.pk)
    if locked.status not in (LeadStatus.NEW, LeadStatus.UNROUTED):
        raise WrongState("Only a lead with 7x (new or unrouted) can be routed again.")
    made = _round(locked, now or timezone.now())
    audit_record(
        actor=staff,
        action="lead.reroute",
        target=locked,
        details={"outcome": made[-1].explanation},
    )
    return RouteResult(locked, list(locked.steps.select_related("partner").order_by("seq")))

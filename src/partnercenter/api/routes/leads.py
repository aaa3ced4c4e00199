"""Leads from customers: anyone sends one (anonymous, throttled per address, or with a
staff token, as the store does); a partner's people and staff list the partner's leads.

Handlers only check who may act and call `partnercenter.leads.services`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from partnercenter.api.auth import caller
from partnercenter.api.errors import ApiError
from partnercenter.api.pagination import MAX_LIMIT, page
from partnercenter.api.routes import IDEMPOTENCY_KEY, responses
from partnercenter.api.schemas import Page
from partnercenter.api.selectors import token_for_secret
from partnercenter.leads import selectors, services
from partnercenter.leads.models import Lead, LeadSource, LeadStatus
from partnercenter.partners.models import Partner

router = Router(tags=["leads"])


class Unauthenticated(ApiError):
    status = 401
    code = "unauthenticated"


class LeadIn(Schema):
    """What a customer sends; the same fields as the form at /find-a-partner/."""

    need: str = Field(..., max_length=4000, description="What the customer needs.")
    profile: str = Field(..., max_length=32, description="A profile code: it, creative, …")
    country: str = Field(..., max_length=2, description="ISO 3166 alpha-2, e.g. DE.")
    contact_name: str = Field(..., max_length=200)
    contact_email: str = Field(..., max_length=254)
    consent: bool = Field(..., description="The customer agrees that 7x passes it to a partner.")
    budget_band: str = Field(
        "", max_length=32, description="under_10k, 10k_50k, 50k_250k or over_250k."
    )


class LeadCreated(Schema):
    id: int


class StepOut(Schema):
    seq: int
    kind: str
    explanation: str
    offered_at: datetime | None
    answer_by: datetime | None
    outcome: str
    reason: str


class LeadOut(Schema):
    id: int
    need: str
    profile: str
    country: str
    budget_band: str
    status: str
    created_at: datetime
    answer_by: datetime | None = Field(None, description="While offered: answer by this time.")
    contact_name: str | None = Field(None, description="Shown once the partner accepted.")
    contact_email: str | None = None
    deal_value_cents: int | None
    steps: list[StepOut] = Field(description="The routing steps: the partner's own part.")


class LeadPage(Page):
    items: list[LeadOut]


class LeadQuery(Schema):
    cursor: str | None = Field(None, max_length=40)
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


def _staff_token(request: HttpRequest) -> bool:
    """True for a staff token (not limited); no token, or a partner's, is anonymous (limited).

    A token that is not live is refused (401): the caller meant to use one.
    """
    header = request.headers.get("Authorization", "")
    if not header:
        return False
    scheme, _, secret = header.partition(" ")
    token = token_for_secret(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        raise Unauthenticated("Send a live staff token, or no Authorization header at all.")
    return bool(token.user.is_staff)


@router.post(
    "/leads",
    auth=None,
    response=responses({201: LeadCreated}),
    summary="Send a customer's lead (anonymous, or a staff token)",
)
def lead_create(
    request: HttpRequest,
    payload: LeadIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """A customer asks for a partner; 7x routes the lead at once.

    No token needed (limited per address: 429 with Retry-After); a staff token (the
    store) is not limited. A bad field is 400 with its `field` and stores nothing.
    """
    staff = _staff_token(request)
    ip = None if staff else str(request.META.get("REMOTE_ADDR") or "unknown")
    lead = services.lead_create(**payload.dict(), source=LeadSource.API, ip=ip)
    assert lead is not None  # the API has no honeypot field
    return Status(201, {"id": lead.pk})


def lead_out(lead: Lead, partner: Partner, staff: bool) -> dict[str, Any]:
    holds = lead.partner_id == partner.pk
    shown = holds and lead.status in (LeadStatus.ACCEPTED, LeadStatus.WON, LeadStatus.LOST)
    waiting = selectors.waiting_offer(lead) if holds else None
    steps = selectors.lead_steps(lead) if staff else selectors.steps_of_partner(lead, partner)
    return {
        "id": lead.pk,
        "need": lead.need,
        "profile": lead.profile,
        "country": lead.country,
        "budget_band": lead.budget_band,
        "status": lead.status if holds else "passed_on",
        "created_at": lead.created_at,
        "answer_by": waiting.answer_by if waiting else None,
        "contact_name": lead.contact_name if shown or staff else None,
        "contact_email": lead.contact_email if shown or staff else None,
        "deal_value_cents": lead.deal_value_cents if holds else None,
        "steps": [
            {
                "seq": s.seq,
                "kind": s.kind,
                "explanation": s.explanation,
                "offered_at": s.offered_at,
                "answer_by": s.answer_by,
                "outcome": s.outcome,
                "reason": s.reason,
            }
            for s in steps
        ],
    }


@router.get(
    "/partners/{slug}/leads",
    response=responses({200: LeadPage}),
    summary="A partner's leads",
)
def partner_leads(request: HttpRequest, slug: str, q: Query[LeadQuery]) -> Any:
    """Leads offered to the partner (newest first) with its part of the routing explanation.

    The customer's contact appears once the partner accepted. Its own people and staff only.
    """
    who = caller(request)
    partner = who.partner(slug)
    rows, cursor = page(selectors.leads_of_partner(partner), q.cursor, q.limit)
    return {
        "items": [lead_out(lead, partner, who.is_staff) for lead in rows],
        "next_cursor": cursor,
    }

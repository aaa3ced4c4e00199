"""Quotas, support tickets, guidance meeting slots and bookings; the staff SLA report.

Fixed interfaces (integrations rely on them): see issue 12. Over quota answers 409
`{"code": "quota_exhausted", "message", "resets_at"}`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from partnercenter.api.auth import caller
from partnercenter.api.errors import ApiError, refused
from partnercenter.api.routes import ERROR_STATUSES, IDEMPOTENCY_KEY, responses
from partnercenter.api.schemas import ErrorOut
from partnercenter.entitlements import selectors, services
from partnercenter.entitlements.errors import (
    EntitlementError,
    NoQuota,
    NotYours,
    QuotaExhausted,
    SlotPast,
    SlotTaken,
    WrongState,
)
from partnercenter.entitlements.models import Ticket
from partnercenter.staffroles.roles import SUPPORT_PARTNERS

router = Router(tags=["entitlements"])
staff_router = Router(tags=["entitlements"])


class QuotaOut(Schema):
    entitlement: str = Field(description="tickets or meetings")
    period_start: datetime
    period_end: datetime
    allowed: int
    used: int
    remaining: int
    resets_at: datetime


class TicketIn(Schema):
    subject: str = Field(max_length=200)
    body: str = Field(max_length=20000)


class TicketOut(Schema):
    id: int
    subject: str
    body: str
    person_id: int
    opened_at: datetime
    plan: str
    queue: str = Field(description="sla or community")
    status: str = Field(description="open, answered, closed or invalid")
    response_due_at: datetime | None
    first_response_at: datetime | None
    breached_at: datetime | None


class QuotaErrorOut(ErrorOut):
    """A 409: over quota (`quota_exhausted`, with `resets_at`) or an idempotency conflict."""

    resets_at: datetime | None = Field(None, description="When the quota resets (over quota).")


class SlaRowOut(Schema):
    plan: str
    tickets: int
    met: int
    met_percent: float | None
    median_minutes: int | None
    worst_minutes: int | None
    breaches: int


class SlaQuery(Schema):
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")


class SlotOut(Schema):
    id: int
    starts_at: datetime
    duration_minutes: int
    topic: str


class MeetingIn(Schema):
    slot_id: int


class MeetingOut(Schema):
    id: int
    slot_id: int
    starts_at: datetime
    duration_minutes: int
    person_id: int
    status: str
    ics_url: str


def _ticket(t: Ticket) -> dict[str, Any]:
    return {f: getattr(t, f) for f in TicketOut.model_fields if f != "id"} | {"id": t.pk}


def _refuse(exc: EntitlementError) -> ApiError:
    return refused(
        exc,
        {
            SlotTaken: 409,
            SlotPast: 409,
            WrongState: 409,
            QuotaExhausted: 409,
            NoQuota: 403,
            NotYours: 403,
        },
    )


@router.get("/partners/{slug}/quotas", response=responses({200: list[QuotaOut]}), summary="Quotas")
def quotas(request: HttpRequest, slug: str) -> Any:
    """Per entitlement of the paid plan: the period, allowed, used, remaining and reset time."""
    partner = caller(request).partner(slug)
    return [q.as_dict() for q in selectors.quotas_of(partner, timezone.now())]


@router.get(
    "/partners/{slug}/tickets", response=responses({200: list[TicketOut]}), summary="Tickets"
)
def tickets(request: HttpRequest, slug: str) -> Any:
    """The partner's support tickets, newest first (the latest 200)."""
    partner = caller(request).partner(slug)
    return [_ticket(t) for t in selectors.partner_tickets(partner)[:200]]


@router.post(
    "/partners/{slug}/tickets",
    response={
        201: TicketOut,
        409: QuotaErrorOut,
        **{s: ErrorOut for s in ERROR_STATUSES if s != 409},
    },
    summary="Open a support ticket",
)
def ticket_create(
    request: HttpRequest,
    slug: str,
    payload: TicketIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """Open a ticket against the plan's quota; over quota 409 with the reset time."""
    who = caller(request)
    partner = who.partner(slug)
    person = who.require_person(partner)
    try:
        t = services.ticket_open(person=person, subject=payload.subject, body=payload.body)
    except QuotaExhausted as exc:
        return Status(
            409,
            {
                "code": exc.code,
                "message": exc.message,
                "field": exc.field,
                "resets_at": exc.resets_at,
            },
        )
    except EntitlementError as exc:
        raise _refuse(exc) from None
    return Status(201, _ticket(t))


@router.get("/meeting-slots", response=responses({200: list[SlotOut]}), summary="Free slots")
def meeting_slots(request: HttpRequest) -> Any:
    """Future guidance meeting slots nobody has booked, soonest first."""
    caller(request)
    return [
        {
            "id": s.pk,
            "starts_at": s.starts_at,
            "duration_minutes": s.duration_minutes,
            "topic": s.topic,
        }
        for s in selectors.free_slots(timezone.now())[:200]
    ]


@router.post(
    "/partners/{slug}/meetings",
    response=responses({201: MeetingOut}),
    summary="Book a guidance meeting",
)
def meeting_create(
    request: HttpRequest,
    slug: str,
    payload: MeetingIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """Book a free slot within the plan's meeting quota; the person gets the `.ics` by email."""
    who = caller(request)
    partner = who.partner(slug)
    person = who.require_person(partner)
    try:
        m = services.meeting_book(person=person, slot_id=payload.slot_id)
    except EntitlementError as exc:
        raise _refuse(exc) from None
    return Status(
        201,
        {
            "id": m.pk,
            "slot_id": m.slot_id,
            "starts_at": m.slot.starts_at,
            "duration_minutes": m.slot.duration_minutes,
            "person_id": m.person_id,
            "status": m.status,
            "ics_url": f"/portal/meetings/{m.pk}.ics",
        },
    )


@staff_router.get("/sla", response=responses({200: list[SlaRowOut]}), summary="SLA report")
def sla(request: HttpRequest, q: Query[SlaQuery]) -> Any:
    """Per plan, the month's SLA tickets: met, median and worst first response (minutes), breaches."""
    caller(request).require_staff(SUPPORT_PARTNERS)
    try:
        month = datetime.strptime(q.month, "%Y-%m").date()
    except ValueError:
        raise ApiError(f"{q.month!r} is not a month (YYYY-MM).", field="month") from None
    return [r.__dict__ for r in selectors.sla_report(month)]

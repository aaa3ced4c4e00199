"""Events: the upcoming ones, registering a partner's person, and (staff) marking attendance."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from partnercenter.api.auth import caller
from partnercenter.api.errors import ApiError, refused
from partnercenter.api.routes import IDEMPOTENCY_KEY, responses
from partnercenter.events import selectors, services
from partnercenter.events.errors import (
    AlreadyAttended,
    AlreadyRegistered,
    EventError,
    EventFull,
    EventHeld,
    EventNotFound,
    PersonNotAllowed,
)
from partnercenter.staffroles.roles import MANAGE_PROGRAM, SUPPORT_PARTNERS

router = Router(tags=["events"])
staff_router = Router(tags=["events"])


class EventOut(Schema):
    id: int
    title: str
    kind: str = Field(description="partner_meeting, training, conference or webinar")
    starts_on: date
    ends_on: date
    place: str
    online_url: str
    capacity: int
    places_left: int
    held_in_partner_center: bool = Field(description="Attendance marked here posts the points.")
    ics_url: str


class PersonIn(Schema):
    person_id: int


class RegistrationOut(Schema):
    id: int
    event_id: int
    person_id: int
    registered_at: datetime


class AttendanceOut(Schema):
    id: int
    event_id: int
    person_id: int
    partner: str
    marked_at: datetime
    entry_id: int | None
    points: int


def _refuse(exc: EventError) -> ApiError:
    return refused(
        exc,
        {
            EventNotFound: 404,
            PersonNotAllowed: 403,
            EventFull: 409,
            EventHeld: 409,
            AlreadyRegistered: 409,
            AlreadyAttended: 409,
        },
    )


@router.get("/events", response=responses({200: list[EventOut]}), summary="Upcoming events")
def events(request: HttpRequest) -> Any:
    """Events that have not started, soonest first, with the places left."""
    caller(request)
    return [
        {
            "id": e.pk,
            "title": e.title,
            "kind": e.kind,
            "starts_on": e.starts_on,
            "ends_on": e.ends_on,
            "place": e.place,
            "online_url": e.online_url,
            "capacity": e.capacity,
            "places_left": max(e.capacity - getattr(e, "taken", 0), 0),
            "held_in_partner_center": e.held_in_partner_center,
            "ics_url": f"/portal/events/{e.pk}.ics",
        }
        for e in selectors.upcoming_events(timezone.now().date())[:200]
    ]


@router.post(
    "/partners/{slug}/events/{event_id}/registrations",
    response=responses({201: RegistrationOut}),
    summary="Register a person for an event",
)
def registration_create(
    request: HttpRequest,
    slug: str,
    event_id: int,
    payload: PersonIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """A partner admin registers a colleague, a member themself; within the capacity."""
    who = caller(request)
    partner = who.partner(slug)
    person = who.require_person(partner)
    try:
        reg = services.registration_create(
            by=person, event_id=event_id, person_id=payload.person_id
        )
    except EventError as exc:
        raise _refuse(exc) from None
    return Status(
        201,
        {
            "id": reg.pk,
            "event_id": reg.event_id,
            "person_id": reg.person_id,
            "registered_at": reg.registered_at,
        },
    )


@staff_router.post(
    "/events/{event_id}/attendance",
    response=responses({201: AttendanceOut}),
    summary="Mark a registered person present",
)
def attendance_create(
    request: HttpRequest,
    event_id: int,
    payload: PersonIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """Posts "Partner event participation" once for the person and event; twice is a 409."""
    caller(request).require_staff((MANAGE_PROGRAM, SUPPORT_PARTNERS))
    try:
        att = services.attendance_mark(
            staff=request.user, event_id=event_id, person_id=payload.person_id
        )
    except EventError as exc:
        raise _refuse(exc) from None
    return Status(
        201,
        {
            "id": att.pk,
            "event_id": att.event_id,
            "person_id": att.person_id,
            "partner": att.partner.slug,
            "marked_at": att.marked_at,
            "entry_id": att.entry_id,
            "points": att.entry.points if att.entry else 0,
        },
    )

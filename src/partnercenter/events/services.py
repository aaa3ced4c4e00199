"""Writes: create and edit events, register and cancel people, mark attendance (which posts
points through the ledger).

Places are counted under a row lock on the event (`select_for_update`), so two
registrations at once cannot overbook. Every refusal raises before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from django.conf import settings
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.events import errors
from partnercenter.events.full_attendance import full_attendance_check
from partnercenter.events.models import Attendance, Event, EventKind, Registration
from partnercenter.ledger.errors import LedgerError
from partnercenter.ledger.models import Source
from partnercenter.ledger.services import entry_post
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Person, Role

PARTICIPATION = "event_participation"
"""The catalogue activity attendance posts ("Partner event participation (per person)")."""

MAX_CAPACITY = 10_000
"""A typo guard: no 7x event seats more people."""


@dataclass(frozen=True)
class EventFields:
    """What staff enter for an event (create and edit)."""

    title: str
    kind: str
    starts_on: date
    ends_on: date
    capacity: int
    place: str = ""
    online_url: str = ""
    description: str = ""
    held_in_partner_center: bool = True


def _today(at: datetime | None) -> date:
    return (at or timezone.now()).astimezone(UTC).date()


def _check(fields: EventFields, today: date, registered: int = 0) -> EventFields:
    title = fields.title.strip()
    if not title:
        raise errors.InvalidEvent("Give the event a title.", field="title")
    if fields.kind not in EventKind.values:
        raise errors.InvalidEvent("Choose a kind from the list.", field="kind")
    if fields.starts_on < today:
        raise errors.InvalidEvent("The first day cannot be in the past.", field="starts_on")
    if fields.ends_on < fields.starts_on:
        raise errors.InvalidEvent("The last day cannot be before the first.", field="ends_on")
    if not 1 <= fields.capacity <= MAX_CAPACITY:
        raise errors.InvalidEvent(
            f"The capacity is between 1 and {MAX_CAPACITY:,} people.", field="capacity"
        )
    if fields.capacity < registered:
        raise errors.InvalidEvent(
            f"{registered} people are registered: the capacity cannot be lower.", field="capacity"
        )
    url = fields.online_url.strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except Exception:
            raise errors.InvalidEvent("Enter a full http(s) address.", field="online_url") from None
    if not fields.place.strip() and not url:
        raise errors.InvalidEvent("Give a place or an online link.", field="place")
    return EventFields(
        title=title[:200],
        kind=fields.kind,
        starts_on=fields.starts_on,
        ends_on=fields.ends_on,
        capacity=fields.capacity,
        place=fields.place.strip()[:200],
        online_url=url,
        description=fields.description.strip(),
        held_in_partner_center=fields.held_in_partner_center,
    )


def event_create(*, staff: Any, fields: EventFields, at: datetime | None = None) -> Event:
    """Publish an event partners can register for."""
    clean = _check(fields, _today(at))
    with transaction.atomic():
        event = Event.objects.create(created_by=staff, **clean.__dict__)
        audit_record(
            actor=staff,
            action="event.create",
            target=None,
            details={"event": event.pk, "title": event.title, "starts_on": str(event.starts_on)},
        )
    return event


def event_update(
    *, staff: Any, event: Event, fields: EventFields, at: datetime | None = None
) -> Event:
    """Change an event until it starts (then it is history: attendance refers to it)."""
    today = _today(at)
    with transaction.atomic():
        current = Event.objects.select_for_update().get(pk=event.pk)
        if current.starts_on <= today:
            raise errors.EventHeld("The event has started; it can no longer be edited.")
        clean = _check(fields, today, _live(current).count())
        for name, value in clean.__dict__.items():
            setattr(current, name, value)
        current.save()
        audit_record(
            actor=staff,
            action="event.update",
            target=None,
            details={"event": current.pk, "title": current.title},
        )
    return current


def _live(event: Event) -> Any:
    return Registration.objects.filter(event=event, cancelled_at__isnull=True)


def _int(raw: Any, field: str, what: str) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise errors.EventError(f"Choose {what}.", field=field) from None


def registration_create(
    *, by: Person, event_id: Any, person_id: Any, at: datetime | None = None
) -> Registration:
    """Register a person of `by`'s partner (a member registers only themself) for an event
    that has not started, within its capacity; the person gets a confirmation with the `.ics`."""
    at = at or timezone.now()
    event = Event.objects.filter(pk=_int(event_id, "event", "an event")).first()
    if event is None:
        raise errors.EventNotFound("There is no such event.")
    pid = _int(person_id, "person_id", "a person")
    person = Person.objects.select_related("partner").filter(pk=pid).first()
    if person is None or person.partner_id != by.partner_id:
        raise errors.PersonNotAllowed(f"Choose a person of {by.partner.name}.")
    if person.pk != by.pk and by.role != Role.ADMIN:
        raise errors.PersonNotAllowed("A member registers only themself; ask a partner admin.")
    if event.starts_on <= _today(at):
        raise errors.EventHeld("The event has started or is over; registration is closed.")
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        live = _live(locked)
        if live.filter(person=person).exists():
            raise errors.AlreadyRegistered(f"{person.name} is already registered.")
        if live.count() >= locked.capacity:
            raise errors.EventFull(f"All {locked.capacity} places are taken.")
        registration = Registration.objects.create(
            event=locked, partner=person.partner, person=person, registered_by=by, registered_at=at
        )
        message_queue(
            kind="event_registered",
            to=person.email,
            context={
                "registration": registration,
                "event": locked,
                "ics_url": f"{settings.PARTNERCENTER_SITE_URL}/portal/events/{locked.pk}.ics",
            },
            key=f"event_registered:{registration.pk}",
            partner=person.partner,
        )
    return registration


def registration_cancel(
    *, by: Person, registration_id: Any, at: datetime | None = None
) -> Registration:
    """Cancel a registration of one's own partner before the event starts (the place frees up).

    A member cancels their own; a partner admin any of the partner's."""
    at = at or timezone.now()
    pk = _int(registration_id, "registration", "a registration")
    reg = Registration.objects.select_related("event", "person").filter(pk=pk).first()
    if reg is None or reg.partner_id != by.partner_id:
        raise errors.NotRegistered("This registration is not one of your partner's.")
    if by.role != Role.ADMIN and by.pk not in (reg.person_id, reg.registered_by_id):
        raise errors.PersonNotAllowed("A member cancels only their own registration.")
    if reg.cancelled_at is not None:
        raise errors.NotRegistered("This registration is already cancelled.")
    if reg.event.starts_on <= _today(at):
        raise errors.EventHeld("The event has started; the registration stays.")
    with transaction.atomic():
        reg.cancelled_at = at
        reg.save(update_fields=["cancelled_at"])
    return reg


def attendance_mark(
    *, staff: Any, event_id: Any, person_id: Any, at: datetime | None = None
) -> Attendance:
    """Record that a registered person attended; post "Partner event participation" once for
    the person and this event (whatever its length: the occasion is the event).

    Marking the same person twice is refused and changes nothing. For an event of a year
    that is over, the year's full attendance is checked at once (see `full_attendance`).
    """
    at = at or timezone.now()
    event = Event.objects.filter(pk=_int(event_id, "event", "an event")).first()
    if event is None:
        raise errors.EventNotFound("There is no such event.")
    if not event.held_in_partner_center:
        raise errors.NotHeldHere(
            "This event is not held in Partner Center: its participation is self-reported."
        )
    if event.starts_on > _today(at):
        raise errors.EventNotStarted(
            f"The event starts on {event.starts_on:%d %B %Y}; mark attendance from then."
        )
    pid = _int(person_id, "person_id", "a person")
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        reg = _live(locked).select_related("person", "partner").filter(person_id=pid).first()
        if reg is None:
            raise errors.NotRegistered("This person is not registered for the event.")
        if Attendance.objects.filter(event=locked, person_id=pid).exists():
            raise errors.AlreadyAttended(
                f"{reg.person.name}'s attendance is already marked; nothing changed."
            )
        try:
            with transaction.atomic():
                posted = entry_post(
                    partner=reg.partner,
                    person=reg.person,
                    activity=PARTICIPATION,
                    occurred_at=datetime.combine(locked.starts_on, time(12), tzinfo=UTC),
                    source=Source.SYSTEM,
                    reason=f"Partner event participation: {locked.title} (event #{locked.pk})",
                    idempotency_key=f"event:{locked.pk}:person:{pid}",
                    occasion=locked.occasion,
                )
        except LedgerError as exc:
            raise errors.PostingRefused(exc.message) from None
        attendance = Attendance.objects.create(
            event=locked,
            partner=reg.partner,
            person=reg.person,
            marked_by=staff,
            marked_at=at,
            entry=posted.entry,
        )
        audit_record(
            actor=staff,
            action="event.attendance",
            target=reg.partner,
            details={"event": locked.pk, "person": pid, "entry": posted.entry.pk},
        )
    if locked.starts_on.year < _today(at).year:
        full_attendance_check(year=locked.starts_on.year, partner_ids=[reg.partner_id])
    return attendance

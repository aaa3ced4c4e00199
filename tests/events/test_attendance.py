"""Attendance posts "Partner event participation" once per person and event, through the
ledger; a second mark, an unregistered person or an event not started are refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from partnercenter.events import errors
from partnercenter.events.models import Attendance
from partnercenter.events.services import attendance_mark, registration_create
from partnercenter.ledger.models import Entry
from tests.events.conftest import NOW

pytestmark = pytest.mark.django_db


def _state() -> tuple[int, int, int]:
    return (
        Attendance.objects.count(),
        Entry.objects.count(),
        sum(e.points for e in Entry.objects.all()),
    )


def _registered(world: Any, event: Any, *people: Any) -> None:
    for p in people:
        registration_create(by=world.a_admin, event_id=event.pk, person_id=p.pk, at=NOW)


def test_a_three_day_event_counts_once_per_person(world: Any, make_event: Any) -> None:
    # Given a three-day event with two people of Acme registered
    event = make_event(days=1, length=3)
    _registered(world, event, world.a_admin, world.a_member)
    day1, day3 = NOW + timedelta(days=1), NOW + timedelta(days=3)
    # When staff mark both (one of them on the last day)
    first = attendance_mark(
        staff=world.staff, event_id=event.pk, person_id=world.a_admin.pk, at=day1
    )
    attendance_mark(staff=world.staff, event_id=event.pk, person_id=world.a_member.pk, at=day3)
    # Then each gets 1,000 points once, the occasion being the event
    entries = Entry.objects.filter(partner=world.a, activity="event_participation")
    assert sorted((e.person_id, e.points, e.occasion) for e in entries) == sorted(
        [
            (world.a_admin.pk, 1000, f"event:{event.pk}"),
            (world.a_member.pk, 1000, f"event:{event.pk}"),
        ]
    )
    assert first.entry is not None and first.entry.source == "system"
    assert first.entry.occurred_at.date() == event.starts_on


def test_marking_twice_is_refused_and_changes_nothing(world: Any, make_event: Any) -> None:
    event = make_event(days=1, length=2)
    _registered(world, event, world.a_member)
    later = NOW + timedelta(days=2)
    attendance_mark(staff=world.staff, event_id=event.pk, person_id=world.a_member.pk, at=later)
    before = _state()
    with pytest.raises(errors.AlreadyAttended) as refused:
        attendance_mark(staff=world.staff, event_id=event.pk, person_id=world.a_member.pk, at=later)
    assert refused.value.field == "person_id"
    assert "already marked" in refused.value.message
    assert _state() == before


@pytest.mark.parametrize(
    ("case", "error", "field"),
    [
        ("not_registered", errors.NotRegistered, "person_id"),
        ("not_started", errors.EventNotStarted, "event"),
        ("not_held_here", errors.NotHeldHere, "event"),
        ("unknown_event", errors.EventNotFound, "event"),
        ("bad_person", errors.EventError, "person_id"),
    ],
)
def test_refusals_change_nothing(
    world: Any, make_event: Any, case: str, error: type, field: str
) -> None:
    event = make_event(days=1, held=case != "not_held_here")
    _registered(world, event, world.a_admin)
    when = NOW if case == "not_started" else NOW + timedelta(days=1)
    person = {"not_registered": world.a_member.pk, "bad_person": "abc"}.get(case, world.a_admin.pk)
    event_id = 999_999 if case == "unknown_event" else event.pk
    before = _state()
    with pytest.raises(error) as refused:
        attendance_mark(staff=world.staff, event_id=event_id, person_id=person, at=when)
    assert refused.value.field == field
    assert _state() == before


def test_a_cancelled_registration_cannot_be_marked(world: Any, make_event: Any) -> None:
    from partnercenter.events.services import registration_cancel

    event = make_event(days=1)
    reg = registration_create(
        by=world.a_admin, event_id=event.pk, person_id=world.a_member.pk, at=NOW
    )
    registration_cancel(by=world.a_admin, registration_id=reg.pk, at=NOW)
    with pytest.raises(errors.NotRegistered):
        attendance_mark(
            staff=world.staff,
            event_id=event.pk,
            person_id=world.a_member.pk,
            at=NOW + timedelta(days=1),
        )
    assert _state() == (0, 0, 0)


def test_attendance_is_audited(world: Any, make_event: Any) -> None:
    from partnercenter.audit.models import AuditEvent

    event = make_event(days=1)
    _registered(world, event, world.a_member)
    attendance_mark(
        staff=world.staff,
        event_id=event.pk,
        person_id=world.a_member.pk,
        at=NOW + timedelta(days=1),
    )
    assert AuditEvent.objects.filter(action="event.attendance").count() == 1
    assert AuditEvent.objects.filter(action="event.create").count() == 1


def test_the_event_list_counts_registrations_and_attendance_apart(
    world: Any, make_event: Any
) -> None:
    from partnercenter.events.selectors import all_events

    event = make_event(days=1)
    _registered(world, event, world.a_admin, world.a_member)
    for p in (world.a_admin, world.a_member):
        attendance_mark(
            staff=world.staff, event_id=event.pk, person_id=p.pk, at=NOW + timedelta(days=1)
        )
    (row,) = all_events()
    assert (row.taken, row.attended) == (2, 2)

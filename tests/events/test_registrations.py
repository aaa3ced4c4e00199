"""Registering partner people for events: who may register whom, capacity, past events,
cancelling; every refusal names its field and changes nothing."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from icalendar import Calendar

from partnercenter.events import errors
from partnercenter.events.ics import event_ics
from partnercenter.events.models import Registration
from partnercenter.events.services import (
    EventFields,
    event_update,
    registration_cancel,
    registration_create,
)
from partnercenter.notifications.models import Message
from tests.events.conftest import NOW

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[int, int, int]:
    live = Registration.objects.filter(cancelled_at__isnull=True).count()
    return Registration.objects.count(), live, Message.objects.count()


def test_admin_registers_a_colleague_who_gets_the_ics(world: Any, make_event: Any) -> None:
    # Given a three-day event
    event = make_event(length=3)
    # When the partner admin registers a member
    reg = registration_create(
        by=world.a_admin, event_id=event.pk, person_id=world.a_member.pk, at=NOW
    )
    # Then the member is registered and emailed the calendar link
    assert (reg.partner, reg.person, reg.registered_by) == (world.a, world.a_member, world.a_admin)
    mail = Message.objects.get(kind="event_registered")
    assert mail.to_email == world.a_member.email
    assert f"/portal/events/{event.pk}.ics" in mail.body_text
    assert "Ada registered you" in mail.body_text
    (vevent,) = Calendar.from_ical(event_ics(event)).walk("VEVENT")
    assert vevent.decoded("dtstart") == event.starts_on
    assert vevent.decoded("dtend") == event.ends_on + timedelta(days=1)
    assert str(vevent["summary"]) == event.title


def test_member_registers_themself(world: Any, make_event: Any) -> None:
    event = make_event()
    reg = registration_create(
        by=world.a_member, event_id=event.pk, person_id=world.a_member.pk, at=NOW
    )
    assert reg.person == world.a_member
    assert "You are registered" in Message.objects.get().body_text


@pytest.mark.parametrize(
    ("who", "whom", "error", "field"),
    [
        ("a_admin", "b_member", errors.PersonNotAllowed, "person_id"),  # another partner's person
        ("a_member", "a_admin", errors.PersonNotAllowed, "person_id"),  # a member for someone else
        ("a_admin", None, errors.PersonNotAllowed, "person_id"),  # nobody
    ],
)
def test_who_may_register_whom(
    world: Any, make_event: Any, who: str, whom: str | None, error: type, field: str
) -> None:
    event = make_event()
    before = _snapshot()
    person_id = getattr(world, whom).pk if whom else 999_999
    with pytest.raises(error) as refused:
        registration_create(by=getattr(world, who), event_id=event.pk, person_id=person_id, at=NOW)
    assert refused.value.field == field
    assert _snapshot() == before


def test_capacity_is_enforced_and_a_cancellation_frees_the_place(
    world: Any, make_event: Any
) -> None:
    event = make_event(capacity=2)
    registration_create(by=world.a_admin, event_id=event.pk, person_id=world.a_admin.pk, at=NOW)
    second = registration_create(
        by=world.a_admin, event_id=event.pk, person_id=world.a_member.pk, at=NOW
    )
    before = _snapshot()
    with pytest.raises(errors.EventFull) as refused:
        registration_create(by=world.b_admin, event_id=event.pk, person_id=world.b_admin.pk, at=NOW)
    assert refused.value.field == "event"
    assert _snapshot() == before
    registration_cancel(by=world.a_member, registration_id=second.pk, at=NOW)
    registration_create(by=world.b_admin, event_id=event.pk, person_id=world.b_admin.pk, at=NOW)


def test_twice_and_past_and_unknown_are_refused(world: Any, make_event: Any) -> None:
    event = make_event(days=1)
    registration_create(by=world.a_admin, event_id=event.pk, person_id=world.a_admin.pk, at=NOW)
    before = _snapshot()
    with pytest.raises(errors.AlreadyRegistered):
        registration_create(by=world.a_admin, event_id=event.pk, person_id=world.a_admin.pk, at=NOW)
    with pytest.raises(errors.EventHeld) as refused:
        registration_create(
            by=world.a_admin,
            event_id=event.pk,
            person_id=world.a_member.pk,
            at=NOW + timedelta(days=1),
        )
    assert refused.value.field == "event"
    with pytest.raises(errors.EventNotFound):
        registration_create(by=world.a_admin, event_id=999_999, person_id=world.a_member.pk, at=NOW)
    with pytest.raises(errors.EventError) as bad:
        registration_create(by=world.a_admin, event_id="x", person_id=world.a_member.pk, at=NOW)
    assert bad.value.field == "event"
    assert _snapshot() == before


def test_cancel_rules(world: Any, make_event: Any) -> None:
    event = make_event(days=2)
    reg = registration_create(
        by=world.a_admin, event_id=event.pk, person_id=world.a_admin.pk, at=NOW
    )
    before = _snapshot()
    with pytest.raises(errors.NotRegistered):  # another partner's registration
        registration_cancel(by=world.b_admin, registration_id=reg.pk, at=NOW)
    with pytest.raises(errors.PersonNotAllowed):  # a member cancelling the admin's
        registration_cancel(by=world.a_member, registration_id=reg.pk, at=NOW)
    with pytest.raises(errors.EventHeld):  # the event has started
        registration_cancel(by=world.a_admin, registration_id=reg.pk, at=NOW + timedelta(days=2))
    assert _snapshot() == before
    registration_cancel(by=world.a_admin, registration_id=reg.pk, at=NOW)
    with pytest.raises(errors.NotRegistered):
        registration_cancel(by=world.a_admin, registration_id=reg.pk, at=NOW)


def test_edit_until_start_and_not_below_registrations(world: Any, make_event: Any) -> None:
    event = make_event(days=3, capacity=3)
    registration_create(by=world.a_admin, event_id=event.pk, person_id=world.a_admin.pk, at=NOW)
    registration_create(by=world.a_admin, event_id=event.pk, person_id=world.a_member.pk, at=NOW)
    fields = EventFields(
        title="Renamed",
        kind=event.kind,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        capacity=1,
        place="Oslo",
    )
    with pytest.raises(errors.InvalidEvent) as refused:
        event_update(staff=world.staff, event=event, fields=fields, at=NOW)
    assert refused.value.field == "capacity"
    event.refresh_from_db()
    assert (event.title, event.capacity) == ("Partner meeting", 3)
    changed = event_update(
        staff=world.staff,
        event=event,
        fields=fields.__class__(**{**fields.__dict__, "capacity": 4}),
        at=NOW,
    )
    assert (changed.title, changed.capacity, changed.place) == ("Renamed", 4, "Oslo")
    with pytest.raises(errors.EventHeld):
        event_update(staff=world.staff, event=event, fields=fields, at=NOW + timedelta(days=3))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "  "}, "title"),
        ({"kind": "party"}, "kind"),
        ({"days": -1}, "starts_on"),
        ({"length": -1}, "ends_on"),
        ({"capacity": 0}, "capacity"),
        ({"place": "", "online_url": ""}, "place"),
        ({"online_url": "ftp://x"}, "online_url"),
    ],
)
def test_bad_event_details_name_the_field(world: Any, change: dict[str, Any], field: str) -> None:
    from partnercenter.events.models import Event
    from partnercenter.events.services import event_create

    values: dict[str, Any] = {
        "title": "T",
        "kind": "training",
        "capacity": 5,
        "place": "Oslo",
        "online_url": "",
    }
    days, length = change.pop("days", 3), change.pop("length", 0)
    values |= change
    start = NOW.date() + timedelta(days=days)
    fields = EventFields(starts_on=start, ends_on=start + timedelta(days=length), **values)
    with pytest.raises(errors.InvalidEvent) as refused:
        event_create(staff=world.staff, fields=fields, at=NOW)
    assert refused.value.field == field
    assert Event.objects.count() == 0


@pytest.mark.skipif(connection.vendor == "sqlite", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_registrations_at_once_cannot_overbook(world: Any, make_event: Any) -> None:
    event = make_event(capacity=1)
    outcomes: list[str] = []

    def register(person: Any) -> None:
        try:
            registration_create(by=person, event_id=event.pk, person_id=person.pk, at=NOW)
            outcomes.append("ok")
        except errors.EventFull:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(p,)) for p in (world.a_admin, world.b_admin)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["full", "ok"]
    assert Registration.objects.filter(event=event).count() == 1

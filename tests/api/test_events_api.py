"""The events API: upcoming events, registering a person (201, refusals as {code, message,
field}), staff marking attendance (201 once, 409 twice)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from partnercenter.events.models import Attendance, EventKind, Registration
from partnercenter.events.services import EventFields, event_create
from partnercenter.ledger.models import Entry

pytestmark = pytest.mark.django_db


def _event(world: Any, days: int = 5, capacity: int = 5) -> Any:
    start = timezone.now().date() + timedelta(days=days)
    return event_create(
        staff=world.staff,
        fields=EventFields(
            title="Training",
            kind=EventKind.TRAINING,
            starts_on=start,
            ends_on=start,
            capacity=capacity,
            place="Oslo",
        ),
        at=timezone.now() + timedelta(days=min(days, 0) - 2),
    )


def test_list_register_and_refusals(world: Any, as_: Any) -> None:
    event = _event(world, capacity=1)
    listed = as_("globex_admin").get("/events").json()
    assert [(e["id"], e["places_left"], e["kind"]) for e in listed] == [(event.pk, 1, "training")]
    path = f"/partners/acme/events/{event.pk}/registrations"
    # A member may not register a colleague.
    r = as_("acme_member").post(path, {"person_id": world.acme_admin.pk})
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (
        403,
        "person_not_allowed",
        "person_id",
    )
    # A person of another partner.
    r = as_("acme_admin").post(path, {"person_id": world.globex_admin.pk})
    assert (r.status_code, r.json()["field"]) == (403, "person_id")
    r = as_("acme_admin").post(path, {"person_id": world.acme_member.pk})
    assert r.status_code == 201, r.content
    assert r.json()["person_id"] == world.acme_member.pk
    full = as_("acme_admin").post(path, {"person_id": world.acme_admin.pk})
    assert (full.status_code, full.json()["code"]) == (409, "event_full")
    missing = as_("acme_admin").post("/partners/acme/events/999999/registrations", {"person_id": 1})
    assert missing.status_code == 404
    assert Registration.objects.count() == 1
    assert as_("acme_member").get("/events").json()[0]["places_left"] == 0


def test_attendance_is_staff_only_and_once(world: Any, as_: Any) -> None:
    from partnercenter.events.services import registration_create

    event = _event(world, days=0)
    registration_create(
        by=world.acme_admin,
        event_id=event.pk,
        person_id=world.acme_member.pk,
        at=timezone.now() - timedelta(days=3),
    )
    path = f"/events/{event.pk}/attendance"
    assert as_("acme_admin").post(path, {"person_id": world.acme_member.pk}).status_code == 403
    r = as_("staff").post(path, {"person_id": world.acme_member.pk})
    assert r.status_code == 201, r.content
    assert (r.json()["points"], r.json()["partner"]) == (1000, "acme")
    again = as_("staff").post(path, {"person_id": world.acme_member.pk})
    assert (again.status_code, again.json()["code"]) == (409, "already_attended")
    assert Attendance.objects.count() == 1
    assert Entry.objects.filter(activity="event_participation").count() == 1


def test_a_retried_registration_with_the_same_key_is_replayed(world: Any, as_: Any) -> None:
    event = _event(world)
    path = f"/partners/acme/events/{event.pk}/registrations"
    first = as_("acme_admin").post(path, {"person_id": world.acme_member.pk}, key="reg-1")
    again = as_("acme_admin").post(path, {"person_id": world.acme_member.pk}, key="reg-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert Registration.objects.count() == 1

""" "Full event attendance": decided for a finished year, once per partner (the edition counts
it per partner), when one person attended every event held in Partner Center that year."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from partnercenter.events.full_attendance import full_attendance_check, full_attendance_job
from partnercenter.events.services import attendance_mark, registration_create
from partnercenter.ledger.models import Entry
from partnercenter.membership.scheduler import JOBS
from tests.events.conftest import at

pytestmark = pytest.mark.django_db

EARLY = at(2025, 1, 2, 9)


def _year(world: Any, make_event: Any, held_elsewhere: bool = True) -> list[Any]:
    """Three events of 2025 held here (one over three days) and one not held here."""
    events = [
        make_event(start=date(2025, 3, 10), title="Q1 meeting"),
        make_event(start=date(2025, 6, 10), length=3, title="Summit"),
        make_event(start=date(2025, 12, 10), title="Q4 meeting"),
    ]
    if held_elsewhere:
        make_event(start=date(2025, 9, 10), held=False, title="Fair")
    for e in events:
        for p in (world.a_admin, world.a_member):
            registration_create(by=world.a_admin, event_id=e.pk, person_id=p.pk, at=EARLY)
    return events


def _full(world: Any) -> list[Entry]:
    return list(Entry.objects.filter(activity="full_event_attendance"))


def test_everyone_at_everything_posts_once_per_partner(world: Any, make_event: Any) -> None:
    events = _year(world, make_event)
    for e in events:
        for p in (world.a_admin, world.a_member):
            attendance_mark(staff=world.staff, event_id=e.pk, person_id=p.pk, at=at(2025, 12, 11))
    # Not during the year: December's set of events may still grow.
    assert _full(world) == []
    result = full_attendance_job(date(2026, 1, 1))
    assert (result["posted"], result["events"]) == (1, 3)
    (entry,) = _full(world)
    assert (entry.partner, entry.person, entry.points) == (world.a, None, 5000)
    assert entry.occurred_at.date() == date(2025, 12, 10)
    # Idempotent: the next day's run changes nothing.
    assert full_attendance_job(date(2026, 1, 2))["existing"] == 1
    assert len(_full(world)) == 1


def test_a_missed_event_earns_nothing(world: Any, make_event: Any) -> None:
    events = _year(world, make_event)
    for e in events[:2]:
        attendance_mark(
            staff=world.staff, event_id=e.pk, person_id=world.a_admin.pk, at=at(2025, 12, 11)
        )
    attendance_mark(
        staff=world.staff, event_id=events[2].pk, person_id=world.a_member.pk, at=at(2025, 12, 11)
    )
    assert full_attendance_check(year=2025)["posted"] == 0
    assert _full(world) == []


def test_marking_late_after_new_year_checks_at_once(world: Any, make_event: Any) -> None:
    events = _year(world, make_event, held_elsewhere=False)
    for e in events[:2]:
        attendance_mark(
            staff=world.staff, event_id=e.pk, person_id=world.a_member.pk, at=at(2025, 12, 11)
        )
    # The December meeting is marked in January: the year is over, so it is decided now.
    attendance_mark(
        staff=world.staff, event_id=events[2].pk, person_id=world.a_member.pk, at=at(2026, 1, 5)
    )
    assert len(_full(world)) == 1


def test_the_job_is_registered_with_the_scheduler() -> None:
    names = {j.name: j.path for j in JOBS}
    assert (
        names["full_event_attendance"] == "partnercenter.events.full_attendance.full_attendance_job"
    )


def test_a_year_without_events_posts_nothing(world: Any) -> None:
    assert full_attendance_check(year=2024) == {
        "events": 0,
        "posted": 0,
        "existing": 0,
        "refused": 0,
    }

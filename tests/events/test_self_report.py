"""For an event held in Partner Center, attendance replaces self-reporting: a report of the
same person and event is refused as a duplicate (at reporting and at approval)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from partnercenter.events.services import registration_create
from partnercenter.submissions.errors import DuplicateEvent
from partnercenter.submissions.models import Submission
from partnercenter.submissions.services import submission_approve, submission_create

pytestmark = pytest.mark.django_db


def _report(world: Any, on: Any, people: list[Any]) -> Submission:
    return submission_create(
        partner=world.a,
        person=world.a_admin,
        activity="event_participation",
        occurred_on=on,
        description="We were at the partner meeting",
        people=people,
        evidence_url="https://7x.example/photos",
    )


def _past_event(world: Any, make_event: Any, held: bool = True, ago: int = 5) -> Any:
    start = timezone.now().date() - timedelta(days=ago)
    event = make_event(start=start, length=2, held=held)
    # Registered while it was still ahead (the services take the moment).
    registration_create(
        by=world.a_admin,
        event_id=event.pk,
        person_id=world.a_member.pk,
        at=timezone.now() - timedelta(days=ago + 5),
    )
    return event


def test_a_report_of_an_event_held_here_is_a_duplicate(world: Any, make_event: Any) -> None:
    event = _past_event(world, make_event)
    with pytest.raises(DuplicateEvent) as refused:
        _report(world, event.starts_on + timedelta(days=1), [world.a_member])
    assert refused.value.field == "people"
    assert event.title in refused.value.message
    assert Submission.objects.count() == 0


def test_other_people_and_events_elsewhere_may_be_reported(world: Any, make_event: Any) -> None:
    event = _past_event(world, make_event)
    _report(world, event.starts_on, [world.a_admin])  # not registered for it
    elsewhere = _past_event(world, make_event, held=False, ago=8)
    _report(world, elsewhere.starts_on, [world.a_member])
    assert Submission.objects.count() == 2


def test_approval_refuses_a_report_made_before_registering(world: Any, make_event: Any) -> None:
    day = timezone.now().date() - timedelta(days=5)
    submission = _report(world, day, [world.a_member])
    _past_event(world, make_event)
    with pytest.raises(DuplicateEvent):
        submission_approve(submission=submission, staff_user=world.staff)
    submission.refresh_from_db()
    assert submission.status == "pending"

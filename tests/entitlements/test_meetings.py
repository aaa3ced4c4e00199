"""Guidance meetings: book within the quota, refusals change nothing, cancel in time gives it back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from icalendar import Calendar

from partnercenter.entitlements import errors
from partnercenter.entitlements.ics import meeting_ics
from partnercenter.entitlements.models import Meeting, MeetingStatus, Usage
from partnercenter.entitlements.selectors import free_slots, quota_of
from partnercenter.entitlements.services import (
    meeting_book,
    meeting_cancel,
    meeting_mark,
    slot_publish,
)
from partnercenter.notifications.models import Message
from tests.entitlements.conftest import at
from tests.submissions.factories import make_person

pytestmark = pytest.mark.django_db

NOW = at(2025, 3, 3, 9)


def _slots(staff: Any, n: int, start: Any = None) -> list[Any]:
    start = start or at(2025, 3, 10, 10)
    return [
        slot_publish(staff=staff, starts_at=start + timedelta(hours=i), duration_minutes=45, at=NOW)
        for i in range(n)
    ]


def _snapshot() -> tuple[int, int, int]:
    return Meeting.objects.count(), Usage.objects.count(), Message.objects.count()


def test_book_sends_an_email_with_the_ics_link(member: Any, staff: Any) -> None:
    (slot,) = _slots(staff, 1)
    meeting = meeting_book(person=member, slot_id=slot.pk, at=NOW)
    mail = Message.objects.get(kind="meeting_booked")
    assert f"/portal/meetings/{meeting.pk}.ics" in mail.body_text
    cal = Calendar.from_ical(meeting_ics(meeting))
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == slot.starts_at
    assert event.decoded("dtend") == slot.starts_at + timedelta(minutes=45)
    assert str(event["attendee"]) == f"mailto:{member.email}"
    assert free_slots(NOW).count() == 0


def test_taken_past_and_unknown_slots_are_refused(member: Any, staff: Any, gold: Any) -> None:
    slot, past = _slots(staff, 2)
    meeting_book(person=member, slot_id=slot.pk, at=NOW)
    other = make_person(gold, "ann@acme.example")
    before = _snapshot()
    with pytest.raises(errors.SlotTaken):
        meeting_book(person=other, slot_id=slot.pk, at=NOW)
    with pytest.raises(errors.SlotPast):
        meeting_book(person=other, slot_id=past.pk, at=past.starts_at)
    with pytest.raises(errors.InvalidInput) as info:
        meeting_book(person=other, slot_id="nope", at=NOW)
    assert info.value.field == "slot_id"
    assert _snapshot() == before


def test_beyond_the_quarter_quota_is_refused(member: Any, staff: Any) -> None:
    slots = _slots(staff, 7)  # Gold: 6 per quarter
    for s in slots[:6]:
        meeting_book(person=member, slot_id=s.pk, at=NOW)
    before = _snapshot()
    with pytest.raises(errors.QuotaExhausted) as info:
        meeting_book(person=member, slot_id=slots[6].pk, at=NOW)
    assert info.value.resets_at == at(2025, 4, 1)
    assert _snapshot() == before
    # A slot in the next quarter counts against that quarter.
    (april,) = _slots(staff, 1, at(2025, 4, 1))
    meeting_book(person=member, slot_id=april.pk, at=NOW)


def test_cancel_ahead_gives_back_late_does_not(member: Any, staff: Any) -> None:
    early, late = _slots(staff, 2)
    m1 = meeting_book(person=member, slot_id=early.pk, at=NOW)
    m2 = meeting_book(person=member, slot_id=late.pk, at=NOW)
    meeting_cancel(person=member, meeting_id=m1.pk, at=early.starts_at - timedelta(hours=25))
    meeting_cancel(person=member, meeting_id=m2.pk, at=late.starts_at - timedelta(hours=23))
    q = quota_of(member.partner, "meetings", early.starts_at)
    assert q.used == 1  # type: ignore[union-attr]
    # The cancelled slot is free again.
    assert early in list(free_slots(NOW))


def test_someone_elses_meeting_cannot_be_cancelled(
    member: Any, staff: Any, make_partner: Any
) -> None:
    (slot,) = _slots(staff, 1)
    m = meeting_book(person=member, slot_id=slot.pk, at=NOW)
    stranger = make_person(make_partner("bravo"), "bob@bravo.example")
    with pytest.raises(errors.NotYours):
        meeting_cancel(person=stranger, meeting_id=m.pk, at=NOW)
    m.refresh_from_db()
    assert m.status == MeetingStatus.BOOKED


def test_mark_held_or_no_show(member: Any, staff: Any) -> None:
    a, b = _slots(staff, 2)
    m1 = meeting_book(person=member, slot_id=a.pk, at=NOW)
    m2 = meeting_book(person=member, slot_id=b.pk, at=NOW)
    with pytest.raises(errors.WrongState):
        meeting_mark(meeting=m1, staff=staff, status="held", at=NOW)
    meeting_mark(meeting=m1, staff=staff, status="held", at=a.starts_at)
    meeting_mark(meeting=m2, staff=staff, status="no_show", at=b.starts_at)
    with pytest.raises(errors.WrongState):
        meeting_mark(meeting=m1, staff=staff, status="no_show", at=b.starts_at)
    assert {m.status for m in Meeting.objects.all()} == {"held", "no_show"}


@pytest.mark.parametrize(
    ("starts", "minutes", "field"),
    [
        (None, 30, "starts_at"),
        (NOW - timedelta(hours=1), 30, "starts_at"),
        (NOW + timedelta(days=1), 5, "duration_minutes"),
    ],
)
def test_slot_publish_refusals(staff: Any, starts: Any, minutes: int, field: str) -> None:
    with pytest.raises(errors.InvalidInput) as info:
        slot_publish(staff=staff, starts_at=starts, duration_minutes=minutes, at=NOW)
    assert info.value.field == field

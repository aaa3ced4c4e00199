"""Portal Support and Meetings pages; back-office ticket answer and SLA CSV."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from partnercenter.entitlements.models import Meeting, MeetingSlot, Ticket, Usage
from partnercenter.entitlements.services import meeting_book, slot_publish
from tests.submissions.factories import make_person, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(make_partner: Any) -> Any:
    partner = make_partner("acme", name="Acme")
    partner.plan = "silver"
    partner.plan_paid_until = date(2100, 1, 1)
    partner.save()
    return make_person(partner, "max@acme.example")


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_open_a_ticket_and_see_the_quota(member: Any) -> None:
    c = _client(member.user)
    page = c.get("/portal/support/").content.decode()
    assert "7 of 7" in page
    r = c.post("/portal/support/", {"subject": "Broken", "body": "Help"})
    assert r.status_code == 302
    t = Ticket.objects.get()
    assert "Broken" in c.get(f"/portal/support/{t.pk}/").content.decode()
    assert "6 of 7" in c.get("/portal/support/").content.decode()
    assert "6 of 7" in c.get("/portal/plan/").content.decode()


def test_bad_ticket_form_changes_nothing(member: Any) -> None:
    r = _client(member.user).post("/portal/support/", {"subject": "", "body": "Help"})
    assert r.status_code == 400
    assert Ticket.objects.count() == Usage.objects.count() == 0


def test_without_paid_plan_the_page_names_the_plan(member: Any) -> None:
    member.partner.plan_paid_until = None
    member.partner.save()
    page = _client(member.user).get("/portal/support/").content.decode()
    assert "no paid plan" in page and "Now Partner Plan" in page


def test_staff_answer_and_sla_csv(member: Any) -> None:
    _client(member.user).post("/portal/support/", {"subject": "Broken", "body": "Help"})
    t = Ticket.objects.get()
    staff = _client(make_staff())
    assert "Broken" in staff.get("/backoffice/tickets/").content.decode()
    r = staff.post(f"/backoffice/tickets/{t.pk}/", {"body": "Fixed it"})
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.first_response_at is not None and t.status == "answered"
    assert "Fixed it" in _client(member.user).get(f"/portal/support/{t.pk}/").content.decode()
    csv = staff.get(f"/backoffice/sla/?month={t.opened_at:%Y-%m}&export=csv").content.decode()
    assert "plan,tickets,met" in csv and "\nsilver,1,1,100.0" in csv
    assert staff.get("/backoffice/sla/?month=nope").status_code == 400
    staff.post(f"/backoffice/tickets/{t.pk}/close/", {"invalid": "1"})
    assert sum(Usage.objects.values_list("amount", flat=True)) == 0


def test_book_cancel_and_ics(member: Any) -> None:
    staff = make_staff()
    slot = slot_publish(
        staff=staff, starts_at=timezone.now() + timedelta(days=3), duration_minutes=30
    )
    c = _client(member.user)
    assert "Book" in c.get("/portal/meetings/").content.decode()
    c.post("/portal/meetings/book/", {"slot_id": slot.pk})
    m = Meeting.objects.get()
    ics = c.get(f"/portal/meetings/{m.pk}.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert event.decoded("dtstart") == slot.starts_at
    c.post(f"/portal/meetings/{m.pk}/cancel/")
    m.refresh_from_db()
    assert m.status == "cancelled"
    assert sum(Usage.objects.values_list("amount", flat=True)) == 0


def test_backoffice_publish_and_mark(member: Any) -> None:
    staff = _client(make_staff())
    later = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    r = staff.post("/backoffice/meeting-slots/", {"starts_at": later, "duration_minutes": "30"})
    assert r.status_code == 302
    bad = staff.post(
        "/backoffice/meeting-slots/", {"starts_at": "2000-01-01 10:00", "duration_minutes": "30"}
    )
    assert bad.status_code == 400 and "must be in the future" in bad.content.decode()
    slot = MeetingSlot.objects.get()
    m = meeting_book(person=member, slot_id=slot.pk)
    early = staff.post(f"/backoffice/meetings/{m.pk}/mark/", {"status": "held"})
    assert early.status_code == 302
    m.refresh_from_db()
    assert m.status == "booked"  # not started yet: refused, unchanged

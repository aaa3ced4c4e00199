"""Demo events: a past quarterly partner meeting with northwind-digital's attendance marked
(points posted) and an upcoming training with registrations. Through the real services; a
second run changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.contrib.auth import get_user_model

from partnercenter.events.models import Event, EventKind
from partnercenter.events.services import (
    EventFields,
    attendance_mark,
    event_create,
    registration_create,
)
from partnercenter.partners.models import Partner, Person, Role

STAFF_EMAIL = "staff@partnercenter.test"
MEETING = "Quarterly partner meeting"
TRAINING = "Exponential 7 developer training"


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def demo_events(*, today: date) -> None:
    """The past meeting (attended by northwind-digital's people) and the upcoming training."""
    staff = get_user_model().objects.filter(username=STAFF_EMAIL).first()
    northwind = Partner.objects.filter(slug="northwind-digital").first()
    if staff is None or northwind is None or Event.objects.exists():
        return
    people = list(Person.objects.filter(partner=northwind).order_by("pk")[:3])
    admin = next((p for p in people if p.role == Role.ADMIN), people[0] if people else None)
    if admin is None:
        return
    meeting_day = today - timedelta(days=40)
    published = _noon(meeting_day - timedelta(days=30))
    meeting = event_create(
        staff=staff,
        fields=EventFields(
            title=f"{MEETING} Q{(meeting_day.month - 1) // 3 + 1} {meeting_day.year}",
            kind=EventKind.PARTNER_MEETING,
            starts_on=meeting_day,
            ends_on=meeting_day + timedelta(days=1),
            place="7x office, Berlin",
            capacity=60,
            description="Roadmap, partner results of the quarter, and an evening together.",
        ),
        at=published,
    )
    training = event_create(
        staff=staff,
        fields=EventFields(
            title=TRAINING,
            kind=EventKind.TRAINING,
            starts_on=today + timedelta(days=21),
            ends_on=today + timedelta(days=23),
            place="7x training centre, Oslo",
            online_url="https://7x.example/live/training",
            capacity=12,
            description="Three days: architecture, extensions, deployment. Laptops required.",
        ),
        at=_noon(today - timedelta(days=5)),
    )
    for person in people:
        registration_create(by=admin, event_id=meeting.pk, person_id=person.pk, at=published)
    for person in people[:2]:
        attendance_mark(
            staff=staff, event_id=meeting.pk, person_id=person.pk, at=_noon(meeting_day)
        )
    for person in people[:2]:
        registration_create(
            by=admin, event_id=training.pk, person_id=person.pk, at=_noon(today - timedelta(days=2))
        )

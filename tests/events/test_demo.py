"""The demo: a past partner meeting with northwind-digital's attendance posted, an upcoming
training with registrations; a second run changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from partnercenter.events.demo import demo_events
from partnercenter.events.models import Attendance, Event, Registration
from partnercenter.ledger.models import Entry
from partnercenter.partners.demo import demo_load

pytestmark = pytest.mark.django_db


def test_demo_events(edition: Any) -> None:
    today = date(2026, 5, 20)
    demo_load(today=today)
    demo_events(today=today)
    demo_events(today=today)
    past, upcoming = Event.objects.order_by("starts_on")
    assert past.starts_on < today < upcoming.starts_on
    assert Attendance.objects.filter(event=past, partner__slug="northwind-digital").count() == 2
    assert Registration.objects.filter(event=upcoming).count() == 2
    assert (
        Entry.objects.filter(activity="event_participation", occasion=f"event:{past.pk}").count()
        == 2
    )

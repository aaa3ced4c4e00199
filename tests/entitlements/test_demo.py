"""The entitlements demo: Northwind sees its ticket quota, meetings and revenue requirement."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from partnercenter.billing.demo import demo_billing
from partnercenter.entitlements.demo import STAFF_EMAIL, demo_entitlements
from partnercenter.entitlements.models import Meeting, MeetingSlot, Ticket, Usage
from partnercenter.entitlements.selectors import quota_of, revenue_progress, sla_report
from tests.submissions.factories import make_person

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)


def test_demo_entitlements_is_idempotent(make_partner: Any) -> None:
    for slug in ("northwind-digital", "fjord-hosting", "baltic-systems", "meridian-it"):
        make_person(make_partner(slug, status="active"), f"anna@{slug}.example")
    get_user_model().objects.create_user(username=STAFF_EMAIL, is_staff=True)
    demo_billing(today=TODAY)
    demo_entitlements(today=TODAY)
    counts = (Ticket.objects.count(), Usage.objects.count(), Meeting.objects.count())
    demo_entitlements(today=TODAY)
    assert (Ticket.objects.count(), Usage.objects.count(), Meeting.objects.count()) == counts
    assert counts[0] == 6 and MeetingSlot.objects.count() == 5
    noon = datetime(2026, 11, 26, 12, tzinfo=UTC)
    northwind = Ticket.objects.filter(partner__slug="northwind-digital").first().partner  # type: ignore[union-attr]
    tickets = quota_of(northwind, "tickets", noon)
    assert tickets is not None and (tickets.allowed, tickets.plan.code) == (7, "silver")
    meetings = quota_of(northwind, "meetings", noon)
    assert meetings is not None and meetings.used >= 1
    assert revenue_progress(northwind, noon).required_cents == 300000  # type: ignore[union-attr]
    rows = {r.plan: r for r in sla_report(date(2026, 11, 1))}
    assert rows["gold"].breaches == 2 and rows["silver"].met == 2
    assert Meeting.objects.filter(status="held").count() == 1

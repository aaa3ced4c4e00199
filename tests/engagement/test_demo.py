"""The engagement demo builds requests, votes, service requests and a briefing, once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from partnercenter.billing.demo import demo_billing
from partnercenter.engagement.demo import BRIEFING, demo_engagement
from partnercenter.engagement.models import (
    Announcement,
    RoadmapRequest,
    RoadmapVote,
    ServiceRequest,
)
from partnercenter.entitlements.demo import STAFF_EMAIL
from partnercenter.partners.models import Partner
from tests.submissions.factories import make_person

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)


def test_demo_engagement_is_idempotent(make_partner: Any) -> None:
    for slug in ("northwind-digital", "fjord-hosting", "baltic-systems", "meridian-it"):
        make_person(make_partner(slug, status="active"), f"anna@{slug}.example")
    Partner.objects.update(current_level="gold")
    get_user_model().objects.create_user(username=STAFF_EMAIL, is_staff=True)
    demo_billing(today=TODAY)
    demo_engagement(today=TODAY)
    counts = (
        RoadmapRequest.objects.count(),
        RoadmapVote.objects.count(),
        ServiceRequest.objects.count(),
        Announcement.objects.count(),
    )
    demo_engagement(today=TODAY)
    assert counts == (
        RoadmapRequest.objects.count(),
        RoadmapVote.objects.count(),
        ServiceRequest.objects.count(),
        Announcement.objects.count(),
    )
    assert counts == (2, 4, 2, 1)
    assert RoadmapRequest.objects.get(title__startswith="Bulk").status == "planned"
    assert ServiceRequest.objects.filter(status="done").count() == 1
    assert Announcement.objects.get().subject == BRIEFING

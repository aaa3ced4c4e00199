"""A Silver partner whose only sales certification expires before the next review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from partnercenter.certifications.selectors import next_review
from partnercenter.ledger.models import Source
from partnercenter.ledger.services import entry_post
from partnercenter.partners.models import Certification, Partner, Person, Role
from partnercenter.partners.services import certification_record
from partnercenter.review.services import review_run


@dataclass
class Silver:
    partner: Partner
    admin: Person
    seller: Person
    sales: Certification
    today: date
    review_on: date


def expiring_silver(make_partner: Any, slug: str = "acme") -> Silver:
    """Acme: 25,000 points, a developer and a sales certification; the sales one expires
    between today and the next review. Reviewed today, so its level is Silver."""
    today = timezone.now().date()
    review_on = next_review(today)
    acme = make_partner(slug, status="active")
    admin = Person.objects.create(
        partner=acme, name="Ada Admin", email=f"ada@{slug}.test", role=Role.ADMIN
    )
    seller = Person.objects.create(partner=acme, name="Sam Seller", email=f"sam@{slug}.test")
    earned = today - timedelta(days=60)
    entry_post(
        partner=acme,
        activity="project",
        points=25_000,
        occurred_at=datetime.combine(earned, time(12), tzinfo=UTC),
        source=Source.REPORTED,
        reason="Customer project",
        idempotency_key=f"{slug}:p1",
    )
    certification_record(person=admin, type="developer", earned_on=earned)
    expires = max(today + timedelta(days=1), review_on - timedelta(days=5))
    sales = certification_record(
        person=seller, type="sales", earned_on=earned, expires_on=expires
    ).certification
    review_run(as_of=today)
    acme.refresh_from_db()
    assert acme.current_level == "silver"
    return Silver(acme, admin, seller, sales, today, review_on)


@pytest.fixture
def silver(make_partner: Any) -> Silver:
    return expiring_silver(make_partner)

"""Decisions a partner may appeal, made fast: a rejected activity, a review, a commission."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from partnercenter.commissions.models import CommissionEntry
from partnercenter.review.models import TierDecision
from partnercenter.submissions.services import submission_create, submission_reject


def rejected_submission(partner: Any, person: Any, staff: Any) -> Any:
    """A reported article that staff rejected for insufficient evidence."""
    submission = submission_create(
        partner=partner,
        person=person,
        activity="article",
        occurred_on=timezone.now().date().replace(day=1),
        description="Our article on Exponential 7",
        evidence_url="https://acme.example/webinar",
    )
    return submission_reject(
        submission=submission,
        staff_user=staff,
        reason_code="insufficient_evidence",
        text="The recording is private.",
    )


def decision(partner: Any, level: str = "basic") -> TierDecision:
    """A review decision that lowered the partner."""
    return TierDecision.objects.create(
        partner=partner,
        as_of=date(2026, 1, 1),
        edition_id="2025-01-01",
        facts={"points": 4500},
        level=level,
        previous_level="professional",
        direction="down",
        explanation=[],
    )


def commission(partner: Any, kind: str = "accrual", cents: int = 10_000, key: str = "c1") -> Any:
    """A commission entry of the partner."""
    return CommissionEntry.objects.create(
        partner=partner,
        kind=kind,
        amount_cents=cents if kind == "accrual" else -abs(cents),
        percent=10,
        booked_at=timezone.now(),
        key=key,
        description="10 % (cold) of Globex's payment",
    )

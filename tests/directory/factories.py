"""Listed partners made fast: a decision row and the cached level, as the review writes them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from partnercenter.partners.models import Partner
from partnercenter.review.models import TierDecision

REVIEWED = date(2026, 1, 1)


def leveled(
    make_partner: Any,
    slug: str,
    level: str,
    *,
    points: int = 1000,
    plan: str = "",
    paid: bool = True,
    as_of: date = REVIEWED,
    **kwargs: Any,
) -> Partner:
    """An active partner with `level` from a review as of `as_of`, with `points` in its facts."""
    today = timezone.now().date()
    partner = make_partner(
        slug,
        plan=plan,
        plan_paid_until=(today + timedelta(days=30) if paid else today - timedelta(days=1))
        if plan
        else None,
        **kwargs,
    )
    TierDecision.objects.create(
        partner=partner,
        as_of=as_of,
        edition_id="2025-01-01",
        facts={"points": points},
        level=level,
        direction="up",
        explanation=[],
    )
    Partner.objects.filter(pk=partner.pk).update(current_level=level)
    partner.refresh_from_db()
    return partner

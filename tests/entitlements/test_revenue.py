"""At quarter end a shortfall against the plan's requirement becomes a notice (once)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from partnercenter.entitlements.jobs import quarter_revenue_job
from partnercenter.entitlements.models import RevenueCheck
from partnercenter.entitlements.selectors import revenue_progress
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Notice
from tests.entitlements.conftest import at

pytestmark = pytest.mark.django_db


def _revenue(partner: Any, cents: int, when: Any, key: str) -> None:
    Entry.objects.create(
        partner=partner,
        activity="revenue",
        points=cents // 100,
        revenue_cents=cents,
        occurred_at=when,
        recorded_at=when,
        source="store",
        reason="Order",
        idempotency_key=key,
        edition_id="2025-01-01",
    )


def test_quarter_end_shortfall_creates_a_notice_once(gold: Any) -> None:
    # Given Gold (USD 4,500 a quarter) with 3,000 in Q1 — the last second counts, April does not,
    _revenue(gold, 200000, at(2025, 1, 15), "a")
    _revenue(gold, 100000, at(2025, 3, 31, 23, 59, 59), "b")
    _revenue(gold, 900000, at(2025, 4, 1), "c")
    progress = revenue_progress(gold, at(2025, 3, 20))
    assert progress is not None
    assert (progress.revenue_cents, progress.percent, progress.label) == (300000, 66, "Q1 2025")
    # when the job runs on 1 April (and again), then one check and one notice.
    assert quarter_revenue_job(date(2025, 4, 1)) == {"checked": 1, "shortfalls": 1}
    assert quarter_revenue_job(date(2025, 4, 2)) == {"checked": 0, "shortfalls": 0}
    check = RevenueCheck.objects.get()
    assert (check.required_cents, check.revenue_cents, check.shortfall_cents) == (
        450000,
        300000,
        150000,
    )
    notice = Notice.objects.get(partner=gold, kind="revenue_shortfall")
    assert "short by USD 1,500.00" in notice.message


def test_met_requirement_is_checked_without_notice(gold: Any) -> None:
    _revenue(gold, 450000, at(2025, 2, 1), "a")
    assert quarter_revenue_job(date(2025, 4, 1)) == {"checked": 1, "shortfalls": 0}
    assert not Notice.objects.filter(kind="revenue_shortfall").exists()


def test_plans_without_requirement_are_not_checked(gold: Any) -> None:
    gold.plan = "basic"
    gold.save()
    assert revenue_progress(gold, at(2025, 3, 1)) is None
    assert quarter_revenue_job(date(2025, 4, 1)) == {"checked": 0, "shortfalls": 0}

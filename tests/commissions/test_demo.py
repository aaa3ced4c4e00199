"""The demo: northwind-digital's hot referral, one commission paid out, one pending; idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from partnercenter.commissions.demo import demo_commissions
from partnercenter.commissions.models import CommissionEntry, Referral
from partnercenter.commissions.selectors import partner_balance, partner_entries

pytestmark = pytest.mark.django_db


def test_demo_commissions_is_idempotent(make_partner):
    northwind = make_partner("northwind-digital", name="Northwind Digital", status="active")
    today = date(2025, 6, 1)
    demo_commissions(today=today)
    demo_commissions(today=today)
    referral = Referral.objects.get()
    assert (referral.temperature, referral.status) == ("hot", "won")
    kinds = sorted((e.kind, e.amount_cents, e.current_status) for e in partner_entries(northwind))
    assert kinds == [
        ("accrual", 60_000, "pending"),
        ("accrual", 240_000, "paid"),
        ("payout", -240_000, "paid"),
    ]
    assert partner_balance(northwind) == 60_000 and CommissionEntry.objects.count() == 3

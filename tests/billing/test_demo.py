"""The billing demo: Northwind on a paid monthly Silver plan, one overdue invoice elsewhere."""

from __future__ import annotations

from datetime import date

import pytest

from partnercenter.billing.demo import demo_billing
from partnercenter.billing.models import Invoice, Payment

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)


def test_demo_billing_is_idempotent(make_partner):
    for slug in ("northwind-digital", "fjord-hosting", "baltic-systems", "meridian-it"):
        make_partner(slug, status="active")
    demo_billing(today=TODAY)
    counts = (Invoice.objects.count(), Payment.objects.count())
    demo_billing(today=TODAY)
    assert (Invoice.objects.count(), Payment.objects.count()) == counts
    northwind = Invoice.objects.filter(partner__slug="northwind-digital")
    assert northwind.count() == 5
    assert set(northwind.values_list("status", flat=True)) == {"paid"}
    from partnercenter.partners.models import Partner

    partner = Partner.objects.get(slug="northwind-digital")
    assert (partner.plan, partner.plan_paid_until) == ("silver", date(2026, 12, 25))
    overdue = Invoice.objects.filter(status="open", due_on__lt=TODAY)
    assert list(overdue.values_list("partner__slug", flat=True)) == ["baltic-systems"]

"""Demo billing: `northwind-digital` on a paid monthly Silver plan, a few others with paid
invoices and one overdue invoice. Built through the real services; a second run changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

from partnercenter.billing.models import Invoice, InvoiceStatus, PaymentSource, Subscription
from partnercenter.billing.services import billing_run, payment_record, plan_choose
from partnercenter.domain.windows import add_months
from partnercenter.partners.models import Partner

DEMO_PLANS: list[tuple[str, str, int, bool]] = [
    ("northwind-digital", "silver", 4, False),
    ("fjord-hosting", "gold", 3, False),
    ("baltic-systems", "starter", 2, True),
    ("meridian-it", "basic", 5, False),
]
"""(partner slug, plan, months ago the plan started, leave the latest invoice unpaid)."""


def demo_billing(*, today: date) -> None:
    """Subscriptions, invoices and payments for a few demo partners (idempotent)."""
    starts: dict[date, list[tuple[Partner, str]]] = {}
    for slug, plan, months_ago, overdue in DEMO_PLANS:
        partner = Partner.objects.filter(slug=slug).first()
        if partner is None or Subscription.objects.filter(partner=partner).exists():
            continue
        # The overdue partner's latest period began 20 days ago (due 14 days after issue).
        start = add_months(today, -months_ago) - timedelta(days=20 if overdue else 0)
        starts.setdefault(start, []).append((partner, plan))
    # Day by day, as the portal and the scheduler would have: plans chosen on their day,
    # every invoice dated the first day of its period, numbers in the order of issue.
    day = min(starts, default=today)
    while day <= today:
        for partner, plan in starts.get(day, []):
            plan_choose(partner=partner, plan=plan, on=day)
        billing_run(as_of=day)
        day += timedelta(days=1)
    for slug, _plan, _months, overdue in DEMO_PLANS:
        invoices = list(
            Invoice.objects.filter(partner__slug=slug, status=InvoiceStatus.OPEN).order_by(
                "issued_on", "sequence"
            )
        )
        if overdue and invoices:
            invoices = invoices[:-1]
        for invoice in invoices:
            payment_record(
                invoice=invoice,
                amount_cents=invoice.total_cents,
                paid_on=min(invoice.issued_on + timedelta(days=5), today),
                reference=f"DEMO-BANK-{invoice.number}",
                source=PaymentSource.STAFF,
            )

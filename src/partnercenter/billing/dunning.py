"""Services for unpaid invoices: reminders after the due date, and the plan's lapse past grace.

Both run from the scheduler (see `billing.jobs`) and are idempotent: every email has
a key per invoice and reminder day, and a subscription ends once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from partnercenter.billing.models import Invoice, InvoiceStatus, Subscription, SubscriptionStatus
from partnercenter.domain.billing import format_usd
from partnercenter.membership.selectors import partner_admin_emails
from partnercenter.notifications.models import Message
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Partner
from partnercenter.programs.selectors import edition_at
from partnercenter.standing.cache import standing_changed


@dataclass(frozen=True)
class RemindersResult:
    """How many invoices were reminded, and how many emails were queued."""

    invoices: int
    emails: int


def invoice_reminders_send(*, as_of: date) -> RemindersResult:
    """Remind the partner admins of each open invoice on the edition's days after its due date.

    Each reminder day is sent once (key `invoice_reminder:<number>:<day>:<email>`); a run
    that missed a day sends only the latest reminder that is due.
    """
    invoices = emails = 0
    for invoice in Invoice.objects.filter(
        status=InvoiceStatus.OPEN, due_on__lt=as_of
    ).select_related("partner"):
        days = edition_at(as_of).billing.invoice_reminder_days
        due = [d for d in days if invoice.due_on + timedelta(days=d) <= as_of]
        if not due:
            continue
        day = max(due)
        sent = 0
        with transaction.atomic():
            for email in partner_admin_emails(invoice.partner):
                key = f"invoice_reminder:{invoice.number}:{day}:{email}"
                if Message.objects.filter(key=key).exists():
                    continue
                message_queue(
                    kind="invoice_reminder",
                    to=email,
                    partner=invoice.partner,
                    key=key,
                    context={
                        "invoice": invoice,
                        "partner": invoice.partner,
                        "days_late": (as_of - invoice.due_on).days,
                        "total": format_usd(invoice.total_cents),
                    },
                )
                sent += 1
        if sent:
            invoices += 1
            emails += sent
    return RemindersResult(invoices, emails)


@dataclass(frozen=True)
class LapseResult:
    """How many subscriptions ended because an invoice stayed unpaid past grace."""

    ended: int


def unpaid_plans_lapse(*, as_of: date) -> LapseResult:
    """End the subscription of every plan invoice unpaid `payment_grace_days` after its due date:
    the partner's plan is cleared (the review sees no paid plan) and its admins are told."""
    grace = edition_at(as_of).billing.payment_grace_days
    ids = list(
        Invoice.objects.filter(
            status=InvoiceStatus.OPEN,
            subscription__status=SubscriptionStatus.ACTIVE,
            due_on__lte=as_of - timedelta(days=grace),
        )
        .values_list("subscription_id", flat=True)
        .distinct()
    )
    ended = 0
    for pk in ids:
        ended += int(_lapse(pk, as_of, grace))
    return LapseResult(ended)


@transaction.atomic
def _lapse(pk: int, as_of: date, grace: int) -> bool:
    sub = Subscription.objects.select_for_update().get(pk=pk)
    if sub.status != SubscriptionStatus.ACTIVE:
        return False
    invoice = (
        Invoice.objects.filter(subscription=sub, status=InvoiceStatus.OPEN)
        .order_by("due_on")
        .first()
    )
    if invoice is None:
        return False
    sub.status = SubscriptionStatus.ENDED
    sub.ended_on = as_of
    sub.next_plan = ""
    sub.end_reason = (
        f"Invoice {invoice.number} unpaid {grace} days after its due date "
        f"({invoice.due_on:%d %b %Y})."
    )
    sub.save(update_fields=["status", "ended_on", "next_plan", "end_reason"])
    standing_changed(sub.partner_id)  # the plan page shows the subscription
    partner = Partner.objects.select_for_update().get(pk=sub.partner_id)
    partner.plan = ""
    partner.save(update_fields=["plan"])
    for email in partner_admin_emails(partner):
        message_queue(
            kind="plan_lapsed",
            to=email,
            partner=partner,
            key=f"plan_lapsed:{sub.pk}:{email}",
            context={"partner": partner, "subscription": sub, "invoice": invoice},
        )
    return True

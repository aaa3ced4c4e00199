"""Plans as subscriptions, invoices numbered without gaps, payments and credit notes.

An issued invoice is never edited: a payment marks it paid, a void is a credit
note with its own number and PDF. `Partner.plan` / `Partner.plan_paid_until`
are the cache the tier review reads; only this app writes them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Period(models.TextChoices):
    """How often a subscription is billed (in advance)."""

    MONTH = "month", "Monthly"
    YEAR = "year", "Yearly"


class SubscriptionStatus(models.TextChoices):
    """Whether a subscription still bills."""

    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    """Lapsed for an unpaid invoice, or replaced; billed no more."""


class Subscription(models.Model):
    """A partner's plan, billed per period in advance; a change waits in `next_plan`.

    `anchor_on` is the day the periods are counted from (month ends never drift);
    `current_period_start`/`end` is the latest period invoiced.
    """

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="subscriptions"
    )
    plan = models.CharField(max_length=32, help_text="A plan code of the edition.")
    period = models.CharField(max_length=8, choices=Period.choices)
    started_on = models.DateField()
    anchor_on = models.DateField()
    current_period_start = models.DateField()
    current_period_end = models.DateField()
    status = models.CharField(
        max_length=8, choices=SubscriptionStatus.choices, default=SubscriptionStatus.ACTIVE
    )
    next_plan = models.CharField(
        max_length=32, blank=True, help_text="Takes effect when the current period ends."
    )
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=models.Q(status="active"),
                name="subscription_one_active_per_partner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.plan} ({self.period})"


class SequenceKind(models.TextChoices):
    INVOICE = "invoice", "Invoice"
    CREDIT_NOTE = "credit_note", "Credit note"


class NumberSequence(models.Model):
    """The last number given per kind and calendar year; locked while a number is taken,
    in the transaction that stores the document, so numbers have no gap and no duplicate."""

    kind = models.CharField(max_length=16, choices=SequenceKind.choices)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="number_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class InvoiceStatus(models.TextChoices):
    OPEN = "open", "Open"
    PAID = "paid", "Paid"
    VOID = "void", "Void"
    """Cancelled by a credit note."""


class Invoice(models.Model):
    """An issued invoice (`2026-000001`): a plan period or the Kick-Off Package."""

    number = models.CharField(max_length=16, unique=True)
    year = models.PositiveIntegerField()
    sequence = models.PositiveIntegerField()
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="invoices"
    )
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    kind = models.CharField(max_length=16, default="plan", help_text="plan or kick_off_package")
    plan = models.CharField(max_length=32, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    issued_on = models.DateField()
    due_on = models.DateField()
    currency = models.CharField(max_length=3, default="USD")
    subtotal_cents = models.BigIntegerField()
    discount_cents = models.BigIntegerField(default=0)
    tax_rate_bp = models.PositiveIntegerField(default=0)
    tax_cents = models.BigIntegerField(default=0)
    total_cents = models.BigIntegerField()
    status = models.CharField(
        max_length=8, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN
    )
    paid_on = models.DateField(null=True, blank=True)
    document = models.ForeignKey(
        "documents.Document", null=True, on_delete=models.PROTECT, related_name="+"
    )
    idempotency_key = models.CharField(max_length=120, unique=True)
    edition_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="invoice_number_unique"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="invoice_status_due_idx")]

    def __str__(self) -> str:
        return self.number


class InvoiceLine(models.Model):
    """One line of an invoice, with its amounts as issued."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=255)
    quantity = models.PositiveIntegerField()
    unit_cents = models.BigIntegerField()
    discount_percent = models.PositiveSmallIntegerField(default=0)
    amount_cents = models.BigIntegerField()
    discount_cents = models.BigIntegerField(default=0)
    net_cents = models.BigIntegerField()

    class Meta:
        ordering = ["invoice", "position"]

    def __str__(self) -> str:
        return self.description


class PaymentSource(models.TextChoices):
    """Who told us about a payment."""

    STAFF = "staff", "Staff"
    """Recorded in the back office (a bank transfer seen on the statement)."""
    STORE = "store", "Store"
    """The 7x store's `invoice.paid` webhook."""
    STRIPE = "stripe", "Stripe"
    """Stripe Checkout (webhook)."""


class Payment(models.Model):
    """A payment of an invoice; at most one per source and reference."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount_cents = models.BigIntegerField()
    paid_on = models.DateField()
    reference = models.CharField(max_length=150)
    source = models.CharField(max_length=8, choices=PaymentSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "reference"], name="payment_unique_reference")
        ]

    def __str__(self) -> str:
        return f"{self.invoice} {self.amount_cents} ({self.source} {self.reference})"


class CreditNote(models.Model):
    """Voids an invoice in full, with its own number (`CN-2026-000001`) and PDF."""

    number = models.CharField(max_length=20, unique=True)
    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="credit_note")
    issued_on = models.DateField()
    amount_cents = models.BigIntegerField()
    reason = models.TextField()
    document = models.ForeignKey(
        "documents.Document", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number

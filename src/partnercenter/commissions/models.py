"""Referrals, their payments and refunds, and the commissions ledger (append-only, in cents).

Amounts never change once written: `CommissionEntry` rows are append-only at the
database, and an entry's status (pending → approved → paid) is the latest of its
append-only `CommissionStatus` records.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from partnercenter.domain.commissions import EntryKind, Temperature


class ReferralStatus(models.TextChoices):
    """Where a referral stands; registered, qualified and won are open."""

    REGISTERED = "registered", "Registered"
    QUALIFIED = "qualified", "Qualified"
    WON = "won", "Won"
    LOST = "lost", "Lost"
    EXPIRED = "expired", "Expired"


OPEN = (ReferralStatus.REGISTERED, ReferralStatus.QUALIFIED, ReferralStatus.WON)
"""Statuses that hold the customer: nobody else may register it meanwhile."""


class Referral(models.Model):
    """A customer a partner introduced to 7x; its code ties 7x's payments back to it."""

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="referrals"
    )
    company = models.CharField(max_length=200)
    company_key = models.CharField(max_length=200, help_text="Normalised company name.")
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField()
    email_domain = models.CharField(max_length=200, blank=True)
    temperature = models.CharField(
        max_length=10,
        choices=[(t.value, t.value.title()) for t in Temperature],
        default=Temperature.COLD,
    )
    hot_criteria = models.JSONField(default=list, blank=True)
    expected_value_cents = models.PositiveBigIntegerField(default=0)
    status = models.CharField(
        max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.REGISTERED
    )
    code = models.CharField(max_length=20, unique=True)
    note = models.TextField(blank=True)
    registered_at = models.DateTimeField()
    last_progress_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company_key"],
                condition=Q(status__in=["registered", "qualified", "won"]),
                name="referral_one_open_per_company",
            ),
            models.UniqueConstraint(
                fields=["email_domain"],
                condition=Q(status__in=["registered", "qualified", "won"]) & ~Q(email_domain=""),
                name="referral_one_open_per_domain",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} ({self.code})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class ReferralPayment(models.Model):
    """A payment the referred customer made to 7x (once per key: the store order or staff's)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="payments")
    key = models.CharField(max_length=200, unique=True)
    paid_at = models.DateTimeField()
    gross_cents = models.PositiveBigIntegerField()
    tax_cents = models.PositiveBigIntegerField(default=0)
    net_cents = models.PositiveBigIntegerField()
    in_fee_base = models.BooleanField(default=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["paid_at", "id"]


class ReferralRefund(models.Model):
    """A refund of (part of) a payment; once per key."""

    payment = models.ForeignKey(ReferralPayment, on_delete=models.PROTECT, related_name="refunds")
    key = models.CharField(max_length=200, unique=True)
    gross_cents = models.PositiveBigIntegerField()
    net_cents = models.PositiveBigIntegerField()
    refunded_at = models.DateTimeField()
    recorded_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["refunded_at", "id"]


class PayoutBatch(models.Model):
    """Approved commissions staff pay out together: a CSV for the bank, then marked paid."""

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Payout batch {self.pk}"


class CommissionEntry(models.Model):
    """One line of the commissions ledger: + accrual, − clawback, − payout. Never changed."""

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="commission_entries"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    kind = models.CharField(max_length=10, choices=[(k.value, k.value.title()) for k in EntryKind])
    amount_cents = models.BigIntegerField()
    percent = models.PositiveSmallIntegerField(default=0)
    base_cents = models.BigIntegerField(default=0, help_text="The fee base this entry moved.")
    booked_at = models.DateTimeField()
    key = models.CharField(max_length=200, unique=True)
    description = models.CharField(max_length=300)
    batch = models.ForeignKey(
        PayoutBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="payouts"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    current_status: str
    """Set by `selectors.entries_with_status` (the latest status record, else pending)."""

    class Meta:
        db_table = "commissions_entry"
        ordering = ["booked_at", "id"]
        indexes = [models.Index(fields=["partner", "booked_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount_cents}"


class EntryStatus(models.TextChoices):
    """An entry's standing; an entry without a status record is pending."""

    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"


class CommissionStatus(models.Model):
    """A status an entry reached (append-only): the latest record is the entry's status."""

    entry = models.ForeignKey(CommissionEntry, on_delete=models.PROTECT, related_name="statuses")
    status = models.CharField(max_length=10, choices=EntryStatus.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.CharField(max_length=150, blank=True)

    class Meta:
        db_table = "commissions_status"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "status"], name="commission_status_once"),
        ]


class BatchItem(models.Model):
    """An entry taken into a payout batch (an entry is in one batch at most)."""

    batch = models.ForeignKey(PayoutBatch, on_delete=models.PROTECT, related_name="batch_items")
    entry = models.OneToOneField(
        CommissionEntry, on_delete=models.PROTECT, related_name="batch_item"
    )

    class Meta:
        db_table = "commissions_batch_item"


class MonthlyStatement(models.Model):
    """The statement PDF issued for one partner and month (issued once)."""

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="commission_statements"
    )
    month = models.DateField(help_text="The first day of the month.")
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT)
    closing_cents = models.BigIntegerField()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "month"], name="one_statement_per_month")
        ]

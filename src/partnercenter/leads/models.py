"""Leads from customers and the routing steps that took each to a partner (or to 7x)."""

from __future__ import annotations

from django.db import models

from partnercenter.partners.models import Partner


class LeadSource(models.TextChoices):
    FORM = "form", "Find-a-partner form"
    API = "api", "API"
    STAFF = "staff", "Staff"
    PARTNER = "partner", "Partner"


class LeadStatus(models.TextChoices):
    NEW = "new", "New"
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WON = "won", "Won"
    LOST = "lost", "Lost"
    UNROUTED = "unrouted", "With 7x (unrouted)"
    SHARED = "shared", "Shared by 7x"


OPEN_STATUSES = (LeadStatus.OFFERED, LeadStatus.SHARED, LeadStatus.ACCEPTED)
"""A partner's open leads (what the open-lead cap counts)."""

WAITING_STATUSES = (LeadStatus.OFFERED, LeadStatus.SHARED)
"""Leads waiting for the partner's answer."""


BUDGET_BAND_NAMES = {
    "under_10k": "Under USD 10,000",
    "10k_50k": "USD 10,000 – 50,000",
    "50k_250k": "USD 50,000 – 250,000",
    "over_250k": "Over USD 250,000",
}
"""How the edition's budget band codes read to people (an unknown code reads as itself)."""


class Lead(models.Model):
    """A customer asking for a partner: what they need, where, and how it went."""

    need = models.TextField()
    profile = models.CharField(max_length=32, help_text="A profile code of the edition.")
    country = models.CharField(max_length=2, help_text="ISO 3166 alpha-2.")
    budget_band = models.CharField(max_length=32, blank=True)
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField()
    consent = models.BooleanField(
        default=False, help_text="The customer agreed that 7x passes the request to a partner."
    )
    source = models.CharField(max_length=16, choices=LeadSource.choices)
    status = models.CharField(
        max_length=16, choices=LeadStatus.choices, default=LeadStatus.NEW, db_index=True
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
        help_text="The partner the lead is offered to or accepted by (none: with 7x).",
    )
    deal_value_cents = models.BigIntegerField(null=True, blank=True)
    lost_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deal_value_cents__isnull=True)
                | models.Q(deal_value_cents__gte=0),
                name="lead_deal_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Lead {self.pk} ({self.profile}, {self.country})"

    @property
    def budget_band_name(self) -> str:
        return BUDGET_BAND_NAMES.get(self.budget_band, self.budget_band)


class StepKind(models.TextChoices):
    OFFER = "offer", "Offered"
    SKIP = "skip", "Skipped"
    UNROUTED = "unrouted", "To 7x staff"
    SHARE = "share", "Shared by 7x"
    PASS = "pass", "Passed to 7x"


class Outcome(models.TextChoices):
    NONE = "", "Waiting"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "No answer in time"
    PASSED = "passed", "Passed to 7x"
    WITHDRAWN = "withdrawn", "Withdrawn (membership no longer active)"


class LeadStep(models.Model):
    """One routing step of a lead, with the explanation shown to staff (and to its partner).

    Offer and share steps are the offers: when made, the answer-by time, and the outcome.
    """

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="steps")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=StepKind.choices)
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="lead_steps"
    )
    explanation = models.TextField()
    offered_at = models.DateTimeField(null=True, blank=True, db_index=True)
    answer_by = models.DateTimeField(null=True, blank=True, db_index=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    reason = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("lead", "seq")
        constraints = [
            models.UniqueConstraint(fields=["lead", "seq"], name="lead_step_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.lead_id}#{self.seq} {self.kind}"

    @property
    def is_offer(self) -> bool:
        return self.kind in (StepKind.OFFER, StepKind.SHARE)

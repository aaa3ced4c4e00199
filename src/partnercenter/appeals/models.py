"""Appeals: a partner contests one decision once; staff uphold (with a correcting entry) or dismiss.

What is contested is one of three rows, each in its own one-to-one column, so the
database itself refuses a second appeal of the same thing. An upheld appeal never edits
what it contests: it links to the correcting entry it posted (points ledger or
commissions ledger).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from partnercenter.partners.models import Partner, Person


class AppealKind(models.TextChoices):
    """What an appeal contests."""

    SUBMISSION = "submission", "Rejected activity"
    """A reported activity staff rejected."""
    DECISION = "decision", "Tier decision"
    """A review decision (the level it placed the partner in)."""
    COMMISSION = "commission", "Commission entry"
    """An accrual or clawback in the commissions ledger."""


class AppealStatus(models.TextChoices):
    """Where an appeal stands."""

    PENDING = "pending", "Waiting for an answer"
    """Filed; staff have not answered."""
    UPHELD = "upheld", "Upheld"
    """Staff agreed and posted the correcting entry the appeal links to."""
    DISMISSED = "dismissed", "Dismissed"
    """Staff disagreed and said why."""


class Appeal(models.Model):
    """A partner's one appeal of a decision, with its reason and staff's answer."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="appeals")
    kind = models.CharField(max_length=12, choices=AppealKind.choices)
    submission = models.OneToOneField(
        "submissions.Submission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeal",
    )
    decision = models.OneToOneField(
        "review.TierDecision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeal",
    )
    commission_entry = models.OneToOneField(
        "commissions.CommissionEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeal",
    )
    reason = models.TextField()
    filed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appeals_filed")
    filed_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    ledger_entry = models.OneToOneField(
        "ledger.Entry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeal",
        help_text="The correcting points entry an upheld appeal posted.",
    )
    commission_correction = models.OneToOneField(
        "commissions.CommissionEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correcting_appeal",
        help_text="The correcting commission entry an upheld appeal posted.",
    )

    class Meta:
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["status", "filed_at"], name="appeal_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="submission",
                        submission__isnull=False,
                        decision__isnull=True,
                        commission_entry__isnull=True,
                    )
                    | Q(
                        kind="decision",
                        submission__isnull=True,
                        decision__isnull=False,
                        commission_entry__isnull=True,
                    )
                    | Q(
                        kind="commission",
                        submission__isnull=True,
                        decision__isnull=True,
                        commission_entry__isnull=False,
                    )
                ),
                name="appeal_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"Appeal #{self.pk} of {self.partner} ({self.kind}, {self.status})"

    @property
    def target_id(self) -> int | None:
        """The id of the contested row, whatever its kind."""
        return self.submission_id or self.decision_id or self.commission_entry_id

"""Submissions: activities a partner reports ("off-site actions") that staff approve or reject."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from partnercenter.partners.models import Partner, Person


class Status(models.TextChoices):
    """Where a submission stands."""

    PENDING = "pending", "Pending"
    """Waiting for staff; the partner may still withdraw it."""
    APPROVED = "approved", "Approved"
    """Staff approved it; its points are posted to the ledger."""
    REJECTED = "rejected", "Rejected"
    """Staff refused it with a reason the partner can read."""
    WITHDRAWN = "withdrawn", "Withdrawn"
    """The partner took it back before review."""


class RejectReason(models.TextChoices):
    """Why staff refuse a submission; the list partners see."""

    INSUFFICIENT_EVIDENCE = "insufficient_evidence", "Insufficient evidence"
    """The evidence does not show the activity took place."""
    DUPLICATE = "duplicate", "Duplicate"
    """The same activity was already reported or posted."""
    OUTSIDE_WINDOW = "outside_window", "Outside the window"
    """The activity is too old to count."""
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    """The activity does not qualify under the program rules."""
    OTHER = "other", "Other"
    """Explained in the text."""


def evidence_path(instance: Submission, filename: str) -> str:
    """Evidence lives under the partner's id with a random name: nothing of the user's path is used.

    The suffix follows the type found in the content, not the name given.
    """
    suffix = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.evidence_content_type, "bin"
    )
    return f"evidence/{instance.partner_id}/{uuid.uuid4().hex}.{suffix}"


class Submission(models.Model):
    """A reported activity with its evidence; approval posts its points to the ledger once."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="submissions")
    submitted_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="submissions_made"
    )
    activity = models.CharField(max_length=64)
    edition_id = models.CharField(max_length=64)
    occurred_on = models.DateField()
    description = models.TextField()
    people = models.ManyToManyField(Person, blank=True, related_name="submissions_involved")
    evidence_url = models.URLField(max_length=500, blank=True)
    evidence_file = models.FileField(upload_to=evidence_path, blank=True, max_length=300)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_content_type = models.CharField(max_length=64, blank=True)
    claimed_points = models.IntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    points = models.IntegerField(null=True, blank=True, help_text="Points posted on approval.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions_reviewed",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.CharField(max_length=32, choices=RejectReason.choices, blank=True)
    reject_text = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="submission_queue_idx"),
            models.Index(fields=["partner", "status"], name="submission_partner_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.activity} ({self.status})"

    def entry_key(self, person_id: int | None = None) -> str:
        """The ledger idempotency key of this submission's entry (one per person if per person)."""
        return f"submission:{self.pk}:" + (f"person:{person_id}" if person_id else "partner")

"""Four-eyes approval requests; the model also carries the staff roles' custom permissions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from partnercenter.staffroles.roles import PERMISSIONS


class Decision(models.TextChoices):
    """Where a four-eyes request stands."""

    PENDING = "pending", "Waiting"
    """Asked for; nobody has decided yet."""
    APPROVED = "approved", "Approved"
    """A second staff member approved it, and the action was performed."""
    REFUSED = "refused", "Refused"
    """A second staff member refused it (with a reason); nothing was performed."""


class ApprovalRequest(models.Model):
    """An action that waits for a second staff member's approval before it is performed.

    `payload` holds the action's input exactly as the requester gave it; approving calls the
    area's own service with it, so the rules run at the moment the action happens.
    """

    kind = models.CharField(max_length=32)
    payload = models.JSONField(default=dict)
    summary = models.CharField(max_length=300, help_text="The action in words, for the queue.")
    key = models.CharField(max_length=200, unique=True, help_text="One request per form sent.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    reason = models.TextField(blank=True)
    result = models.CharField(max_length=300, blank=True, help_text="What approving did.")

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["decision", "requested_at"])]
        permissions = list(PERMISSIONS.items())

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.decision})"

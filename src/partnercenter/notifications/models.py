"""The outbox: every email Partner Center sends is a row first, sent by a background job."""

from __future__ import annotations

from django.db import models


class MessageStatus(models.TextChoices):
    """Where a message is on its way out."""

    PENDING = "pending", "Pending"
    """Waiting to be sent (or to be retried after a failure)."""
    SENT = "sent", "Sent"
    """Handed to the email backend."""
    FAILED = "failed", "Failed"
    """Gave up after the last attempt; `last_error` says why."""


class Message(models.Model):
    """One email to one address, rendered when queued so what was sent is what is shown.

    `key` makes queueing idempotent: a reminder queued twice for the same reason
    (same partner, same deadline, same day count) is stored once.
    """

    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    kind = models.CharField(max_length=64, help_text="The template it was rendered from.")
    to_email = models.EmailField()
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        max_length=16, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due_idx"),
            models.Index(fields=["partner", "-created_at"], name="message_partner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_email}"

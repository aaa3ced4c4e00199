"""One append-only row per staff action or refused authorization."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """Who did what to which record, when and from where.

    The database refuses UPDATE and DELETE (migration 0002), like the ledger.
    The actor is kept twice: a foreign key without a database constraint (so the
    row survives the user, and erasing a person never touches it) and a copied
    label, so the row keeps its meaning whatever happens to the account.
    """

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The user who acted (none: anonymous, or the command line).",
    )
    actor_label = models.CharField(
        max_length=254, blank=True, help_text="The user's email or name when they acted."
    )
    action = models.CharField(max_length=64, help_text="A stable dotted code, e.g. ledger.adjust.")
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)
    count = models.PositiveIntegerField(
        default=1, help_text="How many events this row stands for (rate-limited denials)."
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=500, blank=True)
    method = models.CharField(max_length=10, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["action", "created_at"], name="audit_action_created"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["actor", "created_at"], name="audit_actor_created"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_label or '-'} {self.action}"

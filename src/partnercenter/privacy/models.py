"""The record that a person's personal data was erased: who asked staff, who did it, why."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from partnercenter.partners.models import Person


class Erasure(models.Model):
    """One erasure of a person's personal data. Kept (append-only) as the proof it was done.

    It names the person by id only: the name and email it replaced are gone.
    """

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="erasure")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasures_done"
    )
    reason = models.TextField(help_text="The request it answers (e.g. an email of the person).")
    erased_at = models.DateTimeField()
    sessions_ended = models.PositiveIntegerField(default=0)
    messages_changed = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "privacy_erasure"
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"Erasure of person #{self.person_id} on {self.erased_at:%Y-%m-%d}"

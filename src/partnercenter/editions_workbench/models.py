"""A draft of a program edition: editable text until it is published, then a record."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from partnercenter.programs.models import ProgramEdition


class EditionDraft(models.Model):
    """The text of a candidate edition (TOML) and its contract template, as staff work on it.

    Staff upload a file or start from a copy of the edition in force, fix what `program
    check` names, read the diff and the what-if, and publish. Publishing stores a new
    `ProgramEdition` (immutable history) and links it here; a published draft is no
    longer editable and cannot be published twice.
    """

    program_id = models.CharField(max_length=64)
    source = models.TextField(help_text="The TOML text of the candidate edition.")
    contract_template = models.TextField(
        blank=True, help_text="The contract (a Django template) published with the edition."
    )
    filename = models.CharField(
        max_length=255, blank=True, help_text="The uploaded file's name, or empty for a copy."
    )
    based_on = models.CharField(
        max_length=64, blank=True, help_text="The edition this draft was copied from, if any."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edition = models.OneToOneField(
        ProgramEdition,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draft",
        help_text="The edition this draft was published as.",
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return f"Edition draft #{self.pk}"

    @property
    def published(self) -> bool:
        """A published draft is a record: no edits, no second publish."""
        return self.edition_id is not None

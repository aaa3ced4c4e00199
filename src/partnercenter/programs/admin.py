"""Loaded editions in the Django admin: read-only (publish a new edition with `program load`)."""

from __future__ import annotations

from django.contrib import admin

from partnercenter.ledger.admin import ReadOnlyAdmin
from partnercenter.programs.models import ProgramEdition


@admin.register(ProgramEdition)
class ProgramEditionAdmin(ReadOnlyAdmin):
    list_display = ("program_id", "edition_id", "effective_from", "filename", "loaded_at")

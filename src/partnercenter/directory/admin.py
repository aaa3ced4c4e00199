"""Public page revisions in the Django admin: read-only; staff decide in the back office."""

from __future__ import annotations

from django.contrib import admin

from partnercenter.directory.models import ListingRevision
from partnercenter.ledger.admin import ReadOnlyAdmin


@admin.register(ListingRevision)
class ListingRevisionAdmin(ReadOnlyAdmin):
    list_display = ("id", "partner", "status", "logo_change", "submitted_at", "decided_at")
    list_filter = ("status", "logo_change")
    search_fields = ("partner__name", "description", "reason")
    list_select_related = ("partner",)
    raw_id_fields = ("partner", "submitted_by", "decided_by")

"""Appeals in the Django admin: read-only; staff answer them in the back office."""

from __future__ import annotations

from django.contrib import admin

from partnercenter.appeals.models import Appeal
from partnercenter.ledger.admin import ReadOnlyAdmin


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("id", "partner", "kind", "status", "filed_at", "answered_at")
    list_filter = ("status", "kind")
    search_fields = ("partner__name", "reason", "answer")
    list_select_related = ("partner",)
    raw_id_fields = (
        "partner",
        "submission",
        "decision",
        "commission_entry",
        "filed_by",
        "answered_by",
        "ledger_entry",
        "commission_correction",
    )

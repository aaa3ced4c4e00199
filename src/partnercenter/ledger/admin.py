"""The ledger in the Django admin: readable and searchable, never writable (it is append-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partnercenter.ledger.models import Entry, MonthlyRollup


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """No add, change or delete: corrections are reversing entries or staff adjustments."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ("id", "partner", "activity", "points", "revenue_cents", "source", "occurred_at")
    list_filter = ("source", "activity", "edition_id")
    search_fields = ("partner__name", "partner__slug", "reason", "idempotency_key")
    date_hierarchy = "occurred_at"
    list_select_related = ("partner",)
    show_full_result_count = False
    raw_id_fields = ("partner", "person", "reverses")


@admin.register(MonthlyRollup)
class MonthlyRollupAdmin(ReadOnlyAdmin):
    list_display = ("partner", "month", "points", "revenue_cents")
    list_select_related = ("partner",)
    raw_id_fields = ("partner",)
    show_full_result_count = False

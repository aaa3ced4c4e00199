"""Linked accounts in the Django admin: read-only (links and unlinks go through the back office,
which asks for a reason and records it in the audit trail)."""

from __future__ import annotations

from django.contrib import admin

from partnercenter.ledger.admin import ReadOnlyAdmin
from partnercenter.linkedaccounts.models import LinkedAccount


@admin.register(LinkedAccount)
class LinkedAccountAdmin(ReadOnlyAdmin):
    list_display = ("login", "provider", "person", "verified_via", "linked_at")
    list_filter = ("provider", "verified_via")
    search_fields = ("login", "uid", "person__name", "person__email", "person__partner__name")
    list_select_related = ("person__partner",)

"""Contracts in the Django admin: readable, never writable (the database refuses changes anyway)."""

from __future__ import annotations

from django.contrib import admin

from partnercenter.contracts.models import Contract, Countersignature, Signature
from partnercenter.ledger.admin import ReadOnlyAdmin


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ("id", "partner", "kind", "edition_id", "issued_on", "sha256")
    list_filter = ("kind", "edition_id")
    search_fields = ("partner__name", "partner__slug", "sha256")
    list_select_related = ("partner",)
    raw_id_fields = ("partner", "document")


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ("id", "contract", "full_name", "title", "signed_at", "ip")
    search_fields = ("full_name", "contract__partner__name", "document_sha256")
    list_select_related = ("contract", "contract__partner")
    raw_id_fields = ("contract", "person", "signed_document")


@admin.register(Countersignature)
class CountersignatureAdmin(ReadOnlyAdmin):
    list_display = ("id", "signature", "full_name", "signed_at")
    list_select_related = ("signature", "signature__contract", "signature__contract__partner")
    raw_id_fields = ("signature", "staff_user")

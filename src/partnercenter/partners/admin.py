"""Partners, people, certifications and notices in the Django admin (raw data for staff).

What the tier review reads is history: certifications, their revocations, notices and
a partner's level, status and plan are read-only here. Staff certify, revoke and change
a membership in the back office, which records why.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partnercenter.audit.admin import AuditedAdmin
from partnercenter.ledger.admin import ReadOnlyAdmin
from partnercenter.partners.models import (
    Certification,
    CertificationRevocation,
    Notice,
    Partner,
    Person,
)


class PersonInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Person
    extra = 0
    fields = ("name", "email", "role", "user")
    raw_id_fields = ("user",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


PARTNER_EDITABLE = {"name", "slug", "country", "website"}
"""The only partner fields the admin may change: nothing the review or membership reads."""


@admin.register(Partner)
class PartnerAdmin(AuditedAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug", "profile", "status", "current_level", "plan", "country")
    list_filter = ("status", "profile", "current_level", "student")
    search_fields = ("name", "slug")
    readonly_fields = tuple(
        f.name for f in Partner._meta.concrete_fields if f.name not in PARTNER_EDITABLE | {"id"}
    )
    inlines = [PersonInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "email", "partner", "role")
    list_filter = ("role",)
    search_fields = ("name", "email", "partner__name", "linked_accounts__login")
    raw_id_fields = ("partner", "user")
    readonly_fields = ("partner",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Certification)
class CertificationAdmin(ReadOnlyAdmin):
    """Read-only: recording posts points and revoking is an event, both in the back office."""

    list_display = ("person", "partner", "type", "kind", "earned_on", "expires_on")
    list_filter = ("type", "kind")
    search_fields = ("person__name", "partner__name")
    raw_id_fields = ("person", "partner")


@admin.register(CertificationRevocation)
class CertificationRevocationAdmin(ReadOnlyAdmin):
    list_display = ("certification", "revoked_on", "reversed_points", "by", "at")
    raw_id_fields = ("certification", "by")


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("partner", "kind", "due_on", "created_at", "resolved_at")
    list_filter = ("kind",)
    search_fields = ("partner__name", "message")
    raw_id_fields = ("partner",)

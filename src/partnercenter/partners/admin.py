"""Partners, people, certifications and notices in the Django admin (raw data for staff)."""

from __future__ import annotations

from django.contrib import admin

from partnercenter.audit.admin import AuditedAdmin
from partnercenter.partners.models import Certification, Notice, Partner, Person


class PersonInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Person
    extra = 0
    fields = ("name", "email", "role", "user")
    raw_id_fields = ("user",)


@admin.register(Partner)
class PartnerAdmin(AuditedAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug", "profile", "status", "current_level", "plan", "country")
    list_filter = ("status", "profile", "current_level", "student")
    search_fields = ("name", "slug")
    readonly_fields = ("current_level", "current_level_as_of", "created_at")
    inlines = [PersonInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "email", "partner", "role")
    list_filter = ("role",)
    search_fields = ("name", "email", "partner__name", "github_login", "community_username")
    raw_id_fields = ("partner", "user")


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only here: recording a certification posts points, so staff use the back office."""

    list_display = ("person", "partner", "type", "kind", "earned_on", "expires_on")
    list_filter = ("type", "kind")
    search_fields = ("person__name", "partner__name")
    raw_id_fields = ("person", "partner")

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("partner", "kind", "due_on", "created_at", "resolved_at")
    list_filter = ("kind",)
    search_fields = ("partner__name", "message")
    raw_id_fields = ("partner",)

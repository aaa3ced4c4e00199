from django.contrib import admin

from partnercenter.applications.models import Application


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Raw view of applications; decisions are made in the back office (they send emails)."""

    list_display = ["created_at", "company", "contact_email", "status", "duplicate_reason"]
    list_filter = ["status", "profile", "student"]
    search_fields = ["company", "contact_email", "contact_name"]
    readonly_fields = [f.name for f in Application._meta.get_fields() if f.concrete]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

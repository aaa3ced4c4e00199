from django.contrib import admin

from partnercenter.notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The outbox, read-only: messages are records of what was sent."""

    list_display = ["created_at", "kind", "to_email", "subject", "status", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["to_email", "subject", "key"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

"""The audit trail in the Django admin: read-only; and a mixin that audits admin edits."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partnercenter.audit.models import AuditEvent
from partnercenter.audit.services import audit_record


class AuditedAdmin:
    """Mix into a ModelAdmin: every save and delete in the admin writes an audit row.

    The admin wraps its change views in one transaction, so the row rolls back with
    the edit. Saves record the changed fields with their values before and after.
    """

    audit_action = ""
    """The action code of a change (default `<model>.update`)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        changed = {
            name: {"before": form.initial.get(name), "after": form.cleaned_data.get(name)}
            for name in form.changed_data
        }
        model = obj._meta.model_name
        action = (self.audit_action or f"{model}.update") if change else f"{model}.create"
        audit_record(
            actor=request.user,
            action=action,
            target=obj,
            details={"via": "admin", "changed": changed},
            request=request,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.delete",
            target=obj,
            details={"via": "admin"},
            request=request,
        )
        super().delete_model(request, obj)  # type: ignore[misc]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the database refuses changes anyway; the back office's Audit page filters."""

    list_display = ("created_at", "actor_label", "action", "target_type", "target_id", "ip")
    list_filter = ("action",)
    search_fields = ("actor_label", "target_id", "target_label")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

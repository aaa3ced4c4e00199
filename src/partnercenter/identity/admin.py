"""The admin's user page ends a user's sessions when staff switch the account off."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from partnercenter.identity.services import user_sessions_end


class PartnerCenterUserAdmin(UserAdmin):  # type: ignore[type-arg]
    """Django's user admin; unticking "active" also signs the user out everywhere."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Save, then end the sessions of a user just deactivated."""
        was_active = change and User.objects.filter(pk=obj.pk, is_active=True).exists()
        super().save_model(request, obj, form, change)
        if was_active and not obj.is_active:
            user_sessions_end(user=obj)


admin.site.unregister(User)
admin.site.register(User, PartnerCenterUserAdmin)

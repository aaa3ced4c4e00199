"""The scheduler's runs in the Django admin, read-only (the scheduler writes them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partnercenter.membership.models import SchedulerRun


@admin.register(SchedulerRun)
class SchedulerRunAdmin(admin.ModelAdmin[SchedulerRun]):
    """Job, period, status; a failed run's error."""

    list_display = ["job", "period", "status", "attempts", "started_at", "finished_at"]
    list_filter = ["status", "job"]
    search_fields = ["job", "period"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Submissions in the Django admin: read-only; staff approve and reject in the back office."""

from __future__ import annotations

from django.contrib import admin

from partnercenter.ledger.admin import ReadOnlyAdmin
from partnercenter.submissions.models import Submission


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("id", "partner", "activity", "status", "occurred_on", "points", "created_at")
    list_filter = ("status", "activity")
    search_fields = ("partner__name", "description")
    list_select_related = ("partner",)

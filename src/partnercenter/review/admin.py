"""Tier decisions and review runs in the Django admin: history, so read-only."""

from __future__ import annotations

from django.contrib import admin

from partnercenter.ledger.admin import ReadOnlyAdmin
from partnercenter.review.models import ReviewRun, TierDecision


@admin.register(TierDecision)
class TierDecisionAdmin(ReadOnlyAdmin):
    list_display = ("partner", "as_of", "level", "previous_level", "direction", "edition_id")
    list_filter = ("as_of", "direction", "level", "edition_id")
    search_fields = ("partner__name", "partner__slug")
    list_select_related = ("partner",)
    show_full_result_count = False


@admin.register(ReviewRun)
class ReviewRunAdmin(ReadOnlyAdmin):
    list_display = ("id", "as_of", "dry_run", "status", "processed", "total", "up", "down")
    list_filter = ("status", "dry_run")

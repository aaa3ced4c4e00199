"""Reading submissions: a partner's list, the staff queue, and the entries an approval posted."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Partner
from partnercenter.submissions.models import Status, Submission


def partner_submissions(partner: Partner) -> QuerySet[Submission]:
    """A partner's submissions, newest first."""
    return Submission.objects.filter(partner=partner).select_related("submitted_by")


def submission_queue(
    *, activity: str = "", partner_slug: str = "", older_than_days: int | None = None
) -> QuerySet[Submission]:
    """Pending submissions, oldest first, optionally narrowed by activity, partner and age."""
    qs = Submission.objects.filter(status=Status.PENDING).select_related("partner", "submitted_by")
    if activity:
        qs = qs.filter(activity=activity)
    if partner_slug:
        qs = qs.filter(partner__slug=partner_slug)
    if older_than_days is not None:
        qs = qs.filter(created_at__lte=timezone.now() - timedelta(days=older_than_days))
    return qs.order_by("created_at", "id")


def submission_entries(submission: Submission) -> QuerySet[Entry]:
    """The ledger entries an approval posted (found by their idempotency keys)."""
    return Entry.objects.filter(
        partner_id=submission.partner_id, idempotency_key__startswith=f"submission:{submission.pk}:"
    )

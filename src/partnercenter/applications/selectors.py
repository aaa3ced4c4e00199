"""Reading applications: the staff queue (confirmed only) and one application."""

from __future__ import annotations

from django.db.models import QuerySet

from partnercenter.applications.models import Application, ApplicationStatus

STAFF_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.REJECTED,
)
"""What staff see: an application appears once its email is confirmed."""


def application_queue(*, status: str = ApplicationStatus.SUBMITTED) -> QuerySet[Application]:
    """Confirmed applications, oldest confirmation first; `status=""` means all of them."""
    qs = Application.objects.filter(status__in=STAFF_STATUSES).select_related(
        "partner", "duplicate_of_partner", "duplicate_of_application", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("confirmed_at", "id")


def application_for_staff(pk: int) -> Application | None:
    """A confirmed application by id (an unconfirmed one is nobody's business yet)."""
    return application_queue(status="").filter(pk=pk).first()


def open_count() -> int:
    """Confirmed applications waiting for a decision."""
    return Application.objects.filter(status=ApplicationStatus.SUBMITTED).count()

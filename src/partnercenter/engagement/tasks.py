"""Delivering an announcement in the background (django-tasks; `partnercenter db_worker`)."""

from __future__ import annotations

from django_tasks import task

from partnercenter.engagement.announcements import announcement_deliver


@task()
def announcement_deliver_job(announcement_id: int) -> dict[str, int]:
    """Deliver one announcement; a second run sends nobody twice (message keys)."""
    a = announcement_deliver(announcement_id=announcement_id)
    return {"partners": a.partners_count, "emails": a.emails_count}

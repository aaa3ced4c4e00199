"""Sending the outbox in the background (django-tasks; `partnercenter db_worker` runs it)."""

from __future__ import annotations

from django_tasks import task

from partnercenter.notifications.services import messages_send


@task()
def messages_send_job() -> int:
    """Send every due message; running it twice sends nothing twice (rows are locked)."""
    return messages_send()

"""Background processing of the inbox (django-tasks; `partnercenter db_worker` runs it)."""

from __future__ import annotations

from django_tasks import task

from partnercenter.hooks.services import delivery_process


@task()
def delivery_process_job(delivery_id: int) -> str:
    """Process one delivery; running it again (a retry, a duplicate job) changes nothing."""
    delivery = delivery_process(delivery_id=delivery_id)
    return delivery.status if delivery is not None else "missing"

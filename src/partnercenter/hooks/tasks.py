"""Background processing of the inbox (django-tasks; `partnercenter db_worker` runs it)."""

from __future__ import annotations

from django_tasks import task

from partnercenter.hooks.services import deliveries_drain, delivery_process

DRAIN_LIMIT = 20_000
"""Deliveries one drain job processes at most, so a flood cannot hold a worker for ever;
the scheduler's next poll queues another job for the rest."""


@task()
def delivery_process_job(delivery_id: int) -> str:
    """Process one delivery; running it again (a retry, a duplicate job) changes nothing."""
    delivery = delivery_process(delivery_id=delivery_id)
    return delivery.status if delivery is not None else "missing"


@task()
def deliveries_drain_job() -> int:
    """Process received deliveries in batches (queued by `inbox_wake`); safe to run twice
    at once: each claims rows the other has not locked."""
    return deliveries_drain(limit=DRAIN_LIMIT)

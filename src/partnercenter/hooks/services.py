"""The inbox: receive a verified delivery, process it once, replay it, unpark a person's.

Receiving only inserts the row (unique by source + delivery id) and, once that
commits, queues the processing job; the sender's 2xx follows the commit.
Processing locks the row, runs the source's handler and records the outcome
in one transaction, so a worker killed half-way leaves the delivery received
and the next run does the whole of it — never half, never twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from partnercenter.hooks.handlers import HANDLERS, DeliveryRefused, Outcome, parked_filter
from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.sources import Incoming
from partnercenter.hooks.store import StoreRefused
from partnercenter.ledger.errors import LedgerError
from partnercenter.partners.models import Person
from partnercenter.programs.selectors import NoEdition

log = logging.getLogger("partnercenter.hooks")


@dataclass(frozen=True)
class Received:
    """The stored delivery, and whether this call stored it (False: a duplicate)."""

    delivery: Delivery
    created: bool


def _enqueue(delivery_id: int) -> None:
    """Queue processing; if the queue is down the delivery stays received for `hooks_process`."""
    from partnercenter.hooks.tasks import delivery_process_job

    try:
        delivery_process_job.enqueue(delivery_id)
    except Exception:  # the delivery is safe in the inbox; the drain command picks it up
        log.exception(
            "could not queue delivery %s; `partnercenter hooks_process` will", delivery_id
        )


def _enqueue_all(ids: list[int]) -> None:
    for pk in ids:
        _enqueue(pk)


def delivery_receive(*, source: str, incoming: Incoming) -> Received:
    """Store a verified delivery once; a duplicate returns the stored one and queues nothing."""
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                source=source,
                delivery_id=incoming.delivery_id,
                event=incoming.event[:100],
                payload=incoming.payload,
                actor=incoming.actor[:254],
            )
            transaction.on_commit(lambda: _enqueue(delivery.pk))
    except IntegrityError:
        existing = Delivery.objects.filter(source=source, delivery_id=incoming.delivery_id).first()
        if existing is None:
            raise
        return Received(existing, created=False)
    return Received(delivery, created=True)


def delivery_process(*, delivery_id: int) -> Delivery | None:
    """Process a received delivery once; any other status is left alone (idempotent)."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status != DeliveryStatus.RECEIVED:
            return delivery
        delivery.attempts += 1
        try:
            with transaction.atomic():
                outcome = HANDLERS[delivery.source](delivery)
        except (LedgerError, DeliveryRefused, StoreRefused, NoEdition) as exc:
            outcome = Outcome(DeliveryStatus.FAILED, note=getattr(exc, "message", str(exc)))
        except Exception as exc:  # recorded for staff to see and replay, never lost
            log.exception("delivery %s failed", delivery.pk)
            outcome = Outcome(DeliveryStatus.FAILED, note=f"{type(exc).__name__}: {exc}")
        delivery.status = outcome.status
        delivery.error = outcome.note
        delivery.entries += outcome.entries
        if outcome.person is not None:
            delivery.person = outcome.person
        delivery.processed_at = timezone.now()
        delivery.save(
            update_fields=["status", "error", "entries", "person", "processed_at", "attempts"]
        )
    return delivery


def deliveries_drain(*, batch: int = 200, limit: int | None = None) -> int:
    """Process every received delivery, oldest first; return how many were processed.

    What `partnercenter hooks_process` runs; safe beside the background worker.
    """
    done = 0
    last = 0
    while limit is None or done < limit:
        ids = list(
            Delivery.objects.filter(status=DeliveryStatus.RECEIVED, pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            break
        for pk in ids:
            delivery_process(delivery_id=pk)
            done += 1
            last = pk
            if limit is not None and done >= limit:
                break
    return done


@transaction.atomic
def delivery_replay(*, delivery: Delivery) -> Delivery:
    """Staff: process a delivery again (after a fix, a link, a failure). Safe: keys are stable."""
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.RECEIVED, error="")
    pk = delivery.pk
    transaction.on_commit(lambda: _enqueue(pk))
    delivery.refresh_from_db()
    return delivery


@transaction.atomic
def deliveries_unpark(*, person: Person) -> int:
    """Queue the parked deliveries of a person just linked (username, login or e-mail set).

    Call it after creating a person or changing their community username,
    GitHub login or e-mail; returns how many deliveries were queued again.
    """
    ids = list(
        Delivery.objects.filter(parked_filter(person), status=DeliveryStatus.PARKED).values_list(
            "pk", flat=True
        )
    )
    if ids:
        Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.RECEIVED, error="")
        transaction.on_commit(lambda: _enqueue_all(ids))
    return len(ids)

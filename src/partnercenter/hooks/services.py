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
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from partnercenter.hooks.handlers import HANDLERS, DeliveryRefused, Outcome, parked_filter
from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.sources import Incoming
from partnercenter.hooks.store import StoreRefused
from partnercenter.identity.selectors import known_verified_emails
from partnercenter.ledger.errors import LedgerError
from partnercenter.linkedaccounts.selectors import known_logins
from partnercenter.partners.models import Person
from partnercenter.programs.selectors import NoEdition

log = logging.getLogger("partnercenter.hooks")


@dataclass(frozen=True)
class Received:
    """The stored delivery's id and status, and whether this call stored it (False: a duplicate)."""

    pk: int
    status: str
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


def _insert(source: str, incoming: Incoming) -> int | None:
    """Insert the delivery unless (source, delivery_id) is stored; return the new id or None.

    One statement (INSERT … ON CONFLICT DO NOTHING RETURNING): no lookup first, no
    race between two copies of a delivery, one round trip on the acknowledgement path.
    """
    meta = Delivery._meta
    now = timezone.now()
    values = {
        "source": source,
        "delivery_id": incoming.delivery_id,
        "event": incoming.event[:100],
        "payload": incoming.payload,
        "actor": incoming.actor[:254],
        "status": DeliveryStatus.RECEIVED,
        "error": "",
        "attempts": 0,
        "entries": 0,
        "received_at": now,
    }
    fields = [cast(Field[Any, Any], meta.get_field(name)) for name in values]
    columns = [field.get_attname_column()[1] for field in fields]
    params = [
        f.get_db_prep_save(v, connection) for f, v in zip(fields, values.values(), strict=True)
    ]
    sql = (
        f"INSERT INTO {meta.db_table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        "ON CONFLICT (source, delivery_id) DO NOTHING RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return int(row[0]) if row else None


def delivery_receive(*, source: str, incoming: Incoming) -> Received:
    """Store a verified delivery once; a duplicate returns the stored one and queues nothing.

    The insert is a single statement, atomic by itself (no explicit transaction: one
    round trip less per delivery); the job is queued once it has committed.
    """
    new = _insert(source, incoming)
    if new is not None:
        transaction.on_commit(lambda: _enqueue(new))
        return Received(new, DeliveryStatus.RECEIVED, created=True)
    pk, status = Delivery.objects.filter(
        source=source, delivery_id=incoming.delivery_id
    ).values_list("pk", "status")[0]
    return Received(pk, status, created=False)


def delivery_process(*, delivery_id: int, skip_locked: bool = False) -> Delivery | None:
    """Process a received delivery once; any other status is left alone (idempotent).

    With `skip_locked`, a delivery another worker is processing right now is
    skipped (None) instead of waited for, so several drains share the inbox.
    """
    with transaction.atomic():
        locked = Delivery.objects.select_for_update(skip_locked=skip_locked)
        delivery = locked.filter(pk=delivery_id).first()
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
            delivery_process(delivery_id=pk, skip_locked=True)
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
    """Queue the parked deliveries of a person just linked (an account linked or e-mail set).

    Called after creating a person, linking an account (`linkedaccounts.services`)
    or changing their e-mail; returns how many deliveries were queued again.
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


def deliveries_recheck_parked() -> int:
    """Queue parked deliveries whose sender is now a linked person; return how many.

    `hooks_process` runs this each round, so a delivery parked for an unknown
    login is processed once someone links that login to a person, even if
    the code that linked them did not call `deliveries_unpark`.
    """
    parked = Delivery.objects.filter(status=DeliveryStatus.PARKED)
    ids: list[int] = []
    for source in ("community", "github", "store", "certification"):
        actors = set(parked.filter(source=source).values_list("actor", flat=True).distinct())
        if not actors:
            continue
        # Stored actors are lower-case; logins and emails are matched case-insensitively.
        if source in ("store", "certification"):  # a person's verified address only
            known = known_verified_emails(actors)
        else:
            known = known_logins(source, actors)
        if known:
            ids += list(parked.filter(source=source, actor__in=known).values_list("pk", flat=True))
    if ids:
        with transaction.atomic():
            Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.PARKED).update(
                status=DeliveryStatus.RECEIVED, error=""
            )
            transaction.on_commit(lambda: _enqueue_all(ids))
    return len(ids)

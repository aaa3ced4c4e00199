"""The inbox: receive a verified delivery, process it once, replay it, unpark a person's.

Receiving is ONE durable write: the inbox row (unique by source + delivery id)
is itself the queue, so the sender's 2xx follows a single insert. The processor
(`deliveries_drain`: `hooks_process`, or the `deliveries_drain_job` the scheduler
queues when it sees received rows) claims received rows in batches with
`SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite runs one writer at a time),
runs each source's handler and records the outcome in the batch's transaction, so
a worker killed half-way leaves its batch received and the next run does the whole
of it — never half, never twice (the ledger's idempotency keys refuse doubles too).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, cast

from django.db import OperationalError, connection, transaction
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
    """Store a verified delivery once; a duplicate returns the stored one.

    The insert is a single statement, atomic by itself (no explicit transaction: one
    round trip less per delivery) and the only write: the received row is the queue
    the processor claims from, so nothing else is queued here.
    """
    new = _insert(source, incoming)
    if new is not None:
        return Received(new, DeliveryStatus.RECEIVED, created=True)
    pk, status = Delivery.objects.filter(
        source=source, delivery_id=incoming.delivery_id
    ).values_list("pk", "status")[0]
    return Received(pk, status, created=False)


def _apply(delivery: Delivery) -> None:
    """Run the source's handler on a locked, received delivery and record the outcome.

    A database error that a retry may cure (a deadlock between two processors, a
    lost connection) is raised, so the caller leaves the delivery received.
    """
    delivery.attempts += 1
    try:
        with transaction.atomic():
            outcome = HANDLERS[delivery.source](delivery)
    except (LedgerError, DeliveryRefused, StoreRefused, NoEdition) as exc:
        outcome = Outcome(DeliveryStatus.FAILED, note=getattr(exc, "message", str(exc)))
    except OperationalError:
        raise
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
        _apply(delivery)
    return delivery


BATCH_LOCK = 0x686F6F6B
"""PostgreSQL advisory lock key ("hook") that processors take turns on, one batch each."""


def deliveries_process_batch(*, size: int = 200) -> tuple[int, int]:
    """Claim up to `size` received deliveries, oldest first, and process them in one
    transaction; return (claimed, processed) — (0, 0): nothing left for this worker.

    Claiming uses SKIP LOCKED, so a row another processor (or a replay) holds is never
    taken twice. Processors take turns batch by batch (a transaction-scoped advisory
    lock on PostgreSQL; SQLite has one writer anyway): every posting locks its partner
    and a batch holds those locks to its commit, so two batches side by side would wait
    on each other's partners or deadlock; in turns, each batch runs through at full
    speed and commits once. Deliveries run in arrival order (a refund after its order);
    a retryable database error (a deadlock with another writer) ends the batch there:
    what was done commits, the rest stays received for the next batch, in order.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [BATCH_LOCK])
        claimed = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.RECEIVED)
            .order_by("pk")[:size]
        )
        processed = 0
        for delivery in claimed:
            try:
                _apply(delivery)
            except OperationalError as exc:
                log.warning(
                    "delivery %s: database conflict, left for the next batch (%s)", delivery.pk, exc
                )
                break
            processed += 1
    return len(claimed), processed


def deliveries_drain(*, batch: int = 200, limit: int | None = None) -> int:
    """Process received deliveries in batches until none is left (or `limit`); return
    how many were processed. What `hooks_process` and `deliveries_drain_job` run."""
    done = stalled = 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        claimed, processed = deliveries_process_batch(size=size)
        stalled = 0 if processed else stalled + 1
        if not claimed or stalled > 100:  # the same conflict again and again: the next run retries
            break
        done += processed
    return done


def inbox_waiting() -> bool:
    """Whether any delivery waits to be processed (one indexed EXISTS; cheap to poll)."""
    return Delivery.objects.filter(status=DeliveryStatus.RECEIVED).exists()


def inbox_wake() -> bool:
    """Queue a drain job when deliveries wait and no drain job is queued already.

    The scheduler calls this every second: the acknowledgement queues nothing, so
    this poll is what gets received deliveries processed by the `db_worker`s.
    Returns whether a job was queued.
    """
    if not inbox_waiting():
        return False
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from partnercenter.hooks.tasks import deliveries_drain_job

    waiting = DBTaskResult.objects.filter(
        task_path=deliveries_drain_job.module_path, status=TaskResultStatus.READY
    ).exists()
    if waiting:
        return False
    _enqueue_drain()
    return True


def _enqueue_drain() -> None:
    """Queue one drain job; if the queue is down the deliveries wait for the next poll."""
    from partnercenter.hooks.tasks import deliveries_drain_job

    try:
        deliveries_drain_job.enqueue()
    except Exception:  # the deliveries are safe in the inbox; the next wake or hooks_process
        log.exception("could not queue the inbox drain")


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

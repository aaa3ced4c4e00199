"""Approving commissions and paying them out in batches (a CSV for the bank, then paid).

Statuses are append-only records: approving adds an "approved" record to each pending
entry; marking a batch paid adds "paid" records and one payout entry per partner
(negative, so the partner's balance drops by what was paid).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.commissions.errors import NotApproved, NothingToDo
from partnercenter.commissions.models import (
    BatchItem,
    CommissionEntry,
    CommissionStatus,
    EntryStatus,
    PayoutBatch,
)
from partnercenter.commissions.selectors import entries_with_status
from partnercenter.domain.commissions import EntryKind
from partnercenter.partners.models import Partner


def _who(user: Any) -> str:
    return str(getattr(user, "get_username", lambda: "staff")())


@transaction.atomic
def commissions_approve(*, entry_ids: Iterable[int], staff_user: Any) -> int:
    """Approve pending accruals and clawbacks; returns how many were approved."""
    ids = sorted(set(entry_ids))
    entries = list(entries_with_status().filter(pk__in=ids).exclude(kind=EntryKind.PAYOUT))
    pending = [e for e in entries if e.current_status == EntryStatus.PENDING]
    if not ids or len(pending) != len(ids):
        raise NothingToDo("Choose pending commissions to approve.", field="entries")
    by = _who(staff_user)
    CommissionStatus.objects.bulk_create(
        [CommissionStatus(entry=e, status=EntryStatus.APPROVED, by=by) for e in pending]
    )
    audit_record(
        actor=staff_user,
        action="commission.approve",
        details={"entries": [e.pk for e in pending]},
        count=len(pending),
    )
    return len(pending)


@transaction.atomic
def payout_batch_create(*, staff_user: Any, entry_ids: Iterable[int] | None = None) -> PayoutBatch:
    """A batch of approved, not yet batched commissions (all of them, or the chosen ones).

    A partner whose approved total is not above zero (clawbacks exceed accruals) is left
    out; its entries wait for the next batch. An unapproved entry is refused by name.
    """
    chosen = entries_with_status().exclude(kind=EntryKind.PAYOUT).filter(batch_item__isnull=True)
    if entry_ids is not None:
        ids = sorted(set(entry_ids))
        rows = list(chosen.filter(pk__in=ids))
        wrong = [e.pk for e in rows if e.current_status != EntryStatus.APPROVED]
        wrong += [i for i in ids if i not in {e.pk for e in rows}]
        if wrong:
            raise NotApproved(
                "Only approved commissions not yet in a batch are paid out; not: "
                + ", ".join(f"#{i}" for i in sorted(wrong))
                + "."
            )
    else:
        rows = [e for e in chosen if e.current_status == EntryStatus.APPROVED]
    per_partner: dict[int, list[CommissionEntry]] = defaultdict(list)
    for entry in rows:
        per_partner[entry.partner_id].append(entry)
    items = [
        e
        for entries in per_partner.values()
        if sum(x.amount_cents for x in entries) > 0
        for e in entries
    ]
    if not items:
        raise NothingToDo("No approved commissions are waiting to be paid out.", field="entries")
    batch = PayoutBatch.objects.create(created_by=_who(staff_user))
    BatchItem.objects.bulk_create([BatchItem(batch=batch, entry=e) for e in items])
    audit_record(
        actor=staff_user,
        action="payout.create",
        details={"batch": batch.pk, "entries": len(items)},
    )
    return batch


def batch_totals(batch: PayoutBatch) -> list[tuple[Partner, int, int]]:
    """(partner, total cents, entries) per partner of a batch, by partner name."""
    totals: dict[int, list[Any]] = {}
    for item in batch.batch_items.select_related("entry__partner"):
        row = totals.setdefault(item.entry.partner_id, [item.entry.partner, 0, 0])
        row[1] += item.entry.amount_cents
        row[2] += 1
    return sorted(((p, c, n) for p, c, n in totals.values()), key=lambda r: r[0].name)


def batch_csv(batch: PayoutBatch) -> str:
    """The bank's file: one transfer per partner (amount in cents and in dollars)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["batch", "partner", "partner_name", "amount_cents", "amount_usd", "entries"])
    for partner, cents, count in batch_totals(batch):
        writer.writerow([batch.pk, partner.slug, partner.name, cents, f"{cents / 100:.2f}", count])
    return out.getvalue()


@transaction.atomic
def payout_batch_mark_paid(*, batch: PayoutBatch, staff_user: Any) -> PayoutBatch:
    """The bank paid the batch: its entries are paid and each partner gets a payout entry."""
    locked = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.paid_at is not None:
        raise NothingToDo(f"Payout batch {locked.pk} is already paid.", field="batch")
    now = timezone.now()
    by = _who(staff_user)
    for partner, cents, count in batch_totals(locked):
        payout = CommissionEntry.objects.create(
            partner=partner,
            kind=EntryKind.PAYOUT,
            amount_cents=-cents,
            booked_at=now,
            key=f"payout:{locked.pk}:{partner.pk}",
            description=(
                f"Paid out in batch {locked.pk} "
                f"({count} commission entr{'y' if count == 1 else 'ies'})"
            ),
            batch=locked,
        )
        CommissionStatus.objects.create(entry=payout, status=EntryStatus.PAID, by=by)
    CommissionStatus.objects.bulk_create(
        [
            CommissionStatus(entry_id=item.entry_id, status=EntryStatus.PAID, by=by)
            for item in locked.batch_items.all()
        ]
    )
    locked.paid_at = now
    locked.paid_by = by
    locked.save(update_fields=["paid_at", "paid_by"])
    audit_record(actor=staff_user, action="payout.paid", details={"batch": locked.pk})
    return locked

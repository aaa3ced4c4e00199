"""The doors' entry points for actions that may need a second pair of eyes.

An adjustment within `PARTNERCENTER_ADJUSTMENT_LIMIT_POINTS` is posted at once; a larger
one, every payout batch and every manual commission become an `ApprovalRequest` that a
second staff member with the same permission approves (see `services`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from partnercenter.commissions.errors import NothingToDo
from partnercenter.commissions.models import EntryStatus
from partnercenter.commissions.selectors import entries_with_status
from partnercenter.commissions.services import referral_by_code
from partnercenter.domain.commissions import EntryKind
from partnercenter.ledger.adjustments import MAX_ADJUSTMENT, adjustment_post
from partnercenter.ledger.errors import InvalidEntry, InvalidPoints
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Partner
from partnercenter.staffroles.models import ApprovalRequest
from partnercenter.staffroles.services import Requested, approval_request_create


def adjustment_limit() -> int:
    """Points an approver may adjust alone, either way (`PARTNERCENTER_ADJUSTMENT_LIMIT_POINTS`)."""
    return int(getattr(settings, "PARTNERCENTER_ADJUSTMENT_LIMIT_POINTS", 500))


@dataclass(frozen=True)
class Adjusted:
    """Either the posted entry (within the limit) or the request waiting for a second approver."""

    entry: Entry | None
    request: ApprovalRequest | None


@transaction.atomic
def adjustment_submit(
    *,
    partner: Partner,
    points: int,
    reason: str,
    staff_user: Any,
    key: str,
    occurred_at: datetime | None = None,
) -> Adjusted:
    """Post an adjustment, or ask for a second approver when it is above the limit."""
    if abs(points) <= adjustment_limit():
        entry = adjustment_post(
            partner=partner,
            points=points,
            reason=reason,
            staff_user=staff_user,
            key=key,
            occurred_at=occurred_at,
        )
        return Adjusted(entry=entry, request=None)
    reason = reason.strip()
    if not reason:
        raise InvalidEntry("Give the reason for the adjustment.")
    if abs(points) > MAX_ADJUSTMENT:
        raise InvalidPoints(f"An adjustment is at most {MAX_ADJUSTMENT:,} points either way.")
    requested = approval_request_create(
        kind="adjustment",
        payload={
            "partner": partner.pk,
            "slug": partner.slug,
            "points": points,
            "reason": reason,
            "occurred_at": occurred_at.isoformat() if occurred_at else None,
        },
        summary=f"{points:+,} points for {partner.name}: {reason}",
        key=f"adjustment:{partner.pk}:{key}",
        requested_by=staff_user,
    )
    return Adjusted(entry=None, request=requested.request)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@transaction.atomic
def payout_batch_submit(*, staff_user: Any, key: str) -> Requested:
    """Ask a second finance user to approve paying out every approved, unbatched commission.

    The request names the commissions as they are now; approving builds the batch of
    exactly those (commissions approved later wait for the next batch).
    """
    rows = entries_with_status().exclude(kind=EntryKind.PAYOUT).filter(batch_item__isnull=True)
    approved = [e for e in rows if e.current_status == EntryStatus.APPROVED]
    total = sum(e.amount_cents for e in approved)
    if not approved or total <= 0:
        raise NothingToDo("No approved commissions are waiting to be paid out.", field="entries")
    partners = len({e.partner_id for e in approved})
    return approval_request_create(
        kind="payout_batch",
        payload={"entries": sorted(e.pk for e in approved), "total_cents": total},
        summary=(
            f"Pay out {_count(len(approved), 'commission')} to {_count(partners, 'partner')}: "
            f"{total / 100:,.2f} USD"
        ),
        key=f"payout:{key}",
        requested_by=staff_user,
    )


@transaction.atomic
def commission_payment_submit(
    *,
    referral_code: str,
    reference: str,
    gross_cents: int,
    tax_cents: int,
    paid_on: date,
    staff_user: Any,
) -> Requested:
    """Ask a second finance user to approve a payment recorded by hand (it accrues a commission).

    The referral must exist now (refused by name otherwise); the commission is computed
    when the request is approved, by the commissions service.
    """
    referral = referral_by_code(referral_code)
    reference = reference.strip()
    return approval_request_create(
        kind="commission_payment",
        payload={
            "referral_code": referral.code,
            "reference": reference,
            "gross_cents": gross_cents,
            "tax_cents": tax_cents,
            "paid_on": paid_on.isoformat(),
        },
        summary=(
            f"Manual commission: {referral.partner.name}'s referral {referral.code} paid "
            f"{gross_cents / 100:,.2f} USD on {paid_on:%d %B %Y} (reference {reference})"
        ),
        key=f"commission_payment:{reference}",
        requested_by=staff_user,
    )

"""What each kind of four-eyes request does once a second staff member approves it.

A registry, not an if-chain: each kind names the permission its approver needs and the
area service that performs it. The services run with the approver as the acting user,
at the moment of approval, so every rule of the area applies then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from partnercenter.staffroles.models import ApprovalRequest
from partnercenter.staffroles.roles import APPROVE_SUBMISSIONS, MANAGE_FINANCE


@dataclass(frozen=True)
class Kind:
    """One kind of request: its name in words, the approver's permission, the performer."""

    code: str
    label: str
    permission: str
    perform: Callable[[ApprovalRequest, Any], str]
    refused: Callable[[ApprovalRequest, Any, str], None] | None = None
    """Told when the request is refused (with the deciding user and the reason), if set."""


def _adjustment(request: ApprovalRequest, approver: Any) -> str:
    from partnercenter.ledger.adjustments import adjustment_post
    from partnercenter.partners.models import Partner

    data = request.payload
    partner = Partner.objects.get(pk=data["partner"])
    occurred = data.get("occurred_at")
    entry = adjustment_post(
        partner=partner,
        points=int(data["points"]),
        reason=f"{data['reason']} (asked by staff #{request.requested_by_id})",
        staff_user=approver,
        key=f"foureyes:{request.pk}",
        occurred_at=datetime.fromisoformat(occurred) if occurred else None,
    )
    return f"Posted {entry.points:+,} points to {partner.name} (entry #{entry.pk})."


def _payout_batch(request: ApprovalRequest, approver: Any) -> str:
    from partnercenter.commissions.payouts import payout_batch_create

    batch = payout_batch_create(staff_user=approver, entry_ids=request.payload["entries"])
    return f"Payout batch {batch.pk} built; download its CSV for the bank."


def _commission_payment(request: ApprovalRequest, approver: Any) -> str:
    from partnercenter.commissions.services import referral_by_code, referral_payment_record

    data = request.payload
    result = referral_payment_record(
        referral=referral_by_code(data["referral_code"]),
        key=f"staff:{data['reference']}",
        gross_cents=int(data["gross_cents"]),
        tax_cents=int(data.get("tax_cents") or 0),
        paid_at=datetime.combine(date.fromisoformat(data["paid_on"]), time(12), tzinfo=UTC),
        staff_user=approver,
    )
    fee = result.entry.amount_cents if result.entry else 0
    note = "recorded" if result.created else "was already recorded"
    return f"Payment {note}; commission {fee / 100:,.2f} USD."


def _appeal_commission(request: ApprovalRequest, approver: Any) -> str:
    from partnercenter.appeals.services import appeal_commission_correct

    data = request.payload
    appeal = appeal_commission_correct(
        appeal_id=int(data["appeal"]),
        amount_cents=int(data["amount_cents"]),
        answer=str(data["answer"]),
        requested_by=request.requested_by,
        approver=approver,
    )
    entry = appeal.commission_correction
    assert entry is not None
    return (
        f"Appeal #{appeal.pk} upheld; commission entry #{entry.pk} "
        f"({entry.amount_cents / 100:+,.2f} USD) posted and the partner told."
    )


def _appeal_commission_refused(request: ApprovalRequest, user: Any, reason: str) -> None:
    from partnercenter.appeals.services import appeal_commission_declined

    appeal_commission_declined(appeal_id=int(request.payload["appeal"]), user=user, reason=reason)


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind("adjustment", "Points adjustment above the limit", APPROVE_SUBMISSIONS, _adjustment),
        Kind("payout_batch", "Payout batch", MANAGE_FINANCE, _payout_batch),
        Kind("commission_payment", "Manual commission", MANAGE_FINANCE, _commission_payment),
        Kind(
            "appeal_commission",
            "Upheld commission appeal",
            MANAGE_FINANCE,
            _appeal_commission,
            _appeal_commission_refused,
        ),
    )
}
"""Every kind of four-eyes request by its code."""

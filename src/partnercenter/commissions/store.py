"""Store deliveries for referred customers: `data.referral_code` on a paid order accrues the fee.

The hooks app calls `referral_store_handle` for a store delivery that carries a
referral code (or refunds an order recorded as a referral payment). Keys derive
from the order id, so a repeated delivery changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from partnercenter.commissions.models import ReferralPayment
from partnercenter.commissions.services import (
    referral_by_code,
    referral_payment_record,
    referral_refund_record,
)


class ReferralDeliveryRefused(Exception):
    """The delivery cannot be processed as sent (the message says which field)."""


@dataclass(frozen=True)
class ReferralOutcome:
    """What the delivery did: entries created (commission and points) and a note."""

    processed: bool
    entries: int
    note: str


def payment_key(order_id: str) -> str:
    return f"store:{order_id}"


def is_referral_delivery(event: str, data: dict[str, Any]) -> bool:
    """A paid order carrying a referral code, or a refund of an order paid as a referral."""
    if event.endswith(".refunded"):
        return ReferralPayment.objects.filter(key=payment_key(str(data.get("order_id")))).exists()
    return bool(data.get("referral_code"))


def _cents(data: dict[str, Any], key: str, default: int | None = None) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ReferralDeliveryRefused(f"data.{key} must be a whole number of cents ≥ 0.")
    return value


def _moment(value: Any, fallback: datetime) -> datetime:
    if not value:
        return fallback
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise ReferralDeliveryRefused(f"A date-time in the delivery is not ISO 8601: {value!r}.")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def referral_store_handle(
    event: str, data: dict[str, Any], received_at: datetime
) -> ReferralOutcome:
    """Record the referred customer's payment (or refund) from a store delivery."""
    order_id = str(data.get("order_id") or "")
    if not order_id:
        raise ReferralDeliveryRefused("data.order_id is required.")
    if event.endswith(".refunded"):
        payment = ReferralPayment.objects.get(key=payment_key(order_id))
        cumulative = _cents(data, "amount_refunded_cents")
        already = sum(r.gross_cents for r in payment.refunds.all())
        if cumulative <= already:
            return ReferralOutcome(True, 0, "Refund already recorded.")
        refund = referral_refund_record(
            payment_key=payment.key,
            key=f"{payment.key}:refund:{cumulative}",
            gross_cents=cumulative - already,
            refunded_at=_moment(data.get("refunded_at"), received_at),
        )
        return ReferralOutcome(True, int(refund.entry is not None), "Referral refund recorded.")
    if data.get("currency", "USD") != "USD":
        raise ReferralDeliveryRefused(
            f"Only USD counts; this order is in {data.get('currency')!r}."
        )
    referral = referral_by_code(str(data["referral_code"]))
    result = referral_payment_record(
        referral=referral,
        key=payment_key(order_id),
        gross_cents=_cents(data, "amount_cents"),
        tax_cents=_cents(data, "tax_cents", 0),
        paid_at=_moment(data.get("paid_at"), received_at),
    )
    if not result.created:
        return ReferralOutcome(True, 0, "Payment already recorded.")
    return ReferralOutcome(
        True, int(result.entry is not None), f"Referral {referral.code}: payment recorded."
    )

"""Store deliveries: payments post revenue, refunds reverse it, in whatever order they arrive.

One `StoreOrder` row per order remembers the amount paid and the most refunded
so far (the store sends the cumulative `amount_refunded_cents`); the ledger is
then brought to paid − refunded: the live entry is reversed and, for a partial
refund, the remainder posted again. A refund that arrives before its order is
remembered and applied the moment the order arrives (a posting and its reversal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from partnercenter.hooks.models import Delivery, DeliveryStatus, StoreOrder
from partnercenter.identity.selectors import person_by_verified_email
from partnercenter.ledger.models import Entry, Source
from partnercenter.ledger.services import entry_post, entry_reverse
from partnercenter.partners.models import Partner
from partnercenter.programs.selectors import edition_at


class StoreRefused(Exception):
    """A store delivery that cannot be processed as sent; it is marked failed."""


@dataclass(frozen=True)
class StoreResult:
    status: str
    entries: int = 0
    note: str = ""


def _cents(data: dict[str, object], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise StoreRefused(f"data.{key} must be a whole number of cents ≥ 0.")
    return value


def _moment(value: object, fallback: datetime) -> datetime:
    if not value:
        return fallback
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise StoreRefused(f"A date-time in the delivery is not ISO 8601: {value!r}.")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def _buyer(data: dict[str, object], actor: str) -> Partner | None:
    """The partner the order counts for: `data.partner` (a slug), else the buyer's person,
    matched by a verified email address of their account (allauth's EmailAddress)."""
    slug = data.get("partner")
    if isinstance(slug, str) and slug:
        partner = Partner.objects.filter(slug=slug).first()
        if partner is None:
            raise StoreRefused(f"data.partner names no partner: {slug!r}.")
        return partner
    if not actor:
        raise StoreRefused("data.partner or data.buyer_email is required.")
    # Only an address the person's account has proved counts (typed-in emails do not).
    person = person_by_verified_email(actor)
    return person.partner if person is not None else None


def _locked(order_id: str) -> StoreOrder:
    """The order's row, locked for this transaction: one order's deliveries run one at a time."""
    StoreOrder.objects.get_or_create(order_id=order_id)
    return StoreOrder.objects.select_for_update().get(order_id=order_id)


def _key(order_id: str) -> str:
    return f"store:{order_id}:"


def _reconcile(order: StoreOrder) -> int:
    """Bring the order's live ledger entry to paid − refunded; return entries created."""
    if order.amount_cents is None or order.partner_id is None or order.paid_at is None:
        return 0
    target = max(0, order.amount_cents - order.refunded_cents)
    live = (
        Entry.objects.filter(
            idempotency_key__startswith=_key(order.order_id),
            reverses__isnull=True,
            reversed_by__isnull=True,
        )
        .order_by("-id")
        .first()
    )
    if live is None or live.revenue_cents == target:
        return 0
    created = int(
        entry_reverse(
            entry=live, reason=f"Store order {order.order_id} refunded", idempotency_key=None
        ).created
    )
    if target > 0:
        created += int(
            entry_post(
                partner=live.partner,
                activity=live.activity,
                occurred_at=order.paid_at,
                source=Source.MONITORED,
                reason=f"Store order {order.order_id}, net of refunds",
                idempotency_key=f"{_key(order.order_id)}net:{target}",
                revenue_cents=target,
            ).created
        )
    return created


def store_handle(delivery: Delivery) -> StoreResult:
    """Process one store delivery inside the caller's transaction."""
    data = delivery.payload["data"]
    order_id = str(data["order_id"])
    if delivery.event.endswith(".refunded"):
        refunded = _cents(data, "amount_refunded_cents")
        order = _locked(order_id)
        if refunded > order.refunded_cents:
            order.refunded_cents = refunded
            order.save(update_fields=["refunded_cents", "updated_at"])
        if order.amount_cents is None:
            return StoreResult(
                DeliveryStatus.PROCESSED, note="Refund remembered; applied when the order arrives."
            )
        return StoreResult(DeliveryStatus.PROCESSED, entries=_reconcile(order))
    paid_at = _moment(data.get("paid_at"), delivery.received_at)
    activity = edition_at(paid_at.astimezone(UTC).date()).hooks.get("store", {}).get(delivery.event)
    if not activity:
        return StoreResult(DeliveryStatus.IGNORED, note=f"Event {delivery.event!r} earns nothing.")
    amount = _cents(data, "amount_cents")
    currency = data.get("currency", "USD")
    if currency != "USD":
        raise StoreRefused(f"Only USD revenue counts; this order is in {currency!r}.")
    partner = _buyer(data, delivery.actor)
    if partner is None:
        return StoreResult(
            DeliveryStatus.PARKED, note=f"No partner person has e-mail {delivery.actor!r}."
        )
    order = _locked(order_id)
    order.partner = partner
    order.activity = activity
    order.amount_cents = amount
    order.paid_at = paid_at
    order.save()
    created = entry_post(
        partner=partner,
        activity=activity,
        occurred_at=paid_at,
        source=Source.MONITORED,
        reason=f"Store {delivery.event} {order_id}",
        idempotency_key=f"{_key(order_id)}paid",
        revenue_cents=amount,
    ).created
    return StoreResult(DeliveryStatus.PROCESSED, entries=int(created) + _reconcile(order))

"""Deliveries that settle Partner Center's own invoices: the store's `invoice.paid` and Stripe.

A partner's plan payments are not revenue: they go to `billing.services.payment_record`
(once per source and reference), never to the ledger. A refusal (unknown invoice, wrong
amount, already paid) marks the delivery failed with the reason, for staff to see.

Stripe: `/hooks/stripe` checks `Stripe-Signature` with the official library
(`stripe.Webhook.construct_event`, secret `STRIPE_WEBHOOK_SECRET`). Handled events:
`checkout.session.completed` and `invoice.paid` settle the invoice named in
`metadata.invoice_number`; `charge.refunded` for the whole amount voids the invoice
with a credit note (a partial refund fails the delivery: staff settle it by hand).
Other Stripe events are kept as ignored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import stripe
from django.conf import settings

from partnercenter.billing.errors import UnknownInvoice
from partnercenter.billing.models import Invoice, Payment, PaymentSource
from partnercenter.billing.services import invoice_void, payment_record
from partnercenter.errors import Refusal
from partnercenter.hooks import conf
from partnercenter.hooks.handlers import DeliveryRefused, Outcome, moment
from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.signing import SignatureRefused
from partnercenter.hooks.sources import BadDelivery, Incoming

INVOICE_PAID = "invoice.paid"


def _invoice(number: object) -> Invoice:
    if not isinstance(number, str) or not number:
        raise DeliveryRefused("The invoice number is missing.")
    invoice = Invoice.objects.filter(number=number).first()
    if invoice is None:
        raise DeliveryRefused(UnknownInvoice(f"No invoice has number {number!r}.").message)
    return invoice


def _cents(value: object, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DeliveryRefused(f"{field} must be a whole number of cents ≥ 0.")
    return value


def _settle(invoice: Invoice, amount: int, paid_on: date, reference: str, source: str) -> Outcome:
    try:
        payment = payment_record(
            invoice=invoice,
            amount_cents=amount,
            paid_on=paid_on,
            reference=reference,
            source=source,
        )
    except Refusal as exc:
        raise DeliveryRefused(exc.message) from None
    return Outcome(
        DeliveryStatus.PROCESSED, note=f"Invoice {invoice.number} paid (payment #{payment.pk})."
    )


def store_invoice_paid(delivery: Delivery) -> Outcome:
    """`{"type": "invoice.paid", "data": {invoice_number, amount_cents, paid_at, payment_reference}}`."""
    data = delivery.payload.get("data") or {}
    invoice = _invoice(data.get("invoice_number"))
    amount = _cents(data.get("amount_cents"), "data.amount_cents")
    paid_at = moment(data.get("paid_at"), delivery.received_at, "data.paid_at")
    reference = data.get("payment_reference")
    if not isinstance(reference, str) or not reference.strip():
        raise DeliveryRefused("data.payment_reference is required.")
    return _settle(invoice, amount, paid_at.astimezone(UTC).date(), reference, PaymentSource.STORE)


# ------------------------------------------------------------------ Stripe


def parse_stripe(headers: Mapping[str, str], body: bytes, now: float | None) -> Incoming:
    """Verify `Stripe-Signature` with Stripe's library; the event id is the delivery id."""
    secret = getattr(settings, "STRIPE_WEBHOOK_SECRET", "")
    if not secret:
        raise SignatureRefused("not_configured", "Stripe is not configured here.")
    try:
        stripe.Webhook.construct_event(
            body, headers.get("Stripe-Signature") or "", secret, tolerance=conf.TOLERANCE_SECONDS
        )
    except stripe.SignatureVerificationError as exc:
        raise SignatureRefused(
            "bad_signature", f"Stripe-Signature: {exc.user_message or exc}"
        ) from None
    except ValueError:
        raise BadDelivery("The body is not JSON.") from None
    data: Any = json.loads(body)
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"]:
        raise BadDelivery("An event id is required.", field="id")
    if len(data["id"]) > 150:
        raise BadDelivery("The event id is too long.", field="id")
    if not isinstance(data.get("type"), str) or not data["type"]:
        raise BadDelivery("An event type is required.", field="type")
    return Incoming(delivery_id=data["id"], event=data["type"], actor="", payload=data)


def _object(delivery: Delivery) -> dict[str, Any]:
    obj = (delivery.payload.get("data") or {}).get("object")
    if not isinstance(obj, dict):
        raise DeliveryRefused("data.object is required.")
    return obj


def _event_day(delivery: Delivery, seconds: object = None) -> date:
    value = seconds if isinstance(seconds, int) else delivery.payload.get("created")
    if isinstance(value, int) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=UTC).date()
    return delivery.received_at.astimezone(UTC).date()


def _usd(obj: Mapping[str, Any]) -> None:
    currency = str(obj.get("currency") or "usd").lower()
    if currency != "usd":
        raise DeliveryRefused(f"Invoices are paid in USD, not {currency.upper()}.")


def _metadata_number(obj: Mapping[str, Any]) -> object:
    metadata = obj.get("metadata")
    number = metadata.get("invoice_number") if isinstance(metadata, dict) else None
    return number or obj.get("client_reference_id")


def handle_stripe(delivery: Delivery) -> Outcome:
    """Settle (or void on a full refund) the invoice a Stripe event names."""
    obj = _object(delivery)
    if delivery.event == "checkout.session.completed":
        if obj.get("payment_status") != "paid":
            return Outcome(DeliveryStatus.IGNORED, note="The session is not paid (yet).")
        _usd(obj)
        invoice = _invoice(_metadata_number(obj))
        reference = str(obj.get("payment_intent") or obj.get("id") or "")
        amount = _cents(obj.get("amount_total"), "data.object.amount_total")
        return _settle(invoice, amount, _event_day(delivery), reference, PaymentSource.STRIPE)
    if delivery.event == "invoice.paid":
        _usd(obj)
        invoice = _invoice(_metadata_number(obj))
        reference = str(obj.get("payment_intent") or obj.get("id") or "")
        transitions = obj.get("status_transitions")
        paid_at = transitions.get("paid_at") if isinstance(transitions, dict) else None
        amount = _cents(obj.get("amount_paid"), "data.object.amount_paid")
        return _settle(
            invoice, amount, _event_day(delivery, paid_at), reference, PaymentSource.STRIPE
        )
    if delivery.event == "charge.refunded":
        return _refund(delivery, obj)
    return Outcome(DeliveryStatus.IGNORED, note=f"Stripe event {delivery.event!r} is not used.")


def _refund(delivery: Delivery, obj: Mapping[str, Any]) -> Outcome:
    intent = str(obj.get("payment_intent") or "")
    payment = (
        Payment.objects.select_related("invoice")
        .filter(source=PaymentSource.STRIPE, reference=intent)
        .first()
        if intent
        else None
    )
    invoice = payment.invoice if payment is not None else _invoice(_metadata_number(obj))
    refunded = _cents(obj.get("amount_refunded"), "data.object.amount_refunded")
    if invoice.status == "void":
        return Outcome(DeliveryStatus.PROCESSED, note=f"Invoice {invoice.number} is already void.")
    if refunded < invoice.total_cents:
        raise DeliveryRefused(
            f"A partial refund ({refunded} of {invoice.total_cents} cents) of invoice "
            f"{invoice.number} is settled by staff by hand."
        )
    try:
        note = invoice_void(
            invoice=invoice,
            reason=f"Refunded by card (Stripe charge {obj.get('id', '')}).",
            user=None,
            on=_event_day(delivery),
        )
    except Refusal as exc:
        raise DeliveryRefused(exc.message) from None
    return Outcome(
        DeliveryStatus.PROCESSED,
        note=f"Invoice {invoice.number} voided by credit note {note.number}.",
    )

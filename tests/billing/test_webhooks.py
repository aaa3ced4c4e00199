"""Invoices settled by webhooks: the store's `invoice.paid` and Stripe's signed events."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from datetime import date
from unittest import mock

import pytest
from django.test import Client

from partnercenter.billing.errors import PaymentUnavailable
from partnercenter.billing.models import CreditNote, InvoiceStatus, Payment
from partnercenter.billing.services import plan_choose
from partnercenter.billing.stripe_checkout import checkout_url
from partnercenter.hooks.conf import secret_for
from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.services import deliveries_drain
from partnercenter.hooks.signing import sign_timestamped
from partnercenter.ledger.models import Entry

pytestmark = pytest.mark.django_db

WHSEC = "whsec_test_secret"


@pytest.fixture
def invoice(acme):
    return plan_choose(partner=acme, plan="silver", on=date(2026, 1, 10)).invoice


@pytest.fixture
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_WEBHOOK_SECRET = WHSEC


def _store(number, amount, reference="BANK-77", delivery_id=None):
    body = json.dumps(
        {
            "id": delivery_id or f"evt_{uuid.uuid4().hex[:10]}",
            "type": "invoice.paid",
            "data": {
                "invoice_number": number,
                "amount_cents": amount,
                "paid_at": "2026-01-15T09:00:00Z",
                "payment_reference": reference,
            },
        }
    ).encode()
    headers = {"HTTP_X_STORE_SIGNATURE": sign_timestamped(secret_for("store"), body, None)}
    return Client().post("/hooks/store", data=body, content_type="application/json", **headers)


def test_store_invoice_paid_settles_the_invoice_once(invoice, acme):
    assert _store(invoice.number, 80_000).status_code == 202
    assert _store(invoice.number, 80_000).status_code == 202  # another delivery, same reference
    deliveries_drain()
    invoice.refresh_from_db()
    acme.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert Payment.objects.get().source == "store"
    assert acme.plan_paid_until == date(2026, 2, 9)
    assert Entry.objects.count() == 0  # a plan payment is not revenue
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PROCESSED}


@pytest.mark.parametrize(
    ("number", "amount", "message"),
    [("2026-000001", 5, "does not settle it"), ("2026-999999", 80_000, "No invoice has number")],
)
def test_a_wrong_amount_or_unknown_invoice_fails_the_delivery(invoice, number, amount, message):
    assert _store(number, amount).status_code == 202
    deliveries_drain()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert message in delivery.error
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.OPEN
    assert Payment.objects.count() == 0


def test_store_invoice_paid_without_a_number_is_refused_at_the_door():
    body = json.dumps({"id": "e1", "type": "invoice.paid", "data": {"amount_cents": 1}}).encode()
    headers = {"HTTP_X_STORE_SIGNATURE": sign_timestamped(secret_for("store"), body, None)}
    response = Client().post("/hooks/store", data=body, content_type="application/json", **headers)
    assert response.status_code == 400
    assert response.json()["field"] == "data.invoice_number"


# ------------------------------------------------------------------ Stripe


def _stripe(event_type, obj, secret=WHSEC, event_id=None):
    body = json.dumps(
        {
            "id": event_id or f"evt_{uuid.uuid4().hex[:14]}",
            "object": "event",
            "api_version": "2024-06-20",
            "created": 1768471200,  # 15 Jan 2026 10:00 UTC
            "livemode": False,
            "type": event_type,
            "data": {"object": obj},
        }
    )
    t = int(time.time())
    v1 = hmac.new(secret.encode(), f"{t}.{body}".encode(), hashlib.sha256).hexdigest()
    return Client().post(
        "/hooks/stripe",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=f"t={t},v1={v1}",
    )


def _session(number, amount=80_000, status="paid"):
    return {
        "id": "cs_test_a1",
        "object": "checkout.session",
        "amount_total": amount,
        "currency": "usd",
        "client_reference_id": number,
        "metadata": {"invoice_number": number},
        "mode": "payment",
        "payment_intent": "pi_3Abc",
        "payment_status": status,
        "status": "complete",
    }


def test_stripe_checkout_completed_settles_the_invoice(stripe_keys, invoice, acme):
    assert _stripe("checkout.session.completed", _session(invoice.number)).status_code == 202
    deliveries_drain()
    invoice.refresh_from_db()
    acme.refresh_from_db()
    payment = Payment.objects.get()
    assert (payment.source, payment.reference, payment.paid_on) == (
        "stripe",
        "pi_3Abc",
        date(2026, 1, 15),
    )
    assert invoice.status == InvoiceStatus.PAID
    assert acme.plan_paid_until == date(2026, 2, 9)


def test_stripe_invoice_paid_settles_the_invoice_named_in_metadata(stripe_keys, invoice):
    obj = {
        "id": "in_1Xyz",
        "object": "invoice",
        "amount_paid": 80_000,
        "currency": "usd",
        "metadata": {"invoice_number": invoice.number},
        "status": "paid",
        "status_transitions": {"paid_at": 1768471200},
    }
    _stripe("invoice.paid", obj)
    deliveries_drain()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert Payment.objects.get().reference == "in_1Xyz"


def test_a_full_stripe_refund_voids_the_invoice_with_a_credit_note(stripe_keys, invoice, acme):
    _stripe("checkout.session.completed", _session(invoice.number))
    charge = {
        "id": "ch_3Abc",
        "object": "charge",
        "amount": 80_000,
        "amount_refunded": 80_000,
        "currency": "usd",
        "payment_intent": "pi_3Abc",
        "refunded": True,
        "metadata": {"invoice_number": invoice.number},
    }
    _stripe("charge.refunded", charge)
    deliveries_drain()
    invoice.refresh_from_db()
    acme.refresh_from_db()
    assert invoice.status == InvoiceStatus.VOID
    assert "ch_3Abc" in CreditNote.objects.get().reason
    assert acme.plan_paid_until is None


def test_a_partial_stripe_refund_fails_for_staff(stripe_keys, invoice):
    _stripe("checkout.session.completed", _session(invoice.number))
    charge = {
        "id": "ch_1",
        "object": "charge",
        "amount": 80_000,
        "amount_refunded": 100,
        "currency": "usd",
        "payment_intent": "pi_3Abc",
        "metadata": {},
    }
    _stripe("charge.refunded", charge)
    deliveries_drain()
    failed = Delivery.objects.get(event="charge.refunded")
    assert failed.status == DeliveryStatus.FAILED
    assert "partial refund" in failed.error


def test_an_unpaid_session_and_other_events_are_ignored(stripe_keys, invoice):
    _stripe("checkout.session.completed", _session(invoice.number, status="unpaid"))
    _stripe("customer.created", {"id": "cus_1", "object": "customer"})
    deliveries_drain()
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.IGNORED}
    assert Payment.objects.count() == 0


@pytest.mark.parametrize("secret", ["whsec_wrong", ""])
def test_a_bad_stripe_signature_is_refused_and_nothing_is_stored(stripe_keys, invoice, secret):
    response = _stripe("checkout.session.completed", _session(invoice.number), secret=secret or "x")
    assert response.status_code == 401
    assert Delivery.objects.count() == 0


def test_without_stripe_keys_the_stripe_hook_is_not_configured(invoice, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    response = _stripe("checkout.session.completed", _session(invoice.number))
    assert response.status_code == 503
    assert response.json()["code"] == "not_configured"


def test_checkout_creates_a_session_naming_the_invoice(stripe_keys, invoice):
    with mock.patch(
        "partnercenter.billing.stripe_checkout._session_create",
        return_value={"url": "https://checkout.stripe.com/c/pay/cs_test_a1"},
    ) as create:
        url = checkout_url(invoice=invoice, success_url="https://x/ok", cancel_url="https://x/no")
    assert url == "https://checkout.stripe.com/c/pay/cs_test_a1"
    params = create.call_args.args[0]
    assert params["metadata"]["invoice_number"] == invoice.number
    assert params["payment_intent_data"]["metadata"]["invoice_number"] == invoice.number
    assert params["line_items"][0]["price_data"]["unit_amount"] == 80_000


def test_checkout_without_keys_is_refused(invoice, settings):
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(PaymentUnavailable):
        checkout_url(invoice=invoice, success_url="https://x/ok", cancel_url="https://x/no")

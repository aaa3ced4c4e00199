"""Card payment of an invoice through Stripe Checkout (only when the Stripe keys are set).

The session carries the invoice number in its metadata (and in the payment intent's,
so a later refund names it too); `/hooks/stripe` settles the invoice when Stripe
reports the payment. Tests never reach the network: they replace `_session_create`.
"""

from __future__ import annotations

from typing import Any

import stripe
from django.conf import settings

from partnercenter.billing.errors import InvoiceNotOpen, PaymentUnavailable
from partnercenter.billing.issuing import card_payments_enabled
from partnercenter.billing.models import Invoice, InvoiceStatus


def _session_create(params: dict[str, Any]) -> Any:
    """The one call to Stripe's API (create a Checkout Session)."""
    client = stripe.StripeClient(settings.STRIPE_SECRET_KEY)
    return client.v1.checkout.sessions.create(params)  # type: ignore[arg-type]


def checkout_url(*, invoice: Invoice, success_url: str, cancel_url: str) -> str:
    """Start paying an open invoice by card; the address of Stripe's payment page."""
    if not card_payments_enabled():
        raise PaymentUnavailable("Card payment is not set up; please pay by bank transfer.")
    if invoice.status != InvoiceStatus.OPEN:
        raise InvoiceNotOpen(f"Invoice {invoice.number} is {invoice.get_status_display().lower()}.")
    metadata = {"invoice_number": invoice.number, "partner": invoice.partner.slug}
    params: dict[str, Any] = {
        "mode": "payment",
        "client_reference_id": invoice.number,
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": invoice.currency.lower(),
                    "unit_amount": invoice.total_cents,
                    "product_data": {"name": f"Invoice {invoice.number}"},
                },
            }
        ],
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    try:
        session = _session_create(params)
    except stripe.StripeError as exc:
        raise PaymentUnavailable(
            f"The card payment could not start: {exc.user_message or exc}."
        ) from None
    url = getattr(session, "url", None) or (
        session.get("url") if isinstance(session, dict) else None
    )
    if not url:
        raise PaymentUnavailable("The card payment could not start; please try again.")
    return str(url)

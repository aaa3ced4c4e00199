"""Issuing numbered documents: gap-free numbers, invoice and credit-note PDFs.

A number is taken from a per-kind, per-year counter row locked with
`select_for_update` inside the transaction that stores the invoice (or credit
note): two concurrent runs queue on that row, and a run that fails rolls its
number back with everything else — so numbers have neither gaps nor duplicates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from partnercenter.billing.models import (
    CreditNote,
    Invoice,
    InvoiceLine,
    NumberSequence,
    SequenceKind,
    Subscription,
)
from partnercenter.documents.models import DocumentKind
from partnercenter.documents.services import document_code_new, document_store, render_pdf
from partnercenter.domain.billing import Line, Totals, format_usd, invoice_totals
from partnercenter.domain.program import Edition
from partnercenter.membership.selectors import partner_admin_emails
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Partner


def number_take(kind: str, year: int) -> int:
    """The next number of `kind` in `year`; call inside the transaction that uses it."""
    assert transaction.get_connection().in_atomic_block, "take a number inside a transaction"
    NumberSequence.objects.get_or_create(kind=kind, year=year)
    row = NumberSequence.objects.select_for_update().get(kind=kind, year=year)
    row.last += 1
    row.save(update_fields=["last"])
    return row.last


def tax_rate_bp() -> int:
    """The tax rate in basis points from the setting `PARTNERCENTER_TAX_RATE_BP` (0 by default)."""
    return int(getattr(settings, "PARTNERCENTER_TAX_RATE_BP", 0) or 0)


def card_payments_enabled() -> bool:
    """Stripe Checkout is offered when both Stripe keys are configured."""
    return bool(
        getattr(settings, "STRIPE_SECRET_KEY", "")
        and getattr(settings, "STRIPE_WEBHOOK_SECRET", "")
    )


def how_to_pay(invoice_number: str) -> dict[str, Any]:
    """What an invoice says about paying it: bank transfer text, and the card page if enabled."""
    return {
        "bank_transfer": getattr(settings, "PARTNERCENTER_BANK_TRANSFER", ""),
        "card_url": f"{settings.PARTNERCENTER_SITE_URL}{reverse('portal:invoices')}"
        if card_payments_enabled()
        else "",
        "reference": invoice_number,
    }


def _seller(edition: Edition) -> dict[str, str]:
    return {
        "name": edition.vendor,
        "address": getattr(settings, "PARTNERCENTER_SELLER_ADDRESS", ""),
        "program": edition.program_name,
    }


def invoice_issue(
    *,
    partner: Partner,
    edition: Edition,
    lines: Sequence[Line],
    issued_on: date,
    due_on: date,
    key: str,
    kind: str = "plan",
    subscription: Subscription | None = None,
    plan: str = "",
    period: tuple[date, date] | None = None,
) -> tuple[Invoice, bool]:
    """Issue an invoice once per `key`: number, lines, totals, PDF; the admins are emailed.

    Returns the invoice and whether this call issued it (False: the key was issued before).
    The caller holds a lock (subscription or partner row) so the key cannot race.
    """
    existing = Invoice.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing, False
    totals = invoice_totals(lines, tax_rate_bp())
    with transaction.atomic():
        year = issued_on.year
        sequence = number_take(SequenceKind.INVOICE, year)
        number = f"{year}-{sequence:06d}"
        code = document_code_new()
        pdf = render_pdf(
            "billing/invoice_pdf.html",
            {
                "code": code,
                "title": f"Invoice {number}",
                "number": number,
                "partner": partner,
                "seller": _seller(edition),
                "issued_on": issued_on,
                "due_on": due_on,
                "period": period,
                "rows": _rows(totals),
                "totals": _money(totals),
                "tax_rate": f"{totals.tax_rate_bp / 100:g}%",
                "pay": how_to_pay(number),
                "currency": edition.currency,
            },
        )
        document = document_store(
            partner=partner,
            kind=DocumentKind.INVOICE,
            title=f"Invoice {number}",
            filename=f"invoice-{number}.pdf",
            pdf=pdf,
            code=code,
            edition_id=edition.edition_id,
        )
        invoice = Invoice.objects.create(
            number=number,
            year=year,
            sequence=sequence,
            partner=partner,
            subscription=subscription,
            kind=kind,
            plan=plan,
            period_start=period[0] if period else None,
            period_end=period[1] if period else None,
            issued_on=issued_on,
            due_on=due_on,
            currency=edition.currency,
            subtotal_cents=totals.subtotal_cents,
            discount_cents=totals.discount_cents,
            tax_rate_bp=totals.tax_rate_bp,
            tax_cents=totals.tax_cents,
            total_cents=totals.total_cents,
            document=document,
            idempotency_key=key,
            edition_id=edition.edition_id,
        )
        InvoiceLine.objects.bulk_create(
            InvoiceLine(
                invoice=invoice,
                position=i,
                description=t.line.description,
                quantity=t.line.quantity,
                unit_cents=t.line.unit_cents,
                discount_percent=t.line.discount_percent,
                amount_cents=t.amount_cents,
                discount_cents=t.discount_cents,
                net_cents=t.net_cents,
            )
            for i, t in enumerate(totals.lines, start=1)
        )
        for email in partner_admin_emails(partner):
            message_queue(
                kind="invoice_issued",
                to=email,
                partner=partner,
                key=f"invoice_issued:{invoice.number}:{email}",
                context={
                    "invoice": invoice,
                    "partner": partner,
                    "total": format_usd(invoice.total_cents),
                    "pay": how_to_pay(number),
                },
            )
    return invoice, True


def _rows(totals: Totals) -> list[dict[str, Any]]:
    return [
        {
            "description": t.line.description,
            "quantity": t.line.quantity,
            "unit": format_usd(t.line.unit_cents),
            "amount": format_usd(t.amount_cents),
            "discount_percent": t.line.discount_percent,
            "discount": format_usd(-t.discount_cents) if t.discount_cents else "",
            "net": format_usd(t.net_cents),
        }
        for t in totals.lines
    ]


def _money(totals: Totals) -> dict[str, str]:
    return {
        "subtotal": format_usd(totals.subtotal_cents),
        "discount": format_usd(-totals.discount_cents) if totals.discount_cents else "",
        "tax": format_usd(totals.tax_cents),
        "total": format_usd(totals.total_cents),
    }


def credit_note_issue(
    *, invoice: Invoice, edition: Edition, reason: str, issued_on: date, user: Any = None
) -> CreditNote:
    """A credit note for the whole invoice, numbered `CN-YYYY-NNNNNN`, with its PDF."""
    assert transaction.get_connection().in_atomic_block, "issue inside a transaction"
    sequence = number_take(SequenceKind.CREDIT_NOTE, issued_on.year)
    number = f"CN-{issued_on.year}-{sequence:06d}"
    code = document_code_new()
    pdf = render_pdf(
        "billing/credit_note_pdf.html",
        {
            "code": code,
            "title": f"Credit note {number}",
            "number": number,
            "invoice": invoice,
            "partner": invoice.partner,
            "seller": _seller(edition),
            "issued_on": issued_on,
            "reason": reason,
            "lines": [
                {"description": line.description, "net": format_usd(-line.net_cents)}
                for line in invoice.lines.all()
            ],
            "tax": format_usd(-invoice.tax_cents),
            "total": format_usd(-invoice.total_cents),
        },
    )
    document = document_store(
        partner=invoice.partner,
        kind=DocumentKind.CREDIT_NOTE,
        title=f"Credit note {number} (voids invoice {invoice.number})",
        filename=f"credit-note-{number}.pdf",
        pdf=pdf,
        code=code,
        edition_id=edition.edition_id,
    )
    return CreditNote.objects.create(
        number=number,
        invoice=invoice,
        issued_on=issued_on,
        amount_cents=invoice.total_cents,
        reason=reason,
        document=document,
        created_by=user if getattr(user, "pk", None) else None,
    )

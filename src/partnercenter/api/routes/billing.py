"""A partner's invoices and their PDFs: its own people and staff; anyone else gets 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from partnercenter.api.auth import caller
from partnercenter.api.errors import NotFound
from partnercenter.api.pagination import CURSOR_PATTERN, MAX_LIMIT, page
from partnercenter.api.routes import responses
from partnercenter.api.schemas import Page
from partnercenter.billing.selectors import partner_invoice, partner_invoices

router = Router(tags=["billing"])


class InvoiceOut(Schema):
    number: str
    kind: str = Field(description="plan or kick_off_package")
    plan: str
    period_start: date | None
    period_end: date | None
    issued_on: date
    due_on: date
    currency: str
    subtotal_cents: int
    discount_cents: int
    tax_rate_bp: int
    tax_cents: int
    total_cents: int
    status: str = Field(description="open, paid or void")
    paid_on: date | None
    verification_code: str | None = Field(None, description="Printed on the PDF.")
    pdf_url: str


class InvoicePage(Page):
    items: list[InvoiceOut]


class InvoiceQuery(Schema):
    cursor: str | None = Field(
        None, pattern=CURSOR_PATTERN, description="`next_cursor` of the previous page."
    )
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


@router.get("/partners/{slug}/invoices", response=responses({200: InvoicePage}), summary="Invoices")
def invoices(request: HttpRequest, slug: str, q: Query[InvoiceQuery]) -> Any:
    """The partner's invoices, newest first; cursor-paged."""
    partner = caller(request).partner(slug)
    rows, cursor = page(partner_invoices(partner), q.cursor, q.limit)
    items = [
        {
            **{f: getattr(i, f) for f in InvoiceOut.model_fields if hasattr(i, f)},
            "verification_code": i.document.code if i.document else None,
            "pdf_url": f"/api/v1/partners/{partner.slug}/invoices/{i.number}.pdf",
        }
        for i in rows
    ]
    return {"items": items, "next_cursor": cursor}


@router.get(
    "/partners/{slug}/invoices/{number}.pdf",
    response=responses({200: None}),
    summary="An invoice's PDF",
    openapi_extra={
        "responses": {200: {"description": "The PDF", "content": {"application/pdf": {}}}}
    },
)
def invoice_pdf(request: HttpRequest, slug: str, number: str) -> Any:
    """The invoice as issued (PDF with its verification code)."""
    partner = caller(request).partner(slug)
    invoice = partner_invoice(partner, number)
    if invoice is None or invoice.document is None:
        raise NotFound(f"No invoice {number!r} of {slug!r}.", field="number")
    response = HttpResponse(bytes(invoice.document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice.document.filename}"'
    return response

"""Back-office invoices: the list (open, overdue, paid, void), one invoice with its payments,
recording a payment and voiding with a credit note."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.backoffice.forms_billing import InvoiceFilterForm, PaymentForm, VoidForm
from partnercenter.billing import selectors
from partnercenter.billing.models import Invoice, PaymentSource
from partnercenter.billing.services import invoice_void, payment_record
from partnercenter.documents.models import Document
from partnercenter.errors import Refusal
from partnercenter.staffroles.roles import MANAGE_FINANCE


@staff_view(perm=MANAGE_FINANCE)
def invoices(request: HttpRequest) -> HttpResponse:
    form = InvoiceFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    today = timezone.now().date()
    page = Paginator(selectors.invoices(status=status, today=today), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "backoffice/invoices.html",
        {"form": form, "page": page, "status": status, "today": today},
    )


def _invoice(number: str) -> Invoice:
    invoice = selectors.invoice_by_number(number)
    if invoice is None:
        raise Http404("No such invoice.")
    return invoice


def _detail(
    request: HttpRequest,
    invoice: Invoice,
    pay: PaymentForm | None = None,
    void: VoidForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if pay is None:
        pay = PaymentForm(initial={"amount": f"{invoice.total_cents / 100:.2f}"})
    return render(
        request,
        "backoffice/invoice.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.all(),
            "payments": invoice.payments.all(),
            "note": getattr(invoice, "credit_note", None),
            "pay_form": pay,
            "void_form": void or VoidForm(),
            "today": timezone.now().date(),
        },
        status=status,
    )


@staff_view(perm=MANAGE_FINANCE)
def invoice_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _detail(request, _invoice(number))


@require_POST
@staff_view(perm=MANAGE_FINANCE)
def invoice_payment(request: HttpRequest, number: str) -> HttpResponse:
    """Staff record a payment seen on the bank statement (exactly the open amount)."""
    invoice = _invoice(number)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            payment_record(
                invoice=invoice,
                amount_cents=form.amount_cents(),
                paid_on=form.cleaned_data["paid_on"],
                reference=form.cleaned_data["reference"],
                source=PaymentSource.STAFF,
                user=staff_user(request),
            )
        except Refusal as exc:
            field = {"amount_cents": "amount"}.get(exc.field, exc.field)
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Payment recorded; invoice {number} is paid.")
            return redirect("backoffice:invoice", number=number)
    return _detail(request, invoice, pay=form, status=400)


@require_POST
@staff_view(perm=MANAGE_FINANCE)
def invoice_void_view(request: HttpRequest, number: str) -> HttpResponse:
    """Void with a reason: a credit note is issued; the invoice is never edited."""
    invoice = _invoice(number)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            note = invoice_void(
                invoice=invoice,
                reason=form.cleaned_data["reason"],
                user=staff_user(request),
                on=timezone.now().date(),
            )
        except Refusal as exc:
            form.add_error("reason" if exc.field == "reason" else None, exc.message)
        else:
            messages.success(request, f"Invoice {number} is void: credit note {note.number}.")
            return redirect("backoffice:invoice", number=number)
    return _detail(request, invoice, void=form, status=400)


def _pdf(document: Document | None) -> HttpResponse:
    if document is None:
        raise Http404("No PDF.")
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response


@staff_view(perm=MANAGE_FINANCE)
def invoice_pdf(request: HttpRequest, number: str) -> HttpResponse:
    return _pdf(_invoice(number).document)


@staff_view(perm=MANAGE_FINANCE)
def credit_note_pdf(request: HttpRequest, number: str) -> HttpResponse:
    note = getattr(_invoice(number), "credit_note", None)
    return _pdf(note.document if note is not None else None)

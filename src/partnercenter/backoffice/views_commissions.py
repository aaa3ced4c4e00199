"""Back office "Commissions": referrals, payments and refunds, approval, payout batches."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.backoffice.forms_commissions import ReferralPaymentForm, ReferralRefundForm
from partnercenter.commissions.models import PayoutBatch, Referral
from partnercenter.commissions.payouts import (
    batch_csv,
    batch_totals,
    commissions_approve,
    payout_batch_mark_paid,
)
from partnercenter.commissions.selectors import entries_with_status
from partnercenter.commissions.services import referral_refund_record
from partnercenter.domain.commissions import EntryKind
from partnercenter.errors import Refusal
from partnercenter.staffroles.foureyes import commission_payment_submit, payout_batch_submit
from partnercenter.staffroles.roles import MANAGE_FINANCE
from partnercenter.staffroles.services import Requested

FIELDS = {
    "amount_cents": "amount",
    "tax_cents": "tax",
    "key": "reference",
    "payment_key": "payment_reference",
}
"""Service field names → form field names."""


def _page(request: HttpRequest, status: int = 200, **forms: Any) -> HttpResponse:
    open_entries = (
        entries_with_status().exclude(kind=EntryKind.PAYOUT).filter(batch_item__isnull=True)
    )
    entries = list(open_entries.order_by("booked_at", "id"))
    batches = [(b, batch_totals(b)) for b in PayoutBatch.objects.all()[:20]]
    return render(
        request,
        "backoffice/commissions.html",
        {
            "referrals": Referral.objects.select_related("partner")[:100],
            "pending": [e for e in entries if e.current_status == "pending"],
            "approved": [e for e in entries if e.current_status == "approved"],
            "batches": batches,
            "pay_form": forms.get("pay_form") or ReferralPaymentForm(),
            "refund_form": forms.get("refund_form") or ReferralRefundForm(),
            "batch_key": uuid.uuid4().hex,
        },
        status=status,
    )


def _refused(form: Any, exc: Refusal) -> None:
    field = FIELDS.get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


@staff_view(perm=MANAGE_FINANCE)
def commissions(request: HttpRequest) -> HttpResponse:
    """Referrals, commissions waiting for approval or payout, and the payout batches."""
    return _page(request)


@require_POST
@staff_view(perm=MANAGE_FINANCE)
def payment(request: HttpRequest) -> HttpResponse:
    """Record a referred customer's payment by hand: once a second finance user approves it
    (four-eyes), the commission accrues (once per reference)."""
    form = ReferralPaymentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            asked = commission_payment_submit(
                referral_code=data["referral_code"],
                reference=data["reference"],
                gross_cents=form.gross_cents(),
                tax_cents=form.tax_cents(),
                paid_on=data["paid_on"],
                staff_user=staff_user(request),
            )
        except Refusal as exc:
            _refused(form, exc)
        else:
            messages.success(request, _asked(asked, "payment"))
            return redirect("backoffice:commissions")
    return _page(request, status=400, pay_form=form)


@require_POST
@staff_view(perm=MANAGE_FINANCE)
def refund(request: HttpRequest) -> HttpResponse:
    """Record a refund of a referred customer's payment: the commission is clawed back."""
    form = ReferralRefundForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        reference = data["payment_reference"].strip()
        if not reference.startswith(("staff:", "store:")):
            reference = f"staff:{reference}"
        try:
            result = referral_refund_record(
                payment_key=reference,
                key=f"staff:{data['reference'].strip()}",
                gross_cents=form.gross_cents(),
                staff_user=staff_user(request),
            )
        except Refusal as exc:
            _refused(form, exc)
        else:
            taken = -result.entry.amount_cents if result.entry else 0
            messages.success(request, f"Refund recorded; {taken / 100:.2f} USD clawed back.")
            return redirect("backoffice:commissions")
    return _page(request, status=400, refund_form=form)


@require_POST
@staff_view(perm=MANAGE_FINANCE)
def approve(request: HttpRequest) -> HttpResponse:
    """Approve the ticked pending commissions."""
    ids = [int(i) for i in request.POST.getlist("entry") if i.isdigit()]
    try:
        count = commissions_approve(entry_ids=ids, staff_user=staff_user(request))
    except Refusal as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{count} commission(s) approved.")
    return redirect("backoffice:commissions")


@require_POST
@staff_view(perm=MANAGE_FINANCE)
def batch_create(request: HttpRequest) -> HttpResponse:
    """Ask a second finance user to pay out every approved commission not yet batched."""
    try:
        asked = payout_batch_submit(
            staff_user=staff_user(request), key=request.POST.get("key", "")[:64] or uuid.uuid4().hex
        )
    except Refusal as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _asked(asked, "payout"))
    return redirect("backoffice:commissions")


def _asked(asked: Requested, what: str) -> str:
    """The message after asking for a second pair of eyes (or sending the same form again)."""
    if asked.created:
        return f"The {what} waits for a second finance user to approve it (“Second pair of eyes”)."
    return f"This {what} was asked for already ({asked.request.get_decision_display().lower()})."


@staff_view(perm=MANAGE_FINANCE)
def batch_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's CSV for the bank."""
    batch = get_object_or_404(PayoutBatch, pk=pk)
    response = HttpResponse(batch_csv(batch), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="payout-batch-{batch.pk}.csv"'
    return response


@require_POST
@staff_view(perm=MANAGE_FINANCE)
def batch_paid(request: HttpRequest, pk: int) -> HttpResponse:
    """The bank paid the batch: its commissions are paid out."""
    batch = get_object_or_404(PayoutBatch, pk=pk)
    try:
        payout_batch_mark_paid(batch=batch, staff_user=staff_user(request))
    except Refusal as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Payout batch {batch.pk} is marked paid.")
    return redirect("backoffice:commissions")

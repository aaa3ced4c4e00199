"""Contracts in the back office: the countersignature queue, a contract's page, countersigning."""

from __future__ import annotations

from csp.decorators import csp_exempt
from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.contracts.errors import ContractError
from partnercenter.contracts.models import Contract
from partnercenter.contracts.selectors import (
    contract_pdf,
    contract_signature,
    signatures_awaiting_countersignature,
)
from partnercenter.contracts.services import contract_countersign
from partnercenter.staffroles.roles import MANAGE_PROGRAM


class CountersignForm(forms.Form):
    """7x's countersignature: the staff member's typed full name."""

    full_name = forms.CharField(
        label="Your full name",
        max_length=200,
        help_text="Countersigns for 7x; the record keeps the signed copy's SHA-256.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


def countersign_form_for(request: HttpRequest) -> CountersignForm:
    """A countersign form prefilled with the signed-in staff member's name."""
    user = staff_user(request)
    name = getattr(user, "get_full_name", lambda: "")() or ""
    return CountersignForm(initial={"full_name": name})


@staff_view(perm=MANAGE_PROGRAM)
def contracts_awaiting(request: HttpRequest) -> HttpResponse:
    """Signed contracts waiting for 7x's countersignature, oldest first."""
    return render(
        request,
        "backoffice/contracts.html",
        {"signatures": list(signatures_awaiting_countersignature()[:200])},
    )


def _contract_page(
    request: HttpRequest, target: Contract, form: CountersignForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "backoffice/contract.html",
        {
            "c": target,
            "s": contract_signature(target),
            "form": form or countersign_form_for(request),
        },
        status=status,
    )


@staff_view(perm=MANAGE_PROGRAM)
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A contract: both PDFs, the signature's record (hashes, IP, browser), the countersign form."""
    target = get_object_or_404(Contract.objects.select_related("partner", "document"), pk=pk)
    return _contract_page(request, target)


@require_POST
@staff_view(perm=MANAGE_PROGRAM)
def contract_countersign_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Countersign for 7x; refusals show on the form and change nothing."""
    target = get_object_or_404(Contract.objects.select_related("partner", "document"), pk=pk)
    signature = contract_signature(target)
    form = CountersignForm(request.POST)
    if signature is None:
        form.add_error(
            None, "This contract is not signed yet; only a signed contract is countersigned."
        )
    elif form.is_valid():
        try:
            contract_countersign(
                signature=signature,
                staff_user=staff_user(request),
                full_name=form.cleaned_data["full_name"],
            )
        except ContractError as exc:
            form.add_error("full_name" if exc.field == "full_name" else None, exc.message)
        else:
            messages.success(request, f"Countersigned the contract of {target.partner.name}.")
            back = str(request.POST.get("next", ""))
            if back.startswith("/backoffice/") and "//" not in back:
                return redirect(back)
            return redirect("backoffice:contracts")
    return _contract_page(request, target, form, status=400)


@xframe_options_sameorigin
@csp_exempt()  # type: ignore[arg-type]  # a PDF runs no page code; X-Frame-Options guards framing
@staff_view(perm=MANAGE_PROGRAM)
def contract_file(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    """A contract's PDF as issued or signed, for staff (inline, or `?download=1`)."""
    target = get_object_or_404(Contract, pk=pk)
    signed = which == "signed"
    if signed and contract_signature(target) is None:
        raise Http404("This contract is not signed yet.")
    filename, pdf = contract_pdf(target, signed=signed)
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") == "1" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response

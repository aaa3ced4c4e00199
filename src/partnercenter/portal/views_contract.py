"""The partner's contract: read the exact PDF, sign it (partner admins), renew, download copies."""

from __future__ import annotations

from csp.decorators import csp_exempt
from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from partnercenter.contracts.errors import ContractError
from partnercenter.contracts.models import Contract, ContractKind
from partnercenter.contracts.selectors import contract_overview, contract_pdf, contract_signature
from partnercenter.contracts.services import ACCEPTANCE, contract_issue, contract_sign
from partnercenter.partners.models import PartnerStatus, Person, Role
from partnercenter.portal.access import portal_view
from partnercenter.programs.selectors import edition_at


class ContractSignForm(forms.Form):
    """The signature: typed full name, title, the acceptance box and the hash of the PDF shown."""

    full_name = forms.CharField(
        label="Your full name",
        max_length=200,
        help_text="Typed as your signature.",
        error_messages={"required": "Type your full name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    title = forms.CharField(
        label="Your title",
        max_length=200,
        help_text="For example Managing Director.",
        error_messages={"required": "Type your title."},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    accepted = forms.BooleanField(
        label=ACCEPTANCE,
        required=False,
    )
    document_sha256 = forms.CharField(widget=forms.HiddenInput, required=False)


def _page(
    request: HttpRequest,
    person: Person,
    *,
    form: ContractSignForm | None = None,
    status: int = 200,
    issue_error: str = "",
) -> HttpResponse:
    today = timezone.now().date()
    overview = contract_overview(person.partner, today)
    is_admin = person.role == Role.ADMIN
    to_sign = overview.to_sign
    if form is None and to_sign is not None:
        form = ContractSignForm(initial={"document_sha256": to_sign.sha256})
    history = [(c, contract_signature(c)) for c in overview.contracts]
    return render(
        request,
        "portal/contract.html",
        {
            "person": person,
            "o": overview,
            "is_admin": is_admin,
            "form": form,
            "history": history,
            "edition": edition_at(today),
            "issue_error": issue_error,
            "shown": to_sign or overview.latest_signed,
        },
        status=status,
    )


@portal_view()
def contract(request: HttpRequest, person: Person) -> HttpResponse:
    """The contract page; an applicant's admin opening it gets the joining contract issued.

    A contract waiting for signature is brought up to date when an admin opens the page:
    a new edition in force, or changed company details, issue a fresh one to sign.
    """
    partner = person.partner
    issue_error = ""
    pending = partner.contracts.filter(signature__isnull=True).order_by("-pk").first()
    kind = None
    if pending is not None:
        kind = pending.kind  # re-issued if the edition in force or the partner's details changed
    elif partner.status == PartnerStatus.APPLICANT and not partner.contracts.exists():
        kind = ContractKind.JOINING
    if (
        person.role == Role.ADMIN
        and kind is not None
        and partner.status != PartnerStatus.TERMINATED
    ):
        try:
            contract_issue(partner=partner, kind=kind, on=timezone.now().date())
        except ContractError as exc:
            issue_error = exc.message
    return _page(request, person, issue_error=issue_error)


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@require_POST
@portal_view(admin=True)
def contract_sign_view(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    """Sign the contract shown: the service refuses anything but exactly that PDF."""
    target = get_object_or_404(Contract, pk=pk, partner=person.partner)
    form = ContractSignForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            signature = contract_sign(
                contract=target,
                person=person,
                full_name=data["full_name"],
                title=data["title"],
                accepted=data["accepted"],
                ip=_client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                shown_sha256=data["document_sha256"],
            )
        except ContractError as exc:
            field = exc.field if exc.field in ("full_name", "title", "accepted") else None
            form.add_error(field, exc.message)
        else:
            messages.success(
                request,
                f"Signed. Your signed copy has the verification code "
                f"{signature.signed_document.code}.",
            )
            return redirect("portal:contract")
    return _page(request, person, form=form, status=400)


@require_POST
@portal_view(admin=True)
def contract_renew(request: HttpRequest, person: Person) -> HttpResponse:
    """Issue the renewal contract (the current edition's) to sign the same way."""
    try:
        contract_issue(partner=person.partner, kind=ContractKind.RENEWAL, on=timezone.now().date())
    except ContractError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Your renewal contract is ready: read it below and sign it.")
    return redirect("portal:contract")


def _pdf_response(filename: str, pdf: bytes, *, download: bool) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@xframe_options_sameorigin
@csp_exempt()  # type: ignore[arg-type]  # a PDF runs no page code; X-Frame-Options guards framing
@portal_view()
def contract_file(request: HttpRequest, person: Person, pk: int, which: str) -> HttpResponse:
    """A contract's PDF as issued (`contract`) or signed (`signed`); embeddable on this site."""
    target = get_object_or_404(Contract, pk=pk, partner=person.partner)
    signed = which == "signed"
    if signed and contract_signature(target) is None:
        raise Http404("This contract is not signed yet.")
    filename, pdf = contract_pdf(target, signed=signed)
    return _pdf_response(filename, pdf, download=request.GET.get("download") == "1")

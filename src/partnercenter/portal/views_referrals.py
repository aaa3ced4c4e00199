"""Portal pages of referrals to 7x and the commissions they earn (with monthly statements)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from partnercenter.commissions import selectors as commissions
from partnercenter.commissions.errors import CommissionError
from partnercenter.commissions.models import MonthlyStatement, Referral
from partnercenter.commissions.services import referral_register, referral_update
from partnercenter.commissions.statements import statement_pdf
from partnercenter.partners.models import Person
from partnercenter.portal.access import portal_view
from partnercenter.portal.forms_referrals import ReferralForm, ReferralUpdateForm
from partnercenter.programs.selectors import edition_at


def _month(value: str) -> date:
    try:
        return date.fromisoformat(f"{value}-01")
    except ValueError:
        raise Http404("No such month.") from None


@portal_view()
def referrals(request: HttpRequest, person: Person) -> HttpResponse:
    """The partner's referrals and the form to register one (what makes it hot is shown)."""
    edition = edition_at(timezone.now().date())
    form = ReferralForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = referral_register(
                partner=person.partner,
                company=data["company"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                temperature=data["temperature"],
                hot_criteria=data["hot_criteria"],
                expected_value_cents=form.cents(),
                note=data["note"],
            )
        except CommissionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                f"{referral.company} is registered. Its referral code is {referral.code}.",
            )
            return redirect("portal:referrals")
    return render(
        request,
        "portal/referrals.html",
        {
            "person": person,
            "form": form,
            "referrals": commissions.partner_referrals(person.partner),
            "edition": edition,
        },
        status=400 if request.method == "POST" else 200,
    )


@portal_view()
def referral(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    """One referral: its status, code, payments, and the form to progress it."""
    item = get_object_or_404(Referral, pk=pk, partner=person.partner)
    edition = edition_at(timezone.now().date())
    initial = {
        "temperature": item.temperature,
        "hot_criteria": item.hot_criteria,
        "note": item.note,
    }
    form = ReferralUpdateForm(request.POST or None, edition=edition, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral_update(
                referral=item,
                temperature=data["temperature"],
                hot_criteria=data["hot_criteria"],
                status=data["status"] or None,
                note=data["note"],
            )
        except CommissionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"{item.company} is updated.")
            return redirect("portal:referral", pk=item.pk)
    return render(
        request,
        "portal/referral.html",
        {"person": person, "item": item, "form": form, "edition": edition},
        status=400 if request.method == "POST" else 200,
    )


@portal_view()
def commissions_page(request: HttpRequest, person: Person) -> HttpResponse:
    """Commissions: the balance, every entry with its status, and a month's statement."""
    today = timezone.now().date()
    month = _month(request.GET["month"]) if request.GET.get("month") else today.replace(day=1)
    return render(
        request,
        "portal/commissions.html",
        {
            "person": person,
            "balance": commissions.partner_balance(person.partner),
            "entries": commissions.partner_entries(person.partner).order_by("-booked_at", "-id"),
            "statement": commissions.statement_for(person.partner, month),
            "issued": MonthlyStatement.objects.filter(partner=person.partner),
            "edition": edition_at(today),
        },
    )


@portal_view()
def statement_csv(request: HttpRequest, person: Person, month: str) -> HttpResponse:
    """A month's statement as CSV (it adds up to the ledger)."""
    statement = commissions.statement_for(person.partner, _month(month))
    response = HttpResponse(commissions.statement_csv(statement), content_type="text/csv")
    response["Content-Disposition"] = (
        f'attachment; filename="{person.partner.slug}-commissions-{month}.csv"'
    )
    return response


@portal_view()
def statement_pdf_view(request: HttpRequest, person: Person, month: str) -> HttpResponse:
    """A month's statement as PDF: the issued document if there is one, else a preview."""
    first = _month(month)
    issued = MonthlyStatement.objects.filter(partner=person.partner, month=first).first()
    if issued is not None:
        pdf, name = bytes(issued.document.pdf), issued.document.filename
    else:
        pdf, name = (
            statement_pdf(person.partner, first),
            f"{person.partner.slug}-commissions-{month}.pdf",
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response

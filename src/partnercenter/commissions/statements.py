"""Monthly commission statements: a PDF per partner and month, issued once, from the ledger."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from partnercenter.commissions.models import CommissionEntry, MonthlyStatement
from partnercenter.commissions.selectors import month_start, statement_for
from partnercenter.documents.models import DocumentKind
from partnercenter.documents.services import document_code_new, document_store, render_pdf
from partnercenter.partners.models import Partner
from partnercenter.programs.selectors import edition_at


def statement_pdf(partner: Partner, month: date, code: str = "") -> bytes:
    """The month's statement rendered to PDF (the figures come straight from the ledger)."""
    statement = statement_for(partner, month)
    return render_pdf(
        "commissions/statement_pdf.html",
        {"code": code, "s": statement, "edition": edition_at(statement.month)},
    )


@transaction.atomic
def statement_issue(*, partner: Partner, month: date) -> MonthlyStatement:
    """Issue the month's statement as a verifiable document; a second call returns the first."""
    month = month_start(month)
    existing = MonthlyStatement.objects.filter(partner=partner, month=month).first()
    if existing is not None:
        return existing
    statement = statement_for(partner, month)
    code = document_code_new()
    edition = edition_at(month)
    document = document_store(
        partner=partner,
        kind=DocumentKind.STATEMENT,
        title=f"Commission statement — {partner.name}, {month:%B %Y}",
        filename=f"{partner.slug}-commissions-{month:%Y-%m}.pdf",
        pdf=statement_pdf(partner, month, code),
        code=code,
        edition_id=edition.edition_id,
    )
    return MonthlyStatement.objects.create(
        partner=partner,
        month=month,
        document=document,
        closing_cents=statement.totals.closing_cents,
    )


def statements_monthly(*, as_of: date) -> dict[str, int]:
    """Issue last month's statement for every partner with commission entries up to its end."""
    this_month = month_start(as_of)
    last = month_start(date.fromordinal(this_month.toordinal() - 1))
    partner_ids = (
        CommissionEntry.objects.filter(booked_at__date__lt=this_month)
        .values_list("partner_id", flat=True)
        .distinct()
    )
    issued = 0
    for partner in Partner.objects.filter(pk__in=list(partner_ids)).order_by("pk"):
        if not MonthlyStatement.objects.filter(partner=partner, month=last).exists():
            statement_issue(partner=partner, month=last)
            issued += 1
    return {"issued": issued}

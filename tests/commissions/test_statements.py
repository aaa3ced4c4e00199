"""Monthly statements add up to the ledger exactly; the final statement lists commissions due."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import UTC, date, datetime

import pytest

from partnercenter.commissions.payouts import (
    commissions_approve,
    payout_batch_create,
    payout_batch_mark_paid,
)
from partnercenter.commissions.selectors import partner_balance, statement_csv, statement_for
from partnercenter.commissions.services import referral_payment_record, referral_refund_record
from partnercenter.commissions.statements import statements_monthly
from partnercenter.documents.models import Document, DocumentKind

pytestmark = pytest.mark.django_db


def _at(month: int, day: int = 5) -> datetime:
    return datetime(2025, month, day, 12, tzinfo=UTC)


@pytest.fixture
def history(register, acme, staff):
    referral = register()
    referral_payment_record(referral=referral, key="p1", gross_cents=12_345, paid_at=_at(1))
    referral_payment_record(referral=referral, key="p2", gross_cents=20_001, paid_at=_at(2))
    referral_refund_record(payment_key="p2", key="r1", gross_cents=5_005, refunded_at=_at(2, 20))
    return referral


def test_each_months_statement_adds_up_to_the_ledger(history, acme):
    january, february = statement_for(acme, date(2025, 1, 1)), statement_for(acme, date(2025, 2, 1))
    assert (january.totals.opening_cents, january.totals.closing_cents) == (0, 1_235)
    assert february.totals.opening_cents == january.totals.closing_cents
    assert (
        february.totals.closing_cents == partner_balance(acme) == 1_235 + 2_000 - 501
    )  # fee(27,341) = 2,734
    rows = list(csv.reader(io.StringIO(statement_csv(february))))
    assert rows[1][1] == "opening" and rows[-1][1] == "closing"
    assert int(rows[1][-1]) + sum(int(r[-1]) for r in rows[2:-1]) == int(rows[-1][-1])


def test_the_monthly_job_issues_each_statement_once(history, acme):
    assert statements_monthly(as_of=date(2025, 3, 10)) == {"issued": 1}
    assert statements_monthly(as_of=date(2025, 3, 11)) == {"issued": 0}
    doc = Document.objects.get(kind=DocumentKind.STATEMENT)
    assert doc.title == "Commission statement — Acme, February 2025"
    assert doc.pdf[:4] == b"%PDF"


def test_the_final_statement_lists_the_commissions_still_due(history, acme, staff):
    from partnercenter.commissions.selectors import commissions_due, partner_entries
    from partnercenter.membership.termination import statement_issue

    first = partner_entries(acme).first()
    assert first is not None
    commissions_approve(entry_ids=[first.pk], staff_user=staff)
    payout_batch_mark_paid(batch=payout_batch_create(staff_user=staff), staff_user=staff)
    due = commissions_due(acme)
    assert sum(r["amount_cents"] for r in due) == partner_balance(acme) == 1_499
    acme.status = "terminated"
    acme.save()
    doc = statement_issue(partner=acme, on=date(2025, 3, 1), reason="Notice took effect.")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=bytes(doc.pdf), capture_output=True, check=True
    ).stdout.decode()
    assert "Commissions still due" in text and "USD 14.99" in text

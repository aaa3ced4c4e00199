"""Back-office invoices: filter, record a payment (exact amount), void with a credit note."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from partnercenter.billing.models import CreditNote, Invoice, Payment
from partnercenter.billing.services import plan_choose

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world):
    client = Client()
    client.force_login(world.staff)
    return client


@pytest.fixture
def invoice(world):
    return plan_choose(partner=world.a, plan="silver", on=date.today() - timedelta(days=20)).invoice


@pytest.mark.parametrize(
    ("status", "shown"), [("open", True), ("overdue", True), ("paid", False), ("", True)]
)
def test_filters(staff, invoice, status, shown):
    body = staff.get(f"/backoffice/invoices/?status={status}").content.decode()
    assert (invoice.number in body) is shown


def test_record_a_payment(staff, invoice, world):
    url = f"/backoffice/invoices/{invoice.number}/payment/"
    response = staff.post(
        url, {"amount": "800.00", "paid_on": str(date.today()), "reference": "BANK-9"}
    )
    assert response.status_code == 302
    invoice.refresh_from_db()
    world.a.refresh_from_db()
    assert invoice.status == "paid"
    assert Payment.objects.get().recorded_by == world.staff
    assert world.a.plan_paid_until == invoice.period_end


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "799.99", "paid_on": "2026-01-01", "reference": "B"}, "does not settle it"),
        ({"amount": "800.00", "paid_on": "", "reference": "B"}, "This field is required"),
        ({"amount": "abc", "paid_on": "2026-01-01", "reference": "B"}, "Enter a number"),
    ],
)
def test_a_bad_payment_is_refused_on_its_field_and_changes_nothing(staff, invoice, data, message):
    response = staff.post(f"/backoffice/invoices/{invoice.number}/payment/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Payment.objects.count() == 0
    assert Invoice.objects.get().status == "open"


def test_void_needs_a_reason_then_issues_a_credit_note(staff, invoice):
    url = f"/backoffice/invoices/{invoice.number}/void/"
    assert staff.post(url, {"reason": ""}).status_code == 400
    assert CreditNote.objects.count() == 0
    assert staff.post(url, {"reason": "Wrong plan"}).status_code == 302
    note = CreditNote.objects.get()
    pdf = staff.get(f"/backoffice/invoices/{invoice.number}/credit-note.pdf")
    assert pdf.content.startswith(b"%PDF")
    assert note.number in staff.get(f"/backoffice/invoices/{invoice.number}/").content.decode()


def test_the_partner_page_lists_its_invoices(staff, invoice, world):
    assert invoice.number in staff.get(f"/backoffice/partners/{world.a.slug}/").content.decode()

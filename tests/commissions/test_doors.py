"""The doors: portal Referrals and Commissions, back office Commissions, the commissions API."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client

from partnercenter.commissions.models import CommissionEntry, Referral
from partnercenter.commissions.services import referral_payment_record, referral_register
from tests.commissions.conftest import HOT, snapshot
from tests.submissions.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_partner: Any) -> Any:
    return make_world(make_partner)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _referral(world: Any, **kw: Any) -> Referral:
    return referral_register(
        partner=world.a,
        company="Contoso",
        contact_name="Jo",
        contact_email="jo@contoso.example",
        **kw,
    )


def test_a_partner_registers_a_hot_referral_in_the_portal(world):
    client = _client(world.a_member.user)
    page = client.get("/portal/referrals/")
    assert page.status_code == 200 and b"Joint call with 7x held" in page.content
    data = {
        "company": "Contoso",
        "contact_name": "Jo",
        "contact_email": "jo@contoso.example",
        "expected_value": "25000",
        "temperature": "hot",
        "hot_criteria": HOT,
    }
    response = client.post("/portal/referrals/", data, follow=True)
    referral = Referral.objects.get()
    assert (referral.temperature, referral.expected_value_cents) == ("hot", 2_500_000)
    assert referral.code.encode() in response.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"temperature": "hot", "hot_criteria": ["budget"]}, b"missing: Timeline agreed"),
        ({"company": "CONTOSO ltd"}, b"already registered"),
        ({"contact_email": "x@contoso.example", "company": "Other"}, b"contoso.example is already"),
    ],
)
def test_portal_refusals_name_the_field_and_change_nothing(world, data, message):
    referral_register(
        partner=world.b, company="Contoso", contact_name="B", contact_email="b@contoso.example"
    )
    before = snapshot()
    form = {
        "company": "New Co",
        "contact_name": "Jo",
        "contact_email": "jo@new.example",
        "temperature": "cold",
    }
    response = _client(world.a_member.user).post("/portal/referrals/", {**form, **data})
    assert response.status_code == 400 and message in response.content
    assert snapshot() == before


def test_the_commissions_page_shows_the_statement_and_csv_adds_up(world):
    referral = _referral(world, temperature="hot", hot_criteria=HOT)
    referral_payment_record(
        referral=referral, key="p1", gross_cents=100_000, paid_at=datetime(2025, 3, 2, tzinfo=UTC)
    )
    client = _client(world.a_member.user)
    page = client.get("/portal/commissions/?month=2025-03")
    assert b"USD 200" in page.content and referral.code.encode() in page.content
    rows = list(
        csv.reader(
            io.StringIO(client.get("/portal/commissions/statement-2025-03.csv").content.decode())
        )
    )
    assert [r[-1] for r in rows] == ["amount_cents", "0", "20000", "20000"]
    pdf = client.get("/portal/commissions/statement-2025-03.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    assert client.get("/portal/commissions/statement-2025-13.csv").status_code == 404


def test_staff_record_approve_batch_and_pay_in_the_back_office(world):
    from partnercenter.commissions.models import PayoutBatch
    from partnercenter.staffroles.models import ApprovalRequest
    from tests.submissions.factories import make_staff

    referral = _referral(world)
    client = _client(world.staff)
    second = _client(make_staff("finance2@7x.example", roles=("finance",)))  # four-eyes
    response = client.post(
        "/backoffice/commissions/payment/",
        {
            "referral_code": referral.code.lower(),
            "reference": "INV-1",
            "amount": "119.00",
            "tax": "19.00",
            "paid_on": "2025-03-02",
        },
        follow=True,
    )
    assert b"waits for a second finance user" in response.content
    assert not CommissionEntry.objects.exists()
    asked = ApprovalRequest.objects.get(kind="commission_payment")
    response = second.post(
        f"/backoffice/approvals/{asked.pk}/", {"decision": "approve"}, follow=True
    )
    assert b"commission 10.00 USD" in response.content
    entry = CommissionEntry.objects.get()
    client.post("/backoffice/commissions/approve/", {"entry": str(entry.pk)})
    client.post("/backoffice/commissions/batches/", {"key": "b1"})
    assert not PayoutBatch.objects.exists()
    asked = ApprovalRequest.objects.get(kind="payout_batch")
    second.post(f"/backoffice/approvals/{asked.pk}/", {"decision": "approve"})
    page = client.get("/backoffice/commissions/")
    assert b"CSV for the bank" in page.content
    batch = PayoutBatch.objects.get()
    text = client.get(f"/backoffice/commissions/batches/{batch.pk}.csv").content.decode()
    assert "acme,Acme,1000,10.00,1" in text
    client.post(f"/backoffice/commissions/batches/{batch.pk}/paid/")
    batch.refresh_from_db()
    assert batch.paid_at is not None
    assert sum(CommissionEntry.objects.values_list("amount_cents", flat=True)) == 0


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        (
            "payment/",
            {"referral_code": "R-NONE", "reference": "x", "amount": "1", "paid_on": "2025-03-02"},
            b"No referral has the code",
        ),
        (
            "refund/",
            {"payment_reference": "INV-1", "reference": "r", "amount": "500"},
            b"larger than the payment",
        ),
        (
            "payment/",
            {"referral_code": "", "reference": "x", "amount": "-1", "paid_on": "x"},
            b"This field is required",
        ),
    ],
)
def test_back_office_refusals_change_nothing(world, url, data, message):
    referral = _referral(world)
    referral_payment_record(referral=referral, key="staff:INV-1", gross_cents=10_000)
    before = snapshot()
    response = _client(world.staff).post(f"/backoffice/commissions/{url}", data)
    assert response.status_code == 400 and message in response.content
    assert snapshot() == before


def test_paying_out_nothing_approved_says_so(world):
    referral_payment_record(referral=_referral(world), key="p1", gross_cents=10_000)
    before = snapshot()
    response = _client(world.staff).post("/backoffice/commissions/batches/", follow=True)
    assert b"No approved commissions" in response.content
    assert snapshot() == before


@pytest.mark.parametrize(("who", "status"), [("a_member", 200), ("staff", 200), ("b_admin", 404)])
def test_the_api_gives_entries_and_balance_to_own_people_and_staff(world, who, status):
    referral_payment_record(referral=_referral(world), key="p1", gross_cents=10_000)
    user = world.staff if who == "staff" else getattr(world, who).user
    response = _client(user).get("/api/v1/partners/acme/commissions")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["balance_cents"] == 1_000 == sum(e["amount_cents"] for e in body["entries"])
        assert body["entries"][0]["status"] == "pending"

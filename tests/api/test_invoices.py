"""The invoices API: a partner's people and staff read its invoices and PDFs; others get 404."""

from __future__ import annotations

from datetime import date

import pytest

from partnercenter.billing.services import billing_run, plan_choose

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoices(world):
    plan_choose(partner=world.acme, plan="silver", on=date(2026, 1, 10))
    billing_run(as_of=date(2026, 3, 10))
    return ["2026-000003", "2026-000002", "2026-000001"]


def test_list_is_newest_first_and_cursor_paged(as_, invoices):
    first = as_("acme_member").get("/partners/acme/invoices", limit=2).json()
    assert [i["number"] for i in first["items"]] == invoices[:2]
    item = first["items"][0]
    assert (item["total_cents"], item["status"], item["period_start"]) == (
        80_000,
        "open",
        "2026-03-10",
    )
    assert item["pdf_url"] == "/api/v1/partners/acme/invoices/2026-000003.pdf"
    assert item["verification_code"].startswith("PC-")
    rest = (
        as_("acme_member")
        .get("/partners/acme/invoices", limit=2, cursor=first["next_cursor"])
        .json()
    )
    assert [i["number"] for i in rest["items"]] == invoices[2:]
    assert rest["next_cursor"] is None


@pytest.mark.parametrize(
    ("who", "status"), [("acme_member", 200), ("staff", 200), ("globex_admin", 404), (None, 401)]
)
def test_pdf_for_own_people_and_staff_only(as_, invoices, who, status):
    response = as_(who).get("/partners/acme/invoices/2026-000001.pdf")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_unknown_invoice_number_is_404(as_, invoices):
    response = as_("acme_admin").get("/partners/acme/invoices/2026-999999.pdf")
    assert response.status_code == 404
    assert response.json()["field"] == "number"

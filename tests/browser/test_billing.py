"""A partner admin chooses a plan, opens the invoice PDF; staff record the payment; the portal
shows the plan paid through the period's end. In a real Chromium, every page checked by axe."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from partnercenter.billing.models import Invoice
from partnercenter.domain.windows import add_months
from tests.browser.conftest import SHOTS, axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


def test_choose_a_plan_pay_the_invoice_and_see_it_paid(
    live_server: Any, world: World, new_page: Any, tmp_path: Path
) -> None:
    base = live_server.url
    today = timezone.now().date()
    period_end = add_months(today, 1) - timedelta(days=1)

    # The partner admin chooses Silver on "Plan & benefits"
    partner = new_page()
    sign_in(partner, base, "ada@acme.example")
    partner.get_by_role("link", name="Plan & benefits").click()
    axe_check(partner)
    shot(partner, "billing-01-plan-choice")
    partner.get_by_role("button", name="Choose Silver Partner Plan").click()
    partner.wait_for_load_state()
    assert partner.url.endswith("/portal/invoices/")
    invoice = Invoice.objects.get(partner=world.a)
    assert invoice.number in html(partner)
    assert "Bank transfer" in html(partner)
    axe_check(partner)
    shot(partner, "billing-02-portal-invoices-open")

    # ... and opens its PDF
    link = partner.get_by_role("link", name=f"Invoice PDF {invoice.number}")
    response = partner.request.get(base + str(link.get_attribute("href")))
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(response.body())
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-singlefile",
            str(pdf),
            str(SHOTS / "billing-03-invoice-pdf"),
        ],
        check=True,
    )

    # Staff record the bank transfer
    staff = new_page()
    sign_in(staff, base, world.staff.username)
    staff.get_by_role("navigation", name="Back office").get_by_role("link", name="Invoices").click()
    staff.get_by_label("Status").select_option("open")
    staff.get_by_role("button", name="Filter").click()
    axe_check(staff)
    shot(staff, "billing-04-backoffice-invoices")
    staff.get_by_role("link", name=invoice.number).click()
    axe_check(staff)
    assert staff.get_by_label("Amount (USD)").input_value() == "800.00"
    staff.get_by_label("Paid on").fill(today.isoformat())
    staff.get_by_label("Reference").fill("BANK-2026-118")
    shot(staff, "billing-05-backoffice-invoice")
    staff.get_by_role("button", name="Record the payment").click()
    staff.wait_for_load_state()
    assert "is paid" in html(staff)
    shot(staff, "billing-06-backoffice-paid")

    # The portal shows the plan paid through the period's end
    partner.get_by_role("link", name="Plan & benefits").click()
    paid = f"{period_end.day} {period_end:%B %Y}"
    assert f"paid through <strong>{paid}</strong>" in html(partner)
    shot(partner, "billing-07-plan-paid")
    partner.get_by_role("navigation", name="Portal").get_by_role("link", name="Invoices").click()
    assert "paid " in partner.inner_text("table")
    shot(partner, "billing-08-portal-invoices-paid")

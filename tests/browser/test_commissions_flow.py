"""A partner registers a referral and makes it hot; the store pays (a signed webhook); the 20 %
commission appears on the portal statement; staff approve it and pay it out in a batch (CSV).
In a real Chromium; every page checked by axe; the statement PDF rendered to PNG."""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from partnercenter.commissions.models import CommissionEntry, PayoutBatch, Referral
from partnercenter.hooks.conf import secret_for
from partnercenter.hooks.services import deliveries_drain
from partnercenter.hooks.signing import sign_timestamped
from tests.browser.conftest import SHOTS, axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_staff, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


def _store_pays(code: str, order_id: str, amount_cents: int, tax_cents: int) -> None:
    """The store's signed `order.paid` for the referred customer, quoting the referral code."""
    body = json.dumps(
        {
            "id": f"evt_{uuid.uuid4().hex[:12]}",
            "type": "order.paid",
            "created": int(time.time()),
            "data": {
                "order_id": order_id,
                "referral_code": code,
                "buyer_email": "it@contoso.example",
                "amount_cents": amount_cents,
                "tax_cents": tax_cents,
                "currency": "USD",
                "paid_at": timezone.now().isoformat(),
            },
        }
    ).encode()
    signature = sign_timestamped(secret_for("store"), body, None)
    response = Client().post(
        "/hooks/store", data=body, content_type="application/json", HTTP_X_STORE_SIGNATURE=signature
    )
    assert response.status_code == 202
    deliveries_drain()


def test_a_hot_referral_paid_by_the_store_is_paid_out(
    live_server: Any, world: World, new_page: Any, tmp_path: Path
) -> None:
    base = live_server.url

    # The partner registers a referral, cold at first
    partner = new_page()
    sign_in(partner, base, "max@acme.example")
    partner.get_by_role("navigation", name="Portal").get_by_role("link", name="Referrals").click()
    axe_check(partner)
    partner.get_by_label("Company").fill("Contoso Ltd")
    partner.get_by_label("Contact name").fill("Jo Park")
    partner.get_by_label("Contact e-mail").fill("jo@contoso.example")
    partner.get_by_label("Expected value (USD)").fill("12000")
    with partner.expect_navigation():
        partner.get_by_role("button", name="Register referral").click()
    referral = Referral.objects.get()
    assert referral.code in html(partner)
    shot(partner, "commissions-01-portal-referrals")

    # ... then marks it hot: every criterion is needed
    partner.get_by_role("link", name="Contoso Ltd").click()
    partner.get_by_label("Hot: a qualified need").check()
    partner.get_by_label("Budget confirmed").check()
    partner.get_by_role("button", name="Save").click()
    assert "missing: Timeline agreed" in html(partner)
    axe_check(partner)
    for label in ("Timeline agreed", "Decision maker involved", "Joint call with 7x held"):
        partner.get_by_label(label).check()
    with partner.expect_navigation():
        partner.get_by_role("button", name="Save").click()
    referral.refresh_from_db()
    assert referral.temperature == "hot"
    axe_check(partner)
    shot(partner, "commissions-02-portal-referral-hot")

    # The store is paid by the customer (USD 1,190 incl. 190 tax), delivered twice
    _store_pays(referral.code, "ord_contoso_1", 119_000, 19_000)
    _store_pays(referral.code, "ord_contoso_1", 119_000, 19_000)
    assert [e.amount_cents for e in CommissionEntry.objects.all()] == [20_000]

    # The 20 % commission is on the portal statement
    partner.get_by_role("navigation", name="Portal").get_by_role("link", name="Referrals").click()
    partner.get_by_role("link", name="Your commissions and statements").click()
    statement = partner.get_by_test_id("statement")
    assert "USD 200" in statement.inner_text() and "20 % (hot)" in statement.inner_text()
    assert partner.get_by_test_id("commission-balance").inner_text() == "USD 200"
    axe_check(partner)
    shot(partner, "commissions-03-portal-statement")
    link = partner.get_by_role("link", name="Statement PDF")
    pdf = tmp_path / "statement.pdf"
    pdf.write_bytes(partner.request.get(base + str(link.get_attribute("href"))).body())
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-singlefile",
            str(pdf),
            str(SHOTS / "commissions-04-statement-pdf"),
        ],
        check=True,
    )

    # Staff approve it, build a payout batch, download the CSV and mark it paid
    staff = new_page()
    sign_in(staff, base, world.staff.username)
    staff.get_by_role("navigation", name="Back office").get_by_role(
        "link", name="Commissions"
    ).click()
    axe_check(staff)
    shot(staff, "commissions-05-backoffice-pending")
    staff.get_by_role("button", name="Approve selected").click()
    staff.wait_for_load_state()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Ask to build a payout batch").click()
    assert not PayoutBatch.objects.exists()  # four-eyes: a second finance user approves it
    second = new_page()
    sign_in(second, base, make_staff("finance2@7x.example", roles=("finance",)).username)
    second.goto(f"{base}/backoffice/approvals/")
    second.get_by_role("button", name="Approve request").click()
    expect(second.get_by_role("status")).to_contain_text("Payout batch")
    staff.reload()
    batch = PayoutBatch.objects.get()
    with staff.expect_download() as download:
        staff.get_by_role("link", name=f"CSV for the bank (batch {batch.pk})").click()
    csv_text = Path(download.value.path()).read_text()
    assert "acme,Acme,20000,200.00,1" in csv_text
    axe_check(staff)
    shot(staff, "commissions-06-backoffice-batch")
    staff.get_by_role("button", name=f"Mark paid (batch {batch.pk})").click()
    staff.wait_for_load_state()
    assert "is marked paid" in html(staff)
    axe_check(staff)
    shot(staff, "commissions-07-backoffice-paid")

    # The partner sees it paid and the balance back to zero
    partner.reload()
    assert partner.get_by_test_id("commission-balance").inner_text() == "USD 0"
    shot(partner, "commissions-08-portal-paid")

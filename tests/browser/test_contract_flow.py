"""The contract in a real Chromium: the partner admin reads the PDF and signs; staff countersign;
the verification code checks out on the public page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from partnercenter.contracts.models import Contract, Countersignature, Signature
from partnercenter.partners.models import Partner
from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    world = make_world(make_partner)
    Partner.objects.filter(pk=world.a.pk).update(
        status="applicant", plan="now", country="DE", website="https://acme.example"
    )
    return world


def test_sign_countersign_and_verify(live_server: Any, world: World, new_page: Any) -> None:
    base = live_server.url
    admin = new_page()
    sign_in(admin, base, "ada@acme.example")
    admin.get_by_role("link", name="Contract", exact=True).click()
    admin.wait_for_load_state()

    frame = admin.locator("iframe[title='The contract to sign (PDF)']")
    assert frame.is_visible()
    pdf = admin.request.get(base + str(frame.get_attribute("src")))
    contract = Contract.objects.get(partner=world.a)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body() == bytes(contract.document.pdf)
    admin.wait_for_timeout(1500)  # let Chromium's PDF viewer draw the first page
    shot(admin, "40-portal-contract-to-sign")
    axe_check(admin)

    # A missing checkbox is refused on the field; nothing is signed.
    admin.get_by_label("Your full name").fill("Ada Lovelace")
    admin.get_by_label("Your title").fill("Managing Director")
    admin.get_by_role("button", name="Sign the contract").click()
    admin.wait_for_load_state()
    assert "Check the box" in html(admin)
    assert Signature.objects.count() == 0
    shot(admin, "41-portal-contract-refused")
    axe_check(admin)

    # From the keyboard: with Chromium's PDF viewer loaded in the page's frame, headless
    # Chromium may route mouse clicks below the frame into it after a screenshot.
    admin.get_by_label("I have read and accept").press("Space")
    admin.get_by_role("button", name="Sign the contract").press("Enter")
    admin.wait_for_load_state()
    signature = Signature.objects.get()
    code = signature.signed_document.code
    assert f"verification code {code}" in html(admin)
    assert admin.get_by_text("Awaiting 7x's countersignature").first.is_visible()
    world.a.refresh_from_db()
    assert world.a.status == "active"
    shot(admin, "42-portal-contract-signed")
    axe_check(admin)

    staff = new_page()
    sign_in(staff, base, world.staff.username)
    staff.goto(base + "/backoffice/partners/acme/")
    assert staff.get_by_role("button", name="Countersign for 7x").is_visible()
    shot(staff, "43-backoffice-partner-to-countersign")
    staff.goto(base + "/backoffice/")
    staff.get_by_role("link", name="Contracts", exact=True).click()
    staff.wait_for_load_state()
    assert "Ada Lovelace" in html(staff)
    shot(staff, "43-backoffice-contracts-awaiting-list")
    axe_check(staff)
    staff.get_by_role("link", name="Joining contract").click()
    staff.wait_for_load_state()
    staff.wait_for_timeout(1500)  # let the PDF viewer draw
    shot(staff, "44-backoffice-contract")
    axe_check(staff)
    staff.get_by_label("Your full name").fill("Sam Staff")
    # Enter submits the form: a click at the button's place can land in the PDF viewer
    # drawn above the page (Chromium's viewer ignores the iframe's clip) and follow a link.
    staff.get_by_label("Your full name").press("Enter")
    # The answer page says so once the countersignature is stored.
    expect(staff.get_by_text("Nothing to countersign").first).to_be_visible()
    assert Countersignature.objects.get().signed_document_sha256 == signature.signed_document.sha256
    staff.goto(base + "/backoffice/partners/acme/")
    assert staff.get_by_role("heading", name="Contract").is_visible()
    staff.get_by_role("heading", name="Contract").scroll_into_view_if_needed()
    shot(staff, "45-backoffice-partner-contract")
    axe_check(staff)

    admin.reload()
    assert "Sam Staff for 7x" in html(admin)
    shot(admin, "46-portal-contract-countersigned")

    public = new_page()
    public.goto(f"{base}/documents/verify/{code}/")
    assert public.get_by_role("heading", name="Genuine document").is_visible()
    assert signature.signed_document.sha256 in html(public)
    shot(public, "47-verify-signed-contract")


def test_renew_near_the_end_then_read_only_after_termination(
    live_server: Any, world: World, new_page: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from partnercenter.contracts.services import contract_issue, contract_sign

    today = timezone.now().date()
    joining = contract_issue(partner=world.a, kind="joining", on=today - timedelta(days=340))
    contract_sign(
        contract=joining,
        person=world.a_admin,
        full_name="Ada Lovelace",
        title="CEO",
        accepted=True,
        ip="192.0.2.1",
        user_agent="UA",
        shown_sha256=joining.sha256,
    )
    ends = today + timedelta(days=25)
    Partner.objects.filter(pk=world.a.pk).update(status="active", valid_until=ends)
    base = live_server.url
    admin = new_page()
    sign_in(admin, base, "ada@acme.example")
    admin.goto(base + "/portal/contract/")
    assert admin.get_by_role("heading", name="Renew your membership").is_visible()
    shot(admin, "48-portal-contract-renewal-offered")
    axe_check(admin)

    admin.get_by_role("button", name="Renew: accept the current edition's contract").click()
    admin.wait_for_load_state()
    assert admin.get_by_role("heading", name="Renewal contract to sign").is_visible()
    admin.get_by_label("Your full name").fill("Ada Lovelace")
    admin.get_by_label("Your title").fill("CEO")
    # From the keyboard: with Chromium's PDF viewer loaded in the page's frame, headless
    # Chromium may route mouse clicks below the frame into it after a screenshot.
    admin.get_by_label("I have read and accept").press("Space")
    admin.get_by_role("button", name="Sign the contract").press("Enter")
    admin.wait_for_load_state()
    world.a.refresh_from_db()
    assert world.a.valid_until is not None and world.a.valid_until > ends + timedelta(days=360)
    assert admin.get_by_role("heading", name="Your signed renewal contract").is_visible()
    shot(admin, "49-portal-contract-renewed")

    Partner.objects.filter(pk=world.a.pk).update(status="terminated")
    admin.goto(base + "/portal/contract/")
    assert "no longer a member" in html(admin)
    assert admin.get_by_role("button", name="Sign the contract").count() == 0
    shot(admin, "50-portal-contract-terminated")
    axe_check(admin)

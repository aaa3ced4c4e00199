"""Staff roles and four-eyes in a real Chromium (issue 10): an approver is refused the finance
pages (403, in our look); a payout batch asked for by one finance user waits until a second
one approves it, and the first cannot approve their own. Every page checked by axe."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from partnercenter.audit.models import AuditEvent
from partnercenter.commissions.models import PayoutBatch
from partnercenter.commissions.payouts import commissions_approve
from partnercenter.commissions.services import referral_payment_record, referral_register
from partnercenter.staffroles.models import ApprovalRequest
from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_staff, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


def _approved_commission(world: World) -> None:
    referral = referral_register(
        partner=world.a, company="Fjord AS", contact_name="Jo", contact_email="jo@fjord.example"
    )
    paid = referral_payment_record(
        referral=referral, key="p1", gross_cents=250_000, paid_at=datetime(2025, 3, 3, tzinfo=UTC)
    )
    assert paid.entry is not None
    commissions_approve(entry_ids=[paid.entry.pk], staff_user=world.staff)


def test_an_approver_is_refused_finance_and_a_payout_needs_a_second_finance_user(
    live_server: Any, world: World, new_page: Any
) -> None:
    from django.core.cache import cache

    base = live_server.url
    cache.clear()  # refusals are recorded once per address and minute: forget earlier tests'
    _approved_commission(world)
    make_staff("approver@7x.example", roles=("approver",))
    make_staff("finance@7x.example", roles=("finance",))
    make_staff("finance2@7x.example", roles=("finance",))

    # Everything: the grouped navigation of a staff member with every role.
    everyone = new_page()
    sign_in(everyone, base, world.staff.username)
    everyone.goto(f"{base}/backoffice/")
    nav = everyone.get_by_role("navigation", name="Back office")
    for section in ("Program", "Partners", "Approvals", "Money", "Support", "System"):
        expect(nav).to_contain_text(section)
    shot(everyone, "roles-nav-all")
    narrow = new_page(mobile=True)
    sign_in(narrow, base, world.staff.username)
    narrow.goto(f"{base}/backoffice/")
    shot(narrow, "roles-nav-mobile")

    # The approver sees only their sections and is refused the finance pages.
    approver = new_page()
    sign_in(approver, base, "approver@7x.example")
    approver.goto(f"{base}/backoffice/")
    nav = approver.get_by_role("navigation", name="Back office")
    expect(nav.get_by_role("link", name="Approval queue")).to_be_visible()
    expect(nav.get_by_role("link", name="Invoices")).to_have_count(0)
    expect(nav.get_by_role("link", name="Commissions")).to_have_count(0)
    axe_check(approver)
    shot(approver, "roles-nav-approver")
    for url in ("/backoffice/invoices/", "/backoffice/commissions/"):
        response = approver.goto(f"{base}{url}")
        assert response is not None and response.status == 403, url
        expect(approver.get_by_role("heading", name="Not allowed")).to_be_visible()
        expect(approver.locator("main")).to_contain_text("the finance role")
    axe_check(approver)
    shot(approver, "roles-approver-refused-finance")
    assert AuditEvent.objects.filter(action="auth.denied", path="/backoffice/invoices/").exists()

    # The first finance user asks for a payout batch: nothing is paid out yet.
    first = new_page()
    sign_in(first, base, "finance@7x.example")
    first.goto(f"{base}/backoffice/commissions/")
    first.get_by_role("button", name="Ask to build a payout batch").click()
    expect(first.get_by_role("status")).to_contain_text("waits for a second finance user")
    assert PayoutBatch.objects.count() == 0
    first.get_by_role("navigation", name="Back office").get_by_role(
        "link", name="Second pair of eyes"
    ).click()
    expect(first.get_by_role("heading", level=1)).to_have_text("Waiting for a second pair of eyes")
    card = first.get_by_test_id(f"approval-{ApprovalRequest.objects.get().pk}")
    expect(card).to_contain_text("You asked for this.")
    expect(card.get_by_role("button", name="Approve")).to_have_count(0)
    axe_check(first)
    shot(first, "roles-approvals-own-request")
    # Even sending the approval by hand is refused, with a clear message; nothing changes.
    pk = ApprovalRequest.objects.get().pk
    token = first.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    refused = first.request.post(
        f"{base}/backoffice/approvals/{pk}/",
        form={"decision": "approve", "csrfmiddlewaretoken": token or ""},
        headers={"Referer": f"{base}/backoffice/approvals/"},
    )
    assert refused.status == 400
    assert "You asked for this yourself" in refused.text()
    assert PayoutBatch.objects.count() == 0

    # A second finance user approves: the batch is built now.
    second = new_page()
    sign_in(second, base, "finance2@7x.example")
    second.goto(f"{base}/backoffice/approvals/")
    axe_check(second)
    shot(second, "roles-approvals-second-finance")
    second.get_by_role("button", name=f"Approve request {pk}").click()
    expect(second.get_by_role("status")).to_contain_text("Payout batch")
    assert "Nothing is waiting." in html(second)
    axe_check(second)
    shot(second, "roles-approvals-approved")
    batch = PayoutBatch.objects.get()
    assert batch.created_by == "finance2@7x.example"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"approval.request", "approval.approve", "payout.create"} <= actions


def test_a_large_adjustment_waits_for_a_second_approver_and_the_viewer_changes_nothing(
    live_server: Any, world: World, new_page: Any, settings: Any
) -> None:
    from partnercenter.ledger.models import Entry

    settings.PARTNERCENTER_ADJUSTMENT_LIMIT_POINTS = 500
    base = live_server.url
    make_staff("approver@7x.example", roles=("approver",))
    make_staff("approver2@7x.example", roles=("approver",))
    make_staff("viewer@7x.example", roles=("viewer",))

    # An approver asks for 900 points: more than the limit, so it waits.
    first = new_page()
    sign_in(first, base, "approver@7x.example")
    first.goto(f"{base}/backoffice/partners/acme/")
    expect(first.get_by_text("More than 500 points either way")).to_be_visible()
    form = first.get_by_role("region", name="Adjust points")
    form.get_by_role("spinbutton", name="Points").fill("900")
    form.get_by_role("textbox", name="Reason").fill("Points of the old partner system")
    first.get_by_role("button", name="Post the adjustment").click()
    expect(first.get_by_role("status")).to_contain_text("need a second approver")
    assert not Entry.objects.filter(partner=world.a).exists()
    axe_check(first)
    shot(first, "roles-adjustment-asked")

    # The viewer reads the partner's page without any form, and the waiting request.
    viewer = new_page()
    sign_in(viewer, base, "viewer@7x.example")
    viewer.goto(f"{base}/backoffice/partners/acme/")
    expect(viewer.get_by_role("heading", name="Adjust points")).to_have_count(0)
    expect(viewer.get_by_test_id("read-only")).to_contain_text("every change is refused")
    axe_check(viewer)
    shot(viewer, "roles-viewer-partner")
    viewer.goto(f"{base}/backoffice/approvals/")
    expect(viewer.locator("main")).to_contain_text("+900 points for Acme")
    expect(viewer.get_by_role("button", name="Approve")).to_have_count(0)

    # A second approver approves: the points are posted now.
    second = new_page()
    sign_in(second, base, "approver2@7x.example")
    second.goto(f"{base}/backoffice/approvals/")
    second.get_by_role("button", name="Approve request").click()
    expect(second.get_by_role("status")).to_contain_text("Posted +900 points to Acme")
    assert Entry.objects.get(partner=world.a).points == 900

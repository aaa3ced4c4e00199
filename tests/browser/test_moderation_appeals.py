"""In a real Chromium: a partner edits its public page, the public page keeps the approved
words until staff approve; a partner appeals a rejected activity, staff uphold it and the
ledger shows the correcting entry linked to the appeal. Every new page checked by axe."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from partnercenter.appeals.models import Appeal
from partnercenter.directory.services import listing_update
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Partner
from partnercenter.review.models import TierDecision
from tests.appeals.factories import commission, rejected_submission
from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    w = make_world(make_partner)
    TierDecision.objects.create(
        partner=w.a, as_of=date(2026, 1, 1), edition_id="2025-01-01",
        facts={"points": 60_000}, level="gold", direction="up", explanation=[],
    )  # fmt: skip
    Partner.objects.filter(pk=w.a.pk).update(current_level="gold")
    listing_update(
        partner=w.a, description="Acme builds intranets.", services=["Intranets", "Training"]
    )
    return w


def test_public_page_change_waits_for_staff_approval(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    partner = new_page()
    sign_in(partner, base, "ada@acme.example")
    partner.get_by_role("link", name="Public page").click()
    partner.get_by_label("Description").fill("Acme builds portals for public bodies.")
    partner.get_by_label("Case studies", exact=False).fill(
        "City of Lund portal\nA citizen portal with 40 services, live in 10 weeks."
    )
    partner.get_by_role("button", name="Save").click()
    expect(partner.get_by_test_id("moderation-status")).to_contain_text("Waiting for review")
    axe_check(partner)
    shot(partner, "moderation-portal-waiting")
    # the public still sees the approved words
    public = new_page()
    public.goto(base + "/partners/acme/")
    body = public.locator("body").inner_text()
    assert "Acme builds intranets." in body and "portals for public bodies" not in body
    # staff compare live and proposed, and approve
    staff = new_page()
    sign_in(staff, base, world.staff.username)
    staff.goto(base + "/backoffice/")
    staff.get_by_role("link", name="Moderation").click()
    expect(staff.get_by_role("heading", name="Moderation of public pages")).to_be_visible()
    axe_check(staff)
    shot(staff, "moderation-queue")
    staff.get_by_role("link", name="Acme").click()
    expect(staff.locator("table")).to_contain_text("Acme builds intranets.")
    expect(staff.locator("table")).to_contain_text("Acme builds portals for public bodies.")
    axe_check(staff)
    shot(staff, "moderation-revision")
    staff.get_by_role("button", name="Approve and publish").click()
    expect(staff.locator(".message").first).to_contain_text("Approved")
    # now the public page shows the new words and the case study
    public.reload()
    body = public.locator("body").inner_text()
    assert "Acme builds portals for public bodies." in body and "City of Lund portal" in body
    axe_check(public)
    shot(public, "moderation-public-after")
    # a second change is rejected with a reason the partner reads
    partner.get_by_label("Description").fill("The best partner in the world!!!")
    partner.get_by_role("button", name="Save").click()
    expect(partner.get_by_test_id("moderation-status")).to_contain_text("Waiting for review")
    staff.goto(base + "/backoffice/moderation/")
    staff.get_by_role("link", name="Acme").click()
    staff.get_by_label("Reason", exact=False).fill("Superlatives cannot be verified.")
    staff.get_by_role("button", name="Reject").click()
    expect(staff.locator(".message").first).to_contain_text("Rejected")
    partner.reload()
    expect(partner.get_by_test_id("moderation-status")).to_contain_text(
        "Superlatives cannot be verified."
    )
    axe_check(partner)
    shot(partner, "moderation-portal-rejected")
    public.reload()
    assert "best partner" not in public.locator("body").inner_text()


def test_appeal_of_a_rejected_activity_upheld_with_a_ledger_entry(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    s = rejected_submission(world.a, world.a_admin, world.staff)
    commission(world.a)
    partner = new_page()
    sign_in(partner, base, "ada@acme.example")
    partner.get_by_role("link", name="Activities").click()
    partner.get_by_test_id("appeal-button").click()
    expect(partner.get_by_role("heading", name="Appeal a decision")).to_be_visible()
    assert f"Activity #{s.pk}" in html(partner)
    axe_check(partner)
    shot(partner, "appeal-new")
    # an empty reason is refused on the field
    partner.get_by_role("button", name="Send the appeal").click()
    expect(partner.locator(".errorlist")).to_contain_text("Say why")
    partner.get_by_label("Why the decision should change", exact=False).fill(
        "The recording is public now: https://acme.example/webinar"
    )
    partner.get_by_role("button", name="Send the appeal").click()
    expect(partner.get_by_role("heading", name="Appeals", exact=True)).to_be_visible()
    expect(partner.locator(".message").first).to_contain_text("is filed")
    axe_check(partner)
    shot(partner, "appeals-portal-pending")
    # the other appealable items show their button too
    partner.goto(base + "/portal/levels/")
    expect(partner.get_by_test_id("appeal-button")).to_be_visible()
    axe_check(partner)
    partner.goto(base + "/portal/commissions/")
    expect(partner.get_by_test_id("appeal-button")).to_be_visible()
    axe_check(partner)
    # staff uphold it with the correcting points
    staff = new_page()
    sign_in(staff, base, world.staff.username)
    staff.goto(base + "/backoffice/")
    staff.get_by_role("link", name="Appeals").click()
    axe_check(staff)
    shot(staff, "appeals-queue")
    staff.get_by_role("link", name=f"Activity #{s.pk}", exact=False).click()
    axe_check(staff)
    shot(staff, "appeal-staff")
    staff.get_by_label("Correcting points", exact=False).fill("500")
    staff.locator("#id_uphold-answer").fill("The recording is public; 500 points.")
    staff.get_by_role("button", name="Uphold").click()
    expect(staff.get_by_test_id("correcting-entry")).to_contain_text("500 points")
    shot(staff, "appeal-staff-upheld")
    appeal = Appeal.objects.get()
    entry = Entry.objects.get(pk=appeal.ledger_entry_id)
    assert entry.points == 500 and entry.source == "adjustment"
    # the partner's ledger shows the correcting entry naming the appeal; the answer is shown
    partner.goto(base + "/portal/ledger/")
    expect(partner.locator("body")).to_contain_text(f"Appeal #{appeal.pk} upheld")
    shot(partner, "appeal-ledger")
    partner.goto(base + "/portal/appeals/")
    expect(partner.get_by_test_id("appeal-answer")).to_contain_text("The recording is public")
    expect(partner.locator("body")).to_contain_text(f"entry #{entry.pk}")
    axe_check(partner)
    shot(partner, "appeals-portal-answered")

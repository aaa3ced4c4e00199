"""The staff workbench finished (issue 10), in a real Chromium: upholding a commission appeal
waits for a second finance user, who approves it (the correcting entry is posted, linked and
the partner told); a viewer sees no form where a program manager sees them. Every page is
checked by axe and photographed."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from partnercenter.appeals.models import Appeal
from partnercenter.appeals.services import appeal_file
from partnercenter.notifications.models import Message
from partnercenter.staffroles.models import ApprovalRequest
from tests.appeals.factories import commission
from tests.browser.conftest import axe_check, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_staff, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


def test_a_commission_appeal_is_upheld_by_two_people(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    make_staff("approver@7x.example", roles=("approver",))
    make_staff("finance@7x.example", roles=("finance",))
    contested = commission(world.a)
    appeal = appeal_file(
        person=world.a_admin, kind="commission", target_id=contested.pk, reason="It was hot."
    )

    # An approver upholds it with a correcting amount: it waits for a second approver.
    first = new_page()
    sign_in(first, base, "approver@7x.example")
    first.goto(f"{base}/backoffice/appeals/{appeal.pk}/")
    first.get_by_label("Correcting amount in cents").fill("5000")
    first.get_by_label("Answer").first.fill("Right: the lead was hot, 20 % applies.")
    first.get_by_role("button", name="Uphold").click()
    expect(first.get_by_test_id("awaiting")).to_contain_text("awaiting a second approver")
    expect(first.get_by_role("button", name="Uphold")).to_have_count(0)
    axe_check(first)
    shot(first, "finish10-appeal-awaiting")
    assert Appeal.objects.get().status == "pending" and not Message.objects.exists()

    # The approver may not approve their own request (and the approvals page says so).
    first.goto(f"{base}/backoffice/approvals/")
    expect(first.locator("main")).to_contain_text("You asked for this.")
    expect(first.get_by_role("button", name="Approve request")).to_have_count(0)

    # A finance user approves: the correcting entry is posted and linked, the partner told.
    second = new_page()
    sign_in(second, base, "finance@7x.example")
    second.goto(f"{base}/backoffice/approvals/")
    expect(second.locator("main")).to_contain_text(f"Uphold appeal #{appeal.pk}")
    axe_check(second)
    shot(second, "finish10-approvals-appeal")
    second.get_by_role("button", name="Approve request").click()
    expect(second.get_by_role("status")).to_contain_text(f"Appeal #{appeal.pk} upheld")
    second.goto(f"{base}/backoffice/appeals/{appeal.pk}/")
    expect(second.get_by_test_id("correcting-entry")).to_contain_text("5000 cents")
    expect(second.get_by_test_id("approved-by")).to_contain_text("approved by finance@7x.example")
    axe_check(second)
    shot(second, "finish10-appeal-upheld")
    assert ApprovalRequest.objects.get().decided_by.email == "finance@7x.example"
    assert Message.objects.filter(kind="appeal_answered", to_email="ada@acme.example").exists()


@pytest.mark.parametrize("role", ["viewer", "program_manager"])
def test_the_viewer_sees_no_forms_the_program_manager_does(
    live_server: Any, world: World, new_page: Any, role: str
) -> None:
    base = live_server.url
    make_staff(f"{role}@7x.example", roles=(role,))
    page = new_page()
    sign_in(page, base, f"{role}@7x.example")

    page.goto(f"{base}/backoffice/announcements/")

    forms = page.locator("main form[method='post']")
    send = page.get_by_role("button", name="Send", exact=True)
    if role == "viewer":
        expect(forms).to_have_count(0)
        expect(send).to_have_count(0)
    else:
        expect(send).to_be_visible()
    axe_check(page)
    shot(page, f"finish10-announcements-as-{role}")

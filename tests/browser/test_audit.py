"""Staff approve a submission, then find the action on the Audit page (real Chromium)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from partnercenter.audit.models import AuditEvent
from partnercenter.submissions.services import submission_create
from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


def test_an_approval_shows_on_the_audit_page(live_server: Any, world: World, new_page: Any) -> None:
    sub = submission_create(
        partner=world.a,
        person=world.a_member,
        activity="case_study",
        occurred_on=date(2025, 3, 3),
        description="Case study of Example AG",
        evidence_url="https://example.com/case",
    )
    base = live_server.url
    staff = new_page()
    sign_in(staff, base, "staff@7x.example")
    staff.goto(f"{base}/backoffice/submissions/{sub.pk}/")
    staff.get_by_role("button", name="Approve").click()
    staff.wait_for_load_state()
    assert "Approved" in html(staff)

    staff.get_by_role("link", name="Audit", exact=True).click()
    row = staff.locator("tbody tr").filter(has_text="submission.approve")
    expect(row).to_have_count(1)
    assert "staff@7x.example" in row.inner_text() and "acme" in row.inner_text()
    assert "staff.sign_in" in html(staff)  # signing in was recorded too
    shot(staff, "audit-01-page")
    axe_check(staff)

    staff.get_by_label("Action").select_option("submission.approve")
    staff.get_by_role("button", name="Filter").click()
    staff.wait_for_load_state()
    assert staff.locator("tbody tr").count() == 1
    shot(staff, "audit-02-filtered")
    axe_check(staff)
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Download these rows as CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "submission.approve" in text and "staff.sign_in" not in text
    assert AuditEvent.objects.filter(action="submission.approve").count() == 1

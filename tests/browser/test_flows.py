"""The portal and the back office in a real Chromium, against a live server."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Partner
from partnercenter.review.models import ReviewRun
from partnercenter.review.services import review_run
from partnercenter.review.tasks import review_job
from partnercenter.standing.selectors import dashboard
from partnercenter.submissions.models import Status, Submission
from partnercenter.submissions.services import submission_create
from tests.browser.conftest import html, shot
from tests.submissions.factories import PASSWORD, PDF, World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


def sign_in(page: Any, base: str, email: str, name: str | None = None) -> None:
    """Email and password; staff (enrolled here with the test secret) also type a TOTP code."""
    from django.contrib.auth.models import User

    from tests.identity.totp import code, enrol

    staff = User.objects.filter(email__iexact=email, is_staff=True).first() or (
        User.objects.filter(username__iexact=email, is_staff=True).first()
    )
    if staff is not None:
        enrol(staff)
    page.goto(f"{base}/portal/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    if name:
        shot(page, name)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if staff is not None:
        page.get_by_label("Code").fill(code(user=staff))
        page.get_by_role("button", name="Verify").click()
        page.wait_for_load_state()


def test_report_approve_and_see_the_points(
    live_server: Any, world: World, new_page: Any, tmp_path: Path
) -> None:
    base = live_server.url
    review_run(as_of=date(2025, 4, 1))
    partner = new_page()
    sign_in(partner, base, "max@acme.example", "01-portal-login")
    assert partner.url.endswith("/portal/")
    shot(partner, "02-portal-dashboard-before")

    evidence = tmp_path / "invoice.pdf"
    evidence.write_bytes(PDF)
    partner.get_by_role("link", name="Activities").click()
    partner.get_by_role("link", name="Report an activity").click()
    partner.get_by_label("Activity").select_option("project")
    partner.get_by_label("Date it happened").fill(date.today().isoformat())
    partner.get_by_label("Description").fill("Intranet on Exponential for Example GmbH")
    partner.get_by_label("Evidence file").set_input_files(str(evidence))
    partner.get_by_label("Points claimed").fill("3000")
    shot(partner, "03-portal-report-form")
    partner.get_by_role("button", name="Submit for review").click()
    assert partner.get_by_test_id("status").inner_text() == "Pending"
    shot(partner, "04-portal-submission-pending")
    sub = Submission.objects.get()

    staff = new_page()
    sign_in(staff, base, "staff@7x.example")
    assert staff.url.endswith("/backoffice/")
    shot(staff, "10-backoffice-dashboard")
    staff.get_by_role("link", name="Approval queue", exact=True).click()
    shot(staff, "11-backoffice-queue")
    staff.get_by_role("link", name=f"#{sub.pk}").click()
    shot(staff, "12-backoffice-submission")
    staff.get_by_label("Points").fill("3500")
    staff.get_by_role("button", name="Approve").click()
    staff.wait_for_load_state()
    assert "Approved" in html(staff)
    assert Entry.objects.get(partner=world.a, source="reported").points == 3500

    staff.get_by_role("link", name="Partners").first.click()
    shot(staff, "13-backoffice-partners")
    staff.get_by_role("link", name="Acme").click()
    staff.get_by_role("link", name="Explain every level").click()
    shot(staff, "14-backoffice-partner")
    staff.get_by_role("link", name="Review", exact=True).click()
    staff.get_by_role("button", name="Preview").click()
    assert "Acme" in staff.locator("#preview-h + p + div").inner_text()  # Acme would move up
    shot(staff, "15-backoffice-review-preview")
    staff.get_by_role("button", name="Run this review").click()
    staff.wait_for_load_state()
    assert staff.get_by_test_id("run-status").inner_text() == "Queued"
    # The worker's part, run here: the page follows the run row by htmx polling.
    review_job.call(ReviewRun.objects.get().pk)
    staff.get_by_test_id("run-status").filter(has_text="Done").wait_for(timeout=5000)
    shot(staff, "16-backoffice-review-run")
    staff.goto(f"{base}/backoffice/export/")
    shot(staff, "17-backoffice-export")
    # The partner field suggests as it is typed (htmx fills the datalist), not every partner.
    assert staff.locator("#partner-slugs option").count() == 0
    staff.get_by_label("Partner (slug)").press_sequentially("acm")
    expect(staff.locator('#partner-slugs option[value="acme"]')).to_have_count(1)

    partner.get_by_role("link", name="Dashboard", exact=True).click()
    # What the page must show, computed the same way (other postings, such as the
    # yearly participation, may add to the 3,500 approved here).
    expected = dashboard(Partner.objects.get(pk=world.a.pk), date.today())
    points = expected.standing.decision.facts.points
    assert points >= 3500
    assert partner.get_by_test_id("points").inner_text() == f"{points:,}"
    bar = partner.locator("progress").first
    assert bar.get_attribute("value") == str(expected.progress[0].percent)
    assert partner.get_by_test_id("missing").inner_text() == expected.missing_sentence
    assert expected.level is not None
    assert partner.get_by_test_id("level").inner_text() == expected.level.name
    shot(partner, "05-portal-dashboard-after")
    partner.get_by_role("link", name="Ledger", exact=True).click()
    assert "Exponential Project (submission #" in html(partner)
    shot(partner, "06-portal-ledger")
    partner.get_by_role("link", name="Level history").click()
    shot(partner, "07-portal-levels")
    partner.get_by_role("link", name="Plan & benefits").click()
    shot(partner, "08-portal-plan")

    phone = new_page(mobile=True)
    sign_in(phone, base, "max@acme.example")
    shot(phone, "09-portal-dashboard-phone")


def test_rejected_submission_shows_its_reason(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    sub = submission_create(
        partner=world.a,
        person=world.a_member,
        activity="case_study",
        occurred_on=date(2025, 3, 3),
        description="Case study, again",
        evidence_file=SimpleUploadedFile("c.pdf", PDF),
    )
    staff = new_page()
    sign_in(staff, base, "staff@7x.example")
    staff.goto(f"{base}/backoffice/submissions/{sub.pk}/")
    staff.get_by_label("Reason").select_option("duplicate")
    staff.get_by_label("Explanation for the partner").fill("Already counted in March.")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Reject").click()
    sub.refresh_from_db()
    assert sub.status == Status.REJECTED

    partner = new_page()
    sign_in(partner, base, "max@acme.example")
    partner.goto(f"{base}/portal/activities/")
    shot(partner, "20-portal-activities")
    partner.get_by_role("link", name=f"#{sub.pk}").click()
    reason = partner.get_by_test_id("reject-reason").inner_text()
    assert "Duplicate" in reason and "Already counted in March." in reason
    shot(partner, "21-portal-submission-rejected")


def test_member_cannot_open_team_admin(live_server: Any, world: World, new_page: Any) -> None:
    base = live_server.url
    member = new_page()
    sign_in(member, base, "max@acme.example")
    member.get_by_role("link", name="Team", exact=True).click()
    assert member.get_by_role("button", name="Send the invitation").count() == 0
    shot(member, "30-portal-team-member")
    response = member.goto(f"{base}/portal/profile/")
    assert response.status == 403
    shot(member, "31-portal-profile-refused")
    response = member.goto(f"{base}/backoffice/")
    assert response.status == 403

    admin = new_page()
    sign_in(admin, base, "ada@acme.example")
    admin.get_by_role("link", name="Team", exact=True).click()
    admin.get_by_label("Name").fill("Ivy")
    admin.get_by_label("Email").fill("ivy@acme.example")
    admin.get_by_role("button", name="Send the invitation").click()
    admin.wait_for_load_state()
    assert "Invitation sent to ivy@acme.example" in html(admin)
    shot(admin, "32-portal-team-admin")

"""Notice in the portal, termination by the scheduler, read-only access and the final statement."""

from __future__ import annotations

import io
import subprocess
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from partnercenter.documents.models import Document, DocumentKind
from partnercenter.membership.services import notice_give
from partnercenter.partners.models import Notice, Partner
from tests.browser.conftest import SHOTS, axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


def text(page: Any) -> str:
    """The page's visible text (markup such as <strong> inside a sentence removed)."""
    return str(page.locator("body").inner_text())


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    w = make_world(make_partner)
    today = timezone.now().date()
    Partner.objects.filter(pk=w.b.pk).update(plan="now", plan_paid_until=today + timedelta(days=60))
    Partner.objects.filter(pk=w.a.pk).update(
        plan="now",
        plan_paid_until=today + timedelta(days=60),
        activated_on=today - timedelta(days=300),
        valid_until=today + timedelta(days=64),
    )
    return w


def test_notice_in_the_portal_then_terminated_by_the_scheduler(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    today = timezone.now().date()
    ends_on = today + timedelta(days=30)

    # Given the partner admin on the dashboard: the membership card says how Acme is in.
    admin = new_page()
    sign_in(admin, base, "ada@acme.example")
    card = admin.get_by_test_id("membership")
    assert "Registered partner" in card.inner_text() and "Starter" in card.inner_text()
    shot(admin, "m01-portal-dashboard-membership")

    # When the admin gives notice on the Membership page (the box must be ticked).
    admin.get_by_role("link", name="Membership", exact=True).click()
    assert f"it would end on {ends_on:%-d %B %Y}" in text(admin)
    axe_check(admin)
    shot(admin, "m02-portal-membership")
    admin.get_by_role("button", name="Give notice").click()
    assert "Tick the box" in html(admin)
    admin.get_by_label("Reason (optional)").fill("We are moving on.")
    admin.get_by_label("I understand").check()
    admin.get_by_role("button", name="Give notice").click()
    admin.wait_for_load_state()
    assert f"The membership ends on {ends_on:%-d %B %Y}" in text(admin)
    assert admin.get_by_test_id("notice").is_visible()
    shot(admin, "m03-portal-notice-given")

    # The message history lists the notice email.
    admin.get_by_role("link", name="Messages").click()
    admin.get_by_text("Read the message").first.click()
    assert "Notice given" in html(admin) and "We are moving on." in html(admin)
    axe_check(admin)
    shot(admin, "m04-portal-messages")

    # Then the scheduler, on the end day, terminates Acme.
    out = io.StringIO()
    call_command("scheduler", "--once", "--as-of", ends_on.isoformat(), stdout=out)
    assert f"terminations [{ends_on.isoformat()}]: done: terminated 1" in out.getvalue()
    world.a.refresh_from_db()
    assert world.a.status == "terminated" and world.a.terminated_on == ends_on

    # The portal is read-only now and offers the final statement.
    admin.goto(f"{base}/portal/")
    assert "read-only access" in admin.get_by_test_id("membership-banner").inner_text()
    shot(admin, "m05-portal-terminated-dashboard")
    admin.goto(f"{base}/portal/membership/")
    assert "read the ledger and documents until" in html(admin)
    axe_check(admin)
    shot(admin, "m06-portal-terminated-membership")
    statement = Document.objects.get(partner=world.a, kind=DocumentKind.STATEMENT)
    link = admin.get_by_role("link", name=statement.title)
    response = admin.request.get(base + link.get_attribute("href"))
    assert response.status == 200 and response.body()[:4] == b"%PDF"
    pdf = SHOTS / "m-final-statement.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(SHOTS / "m-final-statement")],
                   check=True)  # fmt: skip
    admin.goto(f"{base}/portal/ledger/")
    assert admin.get_by_role("heading", name="Ledger").is_visible()
    admin.goto(f"{base}/portal/activities/new/")
    assert "not change them" in html(admin)
    shot(admin, "m07-portal-terminated-no-reporting")


def test_back_office_membership_pages(live_server: Any, world: World, new_page: Any) -> None:
    base = live_server.url
    today = timezone.now().date()
    notice_give(partner=world.b, by="vendor", on=today, reason="Repeated late reports.")
    Notice.objects.create(
        partner=world.a,
        kind="level_decreased",
        message="Your level changed from Silver to Professional.",
        due_on=today - timedelta(days=3),
    )
    call_command("scheduler", "--once", "--as-of", today.isoformat(), stdout=io.StringIO())
    staff = new_page()
    sign_in(staff, base, world.staff.username)
    assert "Under notice" in html(staff) and "Bravo" in html(staff)
    axe_check(staff)
    shot(staff, "m10-backoffice-dashboard-membership")
    staff.get_by_role("button", name="Resolve").click()
    assert "Logo deadline of Acme resolved" in html(staff)

    staff.goto(f"{base}/backoffice/partners/acme/")
    staff.get_by_role("button", name="Terminate now").click()
    assert "Say which breach" in html(staff)
    axe_check(staff)
    shot(staff, "m11-backoffice-partner-membership")

    staff.get_by_role("link", name="Scheduler").click()
    assert "memberships_lapse" in html(staff)
    axe_check(staff)
    shot(staff, "m12-backoffice-scheduler")

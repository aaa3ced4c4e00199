"""Issue 8 in a browser: tables on a phone, and the pages its small fixes changed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from partnercenter.backoffice.services import adjustment_post
from partnercenter.portal.services import person_invite
from partnercenter.submissions.models import Submission
from partnercenter.submissions.services import submission_approve, submission_create
from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]

PHONE_WIDTH = 390


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    world = make_world(make_partner)
    for n in range(3):
        sub = submission_create(
            partner=world.a,
            person=world.a_member,
            activity="case_study",
            occurred_on=date(2025, 3, 3 + n),
            description=f"Case study number {n} of a long-named customer, Example Holding AG",
            evidence_url=f"https://example.com/case/{n}",
        )
        if n == 0:
            submission_approve(submission=sub, staff_user=world.staff)
    adjustment_post(
        partner=world.a,
        staff_user=world.staff,
        points=250,
        reason="Workshop hosted for the 500–1500 seats segment, agreed with the channel team",
        key="browser-adjust",
    )
    person_invite(admin=world.a_admin, name="Ivy Invited", email="ivy@acme.example")
    return world


def _check_scrolls_inside(page: Any, name: str) -> None:
    """The page is no wider than the phone; the table scrolls in its wrapper, with a hint."""
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE_WIDTH, (name, page_width)
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth"), name
    assert page.locator(".scroll-hint").first.is_visible(), name
    assert wrap.get_attribute("tabindex") == "0"  # reachable by keyboard to scroll
    axe_check(page)
    shot(page, f"phone-{name}")
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    shot(page, f"phone-{name}-scrolled")


def test_tables_scroll_inside_a_wrapper_on_a_phone(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    admin = new_page(mobile=True)
    sign_in(admin, base, world.a_admin.email)
    for name, url in [("ledger", "/portal/ledger/"), ("team", "/portal/team/")]:
        admin.goto(base + url)
        _check_scrolls_inside(admin, name)
    staff = new_page(mobile=True)
    sign_in(staff, base, world.staff.username)
    for name, url in [("queue", "/backoffice/queue/"), ("partners", "/backoffice/partners/")]:
        staff.goto(base + url)
        _check_scrolls_inside(staff, name)


def test_the_pages_of_the_small_fixes(live_server: Any, world: World, new_page: Any) -> None:
    base = live_server.url
    member = new_page()
    sign_in(member, base, world.a_member.email)
    pending = Submission.objects.filter(status="pending").order_by("pk").first()
    assert pending is not None
    member.goto(f"{base}/portal/activities/{pending.pk}/")
    member.get_by_role("button", name="Withdraw").click()  # the box is not ticked
    assert Submission.objects.get(pk=pending.pk).status == "pending"
    member.get_by_label(f"Yes, withdraw activity #{pending.pk}").check()
    axe_check(member)
    shot(member, "withdraw-confirm")
    member.get_by_role("button", name="Withdraw").click()
    member.wait_for_load_state()
    assert "The submission is withdrawn." in html(member)
    member.goto(f"{base}/portal/activities/new/")
    assert "Ivy Invited" not in html(member)
    assert "Max" in html(member)

    admin = new_page()
    sign_in(admin, base, world.a_admin.email)
    admin.goto(f"{base}/portal/team/")
    axe_check(admin)
    shot(admin, "team-invitations")
    admin.get_by_role("button", name="Resend the invitation to Ivy Invited").click()
    admin.wait_for_load_state()
    assert "sent again" in html(admin)
    admin.goto(f"{base}/portal/profile/")
    admin.get_by_label("Country").select_option(label="Germany")
    admin.get_by_role("button", name="Save").click()
    admin.wait_for_load_state()
    assert "The profile is saved." in html(admin)
    axe_check(admin)
    shot(admin, "profile-country")
    admin.goto(f"{base}/")
    assert admin.get_by_role("link", name="Back office").count() == 0

    staff = new_page()
    sign_in(staff, base, world.staff.username)
    staff.goto(f"{base}/backoffice/partners/?sort=-points")
    axe_check(staff)
    shot(staff, "partners-sorted")
    staff.goto(f"{base}/backoffice/partners/?level=legendary")
    assert "The filter was not applied" in html(staff)
    axe_check(staff)
    shot(staff, "partners-bad-filter")
    staff.get_by_role("link", name="Webhook inbox").click()
    staff.wait_for_load_state()
    assert staff.url.endswith("/hooks/inbox/")
    staff.goto(f"{base}/")
    assert staff.get_by_role("link", name="Back office").count() == 1


def test_an_oversized_upload_gets_the_branded_page(
    live_server: Any, world: World, new_page: Any
) -> None:
    page = new_page()
    page.goto(f"{live_server.url}/")
    # 3 MB to a page with Django's default 2.5 MB limit: refused before it is read.
    answer = page.evaluate(
        """async () => {
            const r = await fetch('/portal/login/', {method: 'POST', body: 'x'.repeat(3 * 1024 * 1024)});
            return [r.status, await r.text()];
        }"""
    )
    assert answer[0] == 413
    page.set_content(answer[1].replace('href="/static/', f'href="{live_server.url}/static/'))
    assert "too large" in html(page)
    axe_check(page)
    shot(page, "too-large")

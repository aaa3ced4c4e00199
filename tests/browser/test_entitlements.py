"""A partner opens a ticket, staff answer it, the partner sees the answer and the remaining
quota; a meeting booked in the browser sends an email whose `.ics` link parses. Every new
page is checked by axe and photographed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from partnercenter.entitlements.models import Ticket
from partnercenter.entitlements.services import slot_publish
from partnercenter.notifications.models import Message
from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    w = make_world(make_partner)
    w.a.plan = "gold"
    w.a.plan_paid_until = date(2100, 1, 1)
    w.a.save()
    return w


def test_ticket_answered_and_meeting_booked(live_server: Any, world: World, new_page: Any) -> None:
    base = live_server.url
    slot = slot_publish(
        staff=world.staff,
        starts_at=timezone.now() + timedelta(days=2),
        duration_minutes=45,
        topic="Roadmap and upgrades",
    )

    # The partner opens a ticket on "Support".
    partner = new_page()
    sign_in(partner, base, "max@acme.example")
    partner.get_by_role("link", name="Support", exact=True).click()
    assert "10 of 10" in partner.get_by_test_id("quota-tickets").inner_text()
    axe_check(partner)
    shot(partner, "entitlements-01-support")
    partner.get_by_label("Subject").fill("Search index not updating")
    partner.get_by_label("What do you need?").fill("After the upgrade the index stays empty.")
    with partner.expect_navigation():
        partner.get_by_role("button", name="Open ticket").click()
    ticket = Ticket.objects.get()
    assert ticket.response_due_at == ticket.opened_at + timedelta(hours=4)
    axe_check(partner)
    shot(partner, "entitlements-02-ticket-open")

    # Staff answer it from the queue.
    staff = new_page()
    sign_in(staff, base, world.staff.username)
    staff.goto(f"{base}/backoffice/tickets/")
    axe_check(staff)
    shot(staff, "entitlements-03-backoffice-tickets")
    staff.get_by_role("link", name=re.compile("Search index")).click()
    staff.get_by_label("Answer").fill("Rebuild it with `7x index rebuild`; fixed in 7.4.1.")
    axe_check(staff)
    shot(staff, "entitlements-04-backoffice-ticket")
    staff.get_by_role("button", name="Send answer").click()
    staff.wait_for_load_state()

    # The partner sees the answer and the remaining quota.
    partner.reload()
    assert "7x index rebuild" in partner.get_by_test_id("staff-answer").inner_text()
    shot(partner, "entitlements-05-ticket-answered")
    partner.get_by_role("link", name="← Support").click()
    assert "9 of 10" in partner.get_by_test_id("quota-tickets").inner_text()

    # The partner books a meeting; the email links a valid .ics.
    partner.get_by_role("link", name="Meetings", exact=True).click()
    axe_check(partner)
    shot(partner, "entitlements-06-meetings")
    partner.get_by_role("button", name=re.compile("^Book")).click()
    partner.wait_for_load_state()
    assert "Booked:" in html(partner)
    assert "5 of 6" in partner.get_by_test_id("quota-meetings").inner_text()
    axe_check(partner)
    shot(partner, "entitlements-07-meeting-booked")
    mail = Message.objects.get(kind="meeting_booked")
    url = re.search(r"https?://\S+\.ics", mail.body_text)
    assert url is not None
    client = Client()
    client.force_login(world.a_member.user)
    ics = client.get(urlparse(url.group(0)).path)
    (event,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert event.decoded("dtstart") == slot.starts_at

    # The plan page shows the counted quotas and the quarter's revenue progress.
    partner.get_by_role("link", name="Plan & benefits").click()
    assert partner.get_by_test_id("revenue-progress").is_visible()
    shot(partner, "entitlements-08-plan-quotas")

    # Back-office slots, SLA and revenue pages.
    for path, name in [
        ("/backoffice/meeting-slots/", "entitlements-09-backoffice-slots"),
        ("/backoffice/sla/", "entitlements-10-backoffice-sla"),
        ("/backoffice/revenue-requirement/?show=all", "entitlements-11-backoffice-revenue"),
    ]:
        staff.goto(base + path)
        axe_check(staff)
        shot(staff, name)


def test_demo_pages(
    live_server: Any, transactional_db: Any, make_partner: Any, new_page: Any
) -> None:
    """The demo as a newcomer sees it: Northwind's quotas and meetings, staff's queue and reports."""
    from partnercenter.billing.demo import demo_billing
    from partnercenter.entitlements.demo import STAFF_EMAIL, demo_entitlements
    from tests.submissions.factories import make_person, make_staff

    for slug in ("northwind-digital", "fjord-hosting", "baltic-systems", "meridian-it"):
        make_person(make_partner(slug, status="active"), f"anna@{slug}.example")
    make_staff(STAFF_EMAIL)
    today = timezone.now().date()
    demo_billing(today=today)
    demo_entitlements(today=today)
    base = live_server.url
    anna = new_page()
    sign_in(anna, base, "anna@northwind-digital.example")
    for path, name in [
        ("/portal/support/", "entitlements-demo-01-support"),
        ("/portal/meetings/", "entitlements-demo-02-meetings"),
        ("/portal/plan/", "entitlements-demo-03-plan"),
    ]:
        anna.goto(base + path)
        axe_check(anna)
        shot(anna, name)
    assert "of 7" in anna.get_by_test_id("quota-tickets").inner_text()
    staff = new_page()
    sign_in(staff, base, STAFF_EMAIL)
    for path, name in [
        ("/backoffice/tickets/", "entitlements-demo-04-tickets"),
        ("/backoffice/sla/", "entitlements-demo-05-sla"),
        ("/backoffice/revenue-requirement/", "entitlements-demo-06-revenue"),
        ("/backoffice/meeting-slots/", "entitlements-demo-07-slots"),
    ]:
        staff.goto(base + path)
        axe_check(staff)
        shot(staff, name)

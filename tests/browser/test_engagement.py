"""A Gold partner files a roadmap request, another partner votes, staff set the status; the
partner requests co-marketing and staff mark it done; staff send an optional mailing to Gold
partners, the partner reads it in Messages, the email is queued and its unsubscribe link
works (and the person subscribes again). Every new page is checked by axe and photographed."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from partnercenter.engagement.models import (
    Announcement,
    MailingOptOut,
    RoadmapRequest,
    ServiceRequest,
)
from partnercenter.engagement.tasks import announcement_deliver_job
from partnercenter.notifications.models import Message
from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    w = make_world(make_partner)
    for partner, plan in ((w.a, "gold"), (w.b, "basic")):
        partner.plan = plan
        partner.plan_paid_until = date(2100, 1, 1)
        partner.current_level = plan
        partner.save()
    return w


def test_roadmap_services_and_announcements(live_server: Any, world: World, new_page: Any) -> None:
    base = live_server.url

    # A Gold partner files a roadmap request.
    max_ = new_page()
    sign_in(max_, base, "max@acme.example")
    max_.get_by_role("link", name="Roadmap", exact=True).click()
    axe_check(max_)
    shot(max_, "engagement-01-roadmap-empty")
    max_.get_by_label("Title").fill("Bulk user import from CSV")
    max_.get_by_label("What do you need, and why?").fill("Moving 5,000 editors takes days.")
    max_.get_by_role("button", name="File request").click()
    expect(max_.get_by_role("status").first).to_contain_text("is filed")
    request = RoadmapRequest.objects.get()
    axe_check(max_)
    shot(max_, "engagement-02-roadmap-filed")

    # Another partner (a Basic plan: it may vote, not file) votes once.
    bob = new_page()
    sign_in(bob, base, "bob@bravo.example")
    bob.goto(f"{base}/portal/roadmap/")
    expect(bob.get_by_test_id("roadmap-right")).to_contain_text("Gold Partner Plan")
    assert bob.get_by_label("Title").count() == 0
    bob.get_by_role("button", name=re.compile("^Vote")).click()
    expect(bob.get_by_test_id("votes")).to_have_text("1")
    assert "voted" in html(bob)
    axe_check(bob)
    shot(bob, "engagement-03-roadmap-voted")

    # Staff set the status with a public note; the filer's admin gets an email.
    staff = new_page()
    sign_in(staff, base, world.staff.username)
    staff.goto(f"{base}/backoffice/roadmap/")
    axe_check(staff)
    shot(staff, "engagement-04-backoffice-roadmap")
    staff.get_by_role("link", name=re.compile("Bulk user import")).click()
    staff.get_by_label("Status", exact=True).select_option("planned")
    staff.get_by_label("Public note").fill("Planned for 7.6.")
    axe_check(staff)
    staff.get_by_role("button", name="Save status").click()
    expect(staff.get_by_role("status").first).to_contain_text("Status saved")
    shot(staff, "engagement-05-backoffice-roadmap-request")
    request.refresh_from_db()
    assert request.status == "planned"
    assert Message.objects.get(kind="roadmap_status").to_email == "ada@acme.example"
    max_.reload()
    assert "Planned for 7.6." in html(max_)

    # The partner requests co-marketing (Gold includes it; Basic is told which level brings it).
    max_.get_by_role("link", name="Services", exact=True).click()
    axe_check(max_)
    shot(max_, "engagement-06-services")
    row = max_.get_by_test_id("service-co_marketing")
    row.get_by_text("Request").first.click()
    row.get_by_label("What do you need?").fill("A joint webinar in May.")
    row.get_by_role("button", name=re.compile("^Send request")).click()
    expect(max_.get_by_role("status").first).to_contain_text("is sent")
    axe_check(max_)
    shot(max_, "engagement-07-service-requested")
    bob.goto(f"{base}/portal/services/")
    expect(bob.get_by_test_id("service-co_marketing")).to_contain_text("the Gold level brings it")
    axe_check(bob)
    shot(bob, "engagement-07b-services-basic")

    # Staff mark it done; the partner sees the status and the note.
    staff.get_by_role("link", name="Service requests").click()
    axe_check(staff)
    shot(staff, "engagement-08-backoffice-service-requests")
    staff.get_by_role("link", name=re.compile("Co-marketing")).click()
    staff.get_by_label("New status").select_option("done")
    staff.get_by_label("Note for the partner").fill("Webinar booked for 14 May.")
    axe_check(staff)
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status").first).to_contain_text("Saved")
    shot(staff, "engagement-09-backoffice-service-request")
    assert ServiceRequest.objects.get().status == "done"
    max_.reload()
    expect(max_.get_by_test_id("service-request")).to_contain_text("Webinar booked for 14 May.")

    # Staff send an optional mailing to Gold partners, after previewing the count.
    staff.get_by_role("link", name="Announcements").click()
    axe_check(staff)
    staff.get_by_label("Kind").select_option("mailing")
    staff.get_by_label("Subject").fill("Gold partner summit")
    staff.get_by_label("Message (plain text)").fill("Join us in Oslo on 3 June.")
    staff.get_by_label("Gold").check()
    staff.get_by_role("button", name="Preview recipients").click()
    expect(staff.get_by_test_id("preview")).to_contain_text("1 partner: 2 emails")
    axe_check(staff)
    shot(staff, "engagement-10-backoffice-announcement-preview")
    staff.get_by_role("button", name="Send", exact=True).click()
    expect(staff.get_by_role("status").first).to_contain_text("Sending to 1 partner")
    expect(staff.get_by_test_id("sending")).to_contain_text("Sending to 1 partner")
    shot(staff, "engagement-11-backoffice-announcement-sending")
    assert not Message.objects.filter(kind="announcement").exists()  # the request sent nothing
    # The background job runs (as `partnercenter db_worker` would); the page shows the counts.
    announcement_deliver_job.call(Announcement.objects.get().pk)
    staff.reload()
    expect(staff.get_by_test_id("announcement-row").first).to_contain_text("Gold partner summit")
    expect(staff.get_by_test_id("sending")).to_have_count(0)
    shot(staff, "engagement-11b-backoffice-announcement-sent")
    assert Message.objects.filter(kind="announcement").count() == 2
    assert not Message.objects.filter(kind="announcement", partner=world.b).exists()

    # The partner reads it in Messages; the email is queued with an unsubscribe link.
    max_.get_by_role("link", name="Messages", exact=True).click()
    expect(max_.get_by_test_id("announcement")).to_contain_text("Join us in Oslo")
    axe_check(max_)
    shot(max_, "engagement-12-messages")
    mail = Message.objects.get(kind="announcement", to_email="max@acme.example")
    link = re.search(r"https?://\S+/mailings/unsubscribe/\S+/", mail.body_text)
    assert link is not None

    # The link only asks (a mail scanner opening it unsubscribes nobody); the button does it.
    anonymous = new_page()
    anonymous.goto(base + urlparse(link.group(0)).path)
    expect(anonymous.get_by_test_id("unsubscribe-confirm")).to_contain_text("max@acme.example")
    assert not MailingOptOut.objects.exists()
    axe_check(anonymous)
    shot(anonymous, "engagement-13a-unsubscribe-confirm")
    anonymous.get_by_role("button", name="Unsubscribe max@acme.example").click()
    expect(anonymous.get_by_test_id("unsubscribed")).to_contain_text("max@acme.example")
    axe_check(anonymous)
    shot(anonymous, "engagement-13-unsubscribed")
    assert MailingOptOut.objects.filter(person=world.a_member).exists()
    anonymous.goto(f"{base}/mailings/unsubscribe/forged-token/")
    expect(anonymous.get_by_test_id("unsubscribe-error")).to_be_visible()
    axe_check(anonymous)
    shot(anonymous, "engagement-14-unsubscribe-forged")

    # The person subscribes again in the portal.
    max_.reload()
    max_.get_by_role("button", name="Subscribe to optional mailings").click()
    expect(max_.get_by_role("status").first).to_contain_text("optional mailings again")
    assert not MailingOptOut.objects.exists()


def test_demo_pages(
    live_server: Any, transactional_db: Any, make_partner: Any, new_page: Any
) -> None:
    """The demo as a newcomer sees it: requests with votes, service requests, a briefing."""
    from django.utils import timezone

    from partnercenter.billing.demo import demo_billing
    from partnercenter.engagement.demo import demo_engagement
    from partnercenter.entitlements.demo import STAFF_EMAIL
    from partnercenter.partners.models import Partner
    from tests.submissions.factories import make_person, make_staff

    for slug in ("northwind-digital", "fjord-hosting", "baltic-systems", "meridian-it"):
        make_person(make_partner(slug, status="active"), f"anna@{slug}.example")
    Partner.objects.filter(slug="fjord-hosting").update(current_level="gold")
    Partner.objects.exclude(slug="fjord-hosting").update(current_level="professional")
    make_staff(STAFF_EMAIL)
    today = timezone.now().date()
    demo_billing(today=today)
    demo_engagement(today=today)
    base = live_server.url
    anna = new_page()
    sign_in(anna, base, "anna@northwind-digital.example")
    for path, name in [
        ("/portal/roadmap/", "engagement-demo-01-roadmap"),
        ("/portal/services/", "engagement-demo-02-services"),
        ("/portal/messages/", "engagement-demo-03-messages"),
    ]:
        anna.goto(base + path)
        axe_check(anna)
        shot(anna, name)
    assert "What is new at 7x this month" in html(anna)
    staff = new_page()
    sign_in(staff, base, STAFF_EMAIL)
    for path, name in [
        ("/backoffice/roadmap/", "engagement-demo-04-backoffice-roadmap"),
        ("/backoffice/service-requests/?show=all", "engagement-demo-05-backoffice-services"),
        ("/backoffice/announcements/", "engagement-demo-06-backoffice-announcements"),
    ]:
        staff.goto(base + path)
        axe_check(staff)
        shot(staff, name)

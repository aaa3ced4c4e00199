"""Staff create an event, a partner admin registers two people, staff mark attendance (a
second mark from a stale page is refused), and the partner's ledger shows the participation
once per person. Certificates: the partner issues its level certificate, downloads the PDF
and verifies its code. Every new page is checked by axe and photographed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partnercenter.certificates.models import Certificate
from partnercenter.events.models import Attendance, Event, Registration
from partnercenter.ledger.models import Entry
from partnercenter.partners.services import certification_record
from partnercenter.review.models import TierDecision
from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


def test_event_registration_attendance_and_points(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    tomorrow = timezone.now().date() + timedelta(days=1)

    # Staff create a two-day event.
    staff = new_page()
    sign_in(staff, base, world.staff.username)
    staff.goto(f"{base}/backoffice/events/")
    axe_check(staff)
    staff.get_by_label("Title").fill("Quarterly partner meeting Q4")
    staff.get_by_label("Kind").select_option("partner_meeting")
    staff.get_by_label("First day").fill(tomorrow.isoformat())
    staff.get_by_label("Last day").fill((tomorrow + timedelta(days=1)).isoformat())
    staff.get_by_label("Place").fill("7x office, Berlin")
    staff.get_by_label("Capacity (people)").fill("20")
    shot(staff, "events-01-backoffice-create")
    staff.get_by_role("button", name="Create event").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Quarterly partner meeting Q4")
    event = Event.objects.get()
    axe_check(staff)
    shot(staff, "events-02-backoffice-event")

    # The partner admin registers herself and a colleague.
    partner = new_page()
    sign_in(partner, base, "ada@acme.example")
    partner.get_by_role("link", name="Events", exact=True).click()
    expect(partner.get_by_test_id("event-row")).to_contain_text("20 of 20")
    axe_check(partner)
    shot(partner, "events-03-portal-events")
    partner.get_by_label("Person to register for Quarterly partner meeting Q4").select_option(
        label="Max"
    )
    partner.get_by_role("button", name="Register for Quarterly partner meeting Q4").click()
    expect(partner.get_by_text("Max is registered for")).to_be_visible()
    partner.get_by_label("Person to register for Quarterly partner meeting Q4").select_option(
        label="Ada"
    )
    partner.get_by_role("button", name="Register for Quarterly partner meeting Q4").click()
    expect(partner.get_by_test_id("event-row")).to_contain_text("18 of 20")
    expect(partner.get_by_test_id("registration-row")).to_have_count(2)
    axe_check(partner)
    shot(partner, "events-04-portal-registered")
    assert Registration.objects.filter(event=event, cancelled_at__isnull=True).count() == 2

    # The event day arrives (the test moves the event instead of the clock).
    today = timezone.now().date()
    Event.objects.filter(pk=event.pk).update(starts_on=today, ends_on=today + timedelta(days=1))

    # Staff mark both; a second tab still shows Max unmarked.
    staff.reload()
    stale = staff.context.new_page()  # a second tab of the same staff session
    stale.goto(staff.url)
    staff.get_by_role("button", name="Mark attended Max").click()
    expect(staff.get_by_text("Max attended; 1,000 points posted to Acme.")).to_be_visible()
    staff.get_by_role("button", name="Mark attended Ada").click()
    expect(staff.get_by_test_id("roster-row").filter(has_text="Ada")).to_contain_text("Attended")
    axe_check(staff)
    shot(staff, "events-05-backoffice-attendance")
    before = (Attendance.objects.count(), Entry.objects.count())
    stale.get_by_role("button", name="Mark attended Max").click()
    expect(
        stale.get_by_text(re.compile("attendance is already marked; nothing changed"))
    ).to_be_visible()
    shot(stale, "events-06-backoffice-marked-twice")
    assert (Attendance.objects.count(), Entry.objects.count()) == before

    staff.goto(f"{base}/backoffice/events/")
    expect(staff.get_by_test_id("event-row")).to_contain_text("2 of 20")
    shot(staff, "events-05b-backoffice-list")

    # The partner's ledger shows the participation once per person.
    partner.goto(f"{base}/portal/ledger/")
    page = html(partner)
    assert page.count("Partner event participation: Quarterly partner meeting Q4") == 2
    shot(partner, "events-07-portal-ledger")
    entries = Entry.objects.filter(partner=world.a, activity="event_participation")
    assert sorted(e.person.name for e in entries) == ["Ada", "Max"]
    assert {e.points for e in entries} == {1000}
    partner.goto(f"{base}/portal/events/")
    expect(partner.get_by_test_id("registration-row").first).to_contain_text("Attended")
    shot(partner, "events-08-portal-attended")

    # A member sees "Register me" for an upcoming event (and may register only themself).
    later = timezone.now().date() + timedelta(days=30)
    Event.objects.create(
        title="Exponential 7 developer training",
        kind="training",
        starts_on=later,
        ends_on=later + timedelta(days=2),
        place="Oslo",
        capacity=12,
        created_by=world.staff,
    )
    member = new_page()
    sign_in(member, base, "max@acme.example")
    member.goto(f"{base}/portal/events/")
    member.get_by_role("button", name="Register me for Exponential 7 developer training").click()
    expect(
        member.get_by_text("Max is registered for Exponential 7 developer training")
    ).to_be_visible()
    axe_check(member)
    shot(member, "events-09-portal-member")

    # The calendar file of the event.
    ics = partner.request.get(f"{base}/portal/events/{event.pk}.ics")
    assert ics.ok and b"BEGIN:VEVENT" in ics.body()


def test_certificates_issue_download_and_verify(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    world.a.current_level = "gold"
    TierDecision.objects.create(
        partner=world.a, as_of=date(2026, 1, 1), edition_id="2025-01-01",
        facts={}, level="gold", direction="up", explanation=[],
    )  # fmt: skip
    world.a.save()
    certification_record(person=world.a_member, type="developer", earned_on=date(2026, 2, 3))

    partner = new_page()
    sign_in(partner, base, "max@acme.example")
    partner.get_by_role("link", name="Certificates", exact=True).click()
    expect(partner.get_by_test_id("certificate-row")).to_have_count(2)
    axe_check(partner)
    shot(partner, "certificates-01-portal")
    partner.get_by_role("button", name="Issue certificate Partner level").click()
    expect(
        partner.get_by_text(re.compile("Certificate ready: .*Exponential certified — Gold"))
    ).to_be_visible()
    partner.get_by_role("button", name="Issue certificate Max: Developer certification").click()
    expect(partner.get_by_text("up to date")).to_have_count(2)
    axe_check(partner)
    shot(partner, "certificates-02-portal-issued")
    level = Certificate.objects.get(subject="level")
    code = level.document.code

    # Download: the PDF itself.
    link = partner.get_by_role("link", name="Download PDF Partner level")
    pdf = partner.request.get(base + link.get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF") and pdf.body() == bytes(level.document.pdf)

    # Anyone verifies the code.
    visitor = new_page()
    visitor.goto(f"{base}/documents/verify/")
    visitor.get_by_label("Verification code").fill(code)
    visitor.get_by_role("button", name="Verify").click()
    expect(visitor.get_by_role("heading", name="Genuine document")).to_be_visible()
    expect(visitor.get_by_text("Exponential certified — Gold", exact=False).first).to_be_visible()
    axe_check(visitor)
    shot(visitor, "certificates-03-verify")

    # Staff see them from the partner's page.
    staff = new_page()
    sign_in(staff, base, world.staff.username)
    staff.goto(f"{base}/backoffice/partners/acme/")
    staff.get_by_role("link", name="Certificates issued to Acme").click()
    expect(staff.get_by_test_id("certificate-row")).to_have_count(2)
    axe_check(staff)
    shot(staff, "certificates-04-backoffice")
    staff_pdf = staff.request.get(f"{base}/backoffice/partners/acme/certificates/{code}.pdf")
    assert staff_pdf.ok and staff_pdf.body().startswith(b"%PDF")

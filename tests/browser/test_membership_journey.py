"""The whole way in and out, on screen: apply → confirm → approve → set a password → sign the
contract → choose a plan → invoice PDF → staff record the payment → an active paying member;
then notice, and the scheduler terminates the partner on the right day."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from partnercenter.billing.models import Invoice
from partnercenter.notifications.models import Message
from partnercenter.partners.models import Partner
from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]

PASSWORD = "Lisbon-Harbour-Lights-2026"


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    from django.core.cache import cache

    cache.clear()
    return make_world(make_partner)


def link_in(kind: str, path: str) -> str:
    """The path of the link in the newest email of `kind` (read from the outbox)."""
    body = Message.objects.filter(kind=kind).latest("id").body_text
    found = re.search(rf"https?://[^/\s]+({path}\S+/)", body)
    assert found, body
    return found.group(1)


def test_from_application_to_paying_member_to_termination(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    today = timezone.now().date()

    # A company applies on the public page.
    visitor = new_page()
    visitor.goto(base + "/apply/")
    visitor.get_by_label("Company name").fill("Tagus Web Works")
    visitor.get_by_label("Country").select_option("PT")
    visitor.get_by_label("Website").fill("https://tagus-web.example")
    visitor.get_by_label("Profile").select_option("it")
    visitor.get_by_label("Your name").fill("Rita Lobo")
    visitor.get_by_label("Your email").fill("rita@tagus-web.example")
    visitor.get_by_label("What does your company do?").fill("Exponential sites for ports.")
    visitor.get_by_label("I accept the program terms").check()
    visitor.get_by_role("button", name="Send the application").click()
    visitor.wait_for_load_state()
    assert "email" in html(visitor).lower()

    # It confirms its email with the link from the outbox.
    visitor.goto(base + link_in("application_confirm", "/apply/confirm/"))
    shot(visitor, "journey-01-confirmed")

    # Staff approve it in the back office.
    staff = new_page()
    sign_in(staff, base, world.staff.username)
    staff.goto(base + "/backoffice/applications/")
    staff.get_by_role("link", name="Tagus Web Works").click()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Approve").click()
    partner = Partner.objects.get(name="Tagus Web Works")
    assert partner.status == "applicant"

    # The invitee sets a password and lands in the portal.
    rita = new_page()
    rita.goto(base + link_in("application_approved", "/portal/invite/"))
    rita.get_by_label("New password:", exact=True).fill(PASSWORD)
    rita.get_by_label("New password confirmation:").fill(PASSWORD)
    rita.get_by_role("button", name="Create my account").click()
    rita.wait_for_url("**/portal/")
    shot(rita, "journey-02-portal-applicant")

    # She signs the contract...
    rita.get_by_role("link", name="Contract", exact=True).click()
    rita.get_by_label("Your full name").fill("Rita Lobo")
    rita.get_by_label("Your title").fill("Managing Director")
    rita.get_by_label("I have read and accept").check()
    with rita.expect_navigation():
        rita.get_by_role("button", name="Sign the contract").click()
    partner.refresh_from_db()
    assert partner.contract_signed_on == today and partner.status == "applicant"
    shot(rita, "journey-03-contract-signed")

    # ... and chooses the Now plan (the program fee): that makes the partner active.
    rita.get_by_role("navigation", name="Portal").get_by_role(
        "link", name="Plan & benefits"
    ).click()
    with rita.expect_navigation():
        rita.get_by_role("button", name="Choose Now Partner Plan").click()
    partner.refresh_from_db()
    assert partner.status == "active" and partner.plan == "now"
    assert partner.valid_until is not None and partner.valid_until > today
    invoice = Invoice.objects.get(partner=partner)
    pdf = rita.request.get(
        base
        + str(rita.get_by_role("link", name=f"Invoice PDF {invoice.number}").get_attribute("href"))
    )
    assert pdf.status == 200 and pdf.body()[:4] == b"%PDF"
    shot(rita, "journey-04-invoice-open")

    # Staff record the bank transfer.
    staff.goto(f"{base}/backoffice/invoices/{invoice.number}/")
    staff.get_by_label("Paid on").fill(today.isoformat())
    staff.get_by_label("Reference").fill("BANK-TAGUS-1")
    staff.get_by_role("button", name="Record the payment").click()
    staff.wait_for_load_state()
    assert "is paid" in html(staff)

    # The portal shows a paying, active member: with no points yet a registered partner
    # (portal, reporting, team; Starter's benefits at 3,000 points), its plan paid ahead.
    partner.refresh_from_db()
    assert partner.plan_paid_until is not None and partner.plan_paid_until > today
    rita.goto(base + "/portal/")
    card = rita.get_by_test_id("membership").inner_text()
    assert "Registered partner" in card and "Starter" in card, card
    axe_check(rita)
    shot(rita, "journey-05-active-member")
    rita.get_by_role("navigation", name="Portal").get_by_role(
        "link", name="Plan & benefits"
    ).click()
    paid = partner.plan_paid_until
    assert f"paid through <strong>{paid.day} {paid:%B %Y}</strong>" in html(rita)
    shot(rita, "journey-06-plan-paid")

    # She gives notice; the scheduler terminates the partner on the notice's last day.
    rita.get_by_role("link", name="Membership", exact=True).click()
    rita.get_by_label("I understand").check()
    with rita.expect_navigation():
        rita.get_by_role("button", name="Give notice").click()
    partner.refresh_from_db()
    ends_on = today + timedelta(days=30)
    assert partner.ends_on == ends_on
    day_before = (ends_on - timedelta(days=1)).isoformat()
    call_command("scheduler", "--once", "--as-of", day_before, stdout=io.StringIO())
    partner.refresh_from_db()
    assert partner.status == "active"
    call_command("scheduler", "--once", "--as-of", ends_on.isoformat(), stdout=io.StringIO())
    partner.refresh_from_db()
    assert partner.status == "terminated" and partner.terminated_on == ends_on
    rita.goto(base + "/portal/")
    assert "read-only access" in rita.get_by_test_id("membership-banner").inner_text()
    shot(rita, "journey-07-terminated")

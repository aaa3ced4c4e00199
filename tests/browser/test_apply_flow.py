"""A company applies on /apply/, confirms by email, staff approve, the contact joins the portal."""

from __future__ import annotations

import re
from typing import Any

import pytest

from partnercenter.applications.models import Application, ApplicationStatus
from partnercenter.applications.services import (
    application_confirm,
    application_submit,
    confirm_token,
)
from partnercenter.notifications.models import Message
from partnercenter.partners.models import Partner, Person
from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    from django.core.cache import cache

    cache.clear()
    return make_world(make_partner)


def _link(kind: str, pattern: str) -> str:
    body = Message.objects.get(kind=kind).body_text
    found = re.search(rf"https?://[^/\s]+({pattern}\S+/)", body)
    assert found, body
    return found.group(1)


def test_apply_confirm_approve_and_join(live_server: Any, world: World, new_page: Any) -> None:
    base = live_server.url
    visitor = new_page()
    visitor.goto(base + "/")
    shot(visitor, "apply-00-home")
    visitor.get_by_role("link", name="Apply to become a partner").click()
    assert visitor.url.endswith("/apply/")
    axe_check(visitor)

    # A mistake first: nothing stored, the message is on the field.
    visitor.get_by_label("Company name").fill("Harbour Lights Studio")
    visitor.get_by_label("Country").select_option("PT")
    visitor.get_by_label("Website").fill("https://harbour-lights.example")
    visitor.get_by_label("Profile").select_option("creative")
    visitor.get_by_label("Your name").fill("Helena Faro")
    visitor.get_by_label("Your email").fill("helena@harbour-lights")
    visitor.get_by_label("What does your company do?").fill(
        "A design studio in Porto building sites for museums and festivals."
    )
    visitor.get_by_role("button", name="Send the application").click()
    assert "Enter a valid email address" in visitor.locator("#id_contact_email_error").inner_text()
    assert "Accept the program terms" in visitor.locator("#id_accepts_terms_error").inner_text()
    assert Application.objects.count() == 0
    shot(visitor, "apply-01-form-errors")
    axe_check(visitor)

    visitor.get_by_label("Your email").fill("helena@harbour-lights.example")
    visitor.get_by_label("I accept the program terms").check()
    shot(visitor, "apply-02-form-filled")
    visitor.get_by_role("button", name="Send the application").click()
    visitor.wait_for_url("**/apply/sent/")
    assert "Check your email" in html(visitor)
    shot(visitor, "apply-03-check-your-email")
    axe_check(visitor)

    visitor.goto(base + _link("application_confirm", "/apply/confirm/"))
    assert "Application confirmed" in html(visitor)
    shot(visitor, "apply-04-confirmed")
    axe_check(visitor)
    visitor.goto(base + "/apply/confirm/forged-link/")
    assert "This link does not work" in html(visitor)
    shot(visitor, "apply-05-bad-link")
    axe_check(visitor)
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED

    # Another company already known by its email domain waits in the queue too: flagged.
    other = application_submit(
        company="Acme Digital",
        country="DE",
        website="",
        profile="it",
        contact_name="Dora",
        contact_email="dora@acme.example",
        student=False,
        description="Acme's new digital unit.",
        accepts_terms=True,
    ).application
    assert other is not None
    application_confirm(token=confirm_token(other))

    staff = new_page()
    sign_in(staff, base, world.staff.username)
    staff.get_by_role("link", name="Applications", exact=True).click()
    assert "Harbour Lights Studio" in html(staff)
    assert "Same email domain (acme.example) as a person of partner Acme" in html(staff)
    shot(staff, "apply-10-backoffice-queue")
    axe_check(staff)
    staff.get_by_role("link", name="Harbour Lights Studio").click()
    shot(staff, "apply-11-backoffice-application")
    axe_check(staff)
    staff.get_by_role("button", name="Approve").click()
    staff.wait_for_load_state()
    assert "invited as partner admin" in html(staff)
    shot(staff, "apply-12-backoffice-approved")
    axe_check(staff)
    partner = Partner.objects.get(slug="harbour-lights-studio")
    assert (partner.status, partner.country, partner.profile) == ("applicant", "PT", "creative")
    staff.get_by_role("link", name="Harbour Lights Studio").first.click()
    assert staff.url.endswith("/backoffice/partners/harbour-lights-studio/")

    invitee = new_page()
    invitee.goto(base + _link("application_approved", "/portal/invite/"))
    assert "Join Harbour Lights Studio" in html(invitee)
    shot(invitee, "apply-20-invitation")
    invitee.get_by_label("New password:", exact=True).fill("Porto-Museum-Sites-2026")
    invitee.get_by_label("New password confirmation:").fill("Porto-Museum-Sites-2026")
    invitee.get_by_role("button", name="Create my account").click()
    invitee.wait_for_url("**/portal/")
    assert "Welcome to Partner Center, Helena Faro" in html(invitee)
    shot(invitee, "apply-21-portal")
    phone = new_page(mobile=True)
    phone.goto(base + "/apply/")
    shot(phone, "apply-30-form-mobile")
    axe_check(phone)
    person = Person.objects.get(email="helena@harbour-lights.example")
    assert person.user is not None and person.role == "admin" and person.partner == partner

"""Accounts in a real Chromium: staff enrol two-factor before the back office; the check at sign-in."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.browser.conftest import axe_check, html, shot
from tests.identity.totp import code, enrol
from tests.submissions.factories import PASSWORD, World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


def _password(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/portal/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_staff_enrol_an_authenticator_before_the_back_office(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    page = new_page()
    page.goto(f"{base}/portal/login/")
    axe_check(page)
    shot(page, "identity-01-sign-in")

    # A staff member without two-factor signs in and asks for the back office ...
    _password(page, base, "staff@7x.example")
    # ... and is sent to set up an authenticator app first.
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    assert "/accounts/2fa/totp/activate/" in page.url
    axe_check(page)
    shot(page, "identity-02-enrol")
    assert page.goto(f"{base}/backoffice/partners/").url.startswith(
        f"{base}/accounts/2fa/totp/activate/"
    )  # every staff page, not only the dashboard

    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    page.get_by_label("Authenticator code").fill("000000")
    page.get_by_role("button", name="Activate").click()
    assert "Incorrect code" in html(page)
    assert not Authenticator.objects.filter(user=world.staff).exists()

    page.get_by_label("Authenticator code").fill(code(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_load_state()
    # Recovery codes are shown once, right after enrolling.
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    axe_check(page)
    shot(page, "identity-03-recovery-codes")
    page.goto(f"{base}/backoffice/")
    assert page.url == f"{base}/backoffice/"

    # Next time: the password, then the two-factor check.
    fresh = new_page()
    _password(fresh, base, "staff@7x.example")
    expect(fresh.get_by_role("heading", name="Two-factor check")).to_be_visible()
    axe_check(fresh)
    shot(fresh, "identity-04-challenge")
    # Not in yet: the back office sends the half-signed-in browser back to the check.
    assert fresh.goto(f"{base}/backoffice/").url == f"{base}/accounts/2fa/authenticate/"
    fresh.get_by_label("Code").fill("123456")
    fresh.get_by_role("button", name="Verify").click()
    assert "Incorrect code" in html(fresh)
    fresh.get_by_label("Code").fill(code(secret, world.staff))
    fresh.get_by_role("button", name="Verify").click()
    fresh.wait_for_load_state()
    assert fresh.url == f"{base}/backoffice/"


def test_a_partner_person_may_enrol_two_factor_from_security(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    page = new_page()
    _password(page, base, "max@acme.example")
    assert page.url == f"{base}/portal/"  # no second factor asked
    page.get_by_role("link", name="Security").click()
    page.wait_for_load_state()
    axe_check(page)
    shot(page, "identity-05-security")
    enrol(world.a_member.user)
    page.reload()
    expect(page.locator("main")).to_contain_text("Authenticator App")

"""A partner person links GitHub through a local OAuth double; its issues then earn the partner points.

No network: the double (tests.linkedaccounts.fake_oauth.py) serves authorize → token →
/user on 127.0.0.1. A second person cannot link the same login; staff link and see it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import expect

from partnercenter.audit.models import AuditEvent
from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.services import deliveries_drain
from partnercenter.ledger.models import Entry
from partnercenter.linkedaccounts.models import LinkedAccount
from tests.browser.conftest import axe_check, shot
from tests.browser.test_flows import sign_in
from tests.hooks.conftest import github_delivery
from tests.linkedaccounts.fake_oauth import FakeGitHub, fake_github, provider_settings
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


@pytest.fixture
def github(settings: Any) -> Iterator[FakeGitHub]:
    with fake_github() as fake:
        settings.SOCIALACCOUNT_PROVIDERS = provider_settings(fake)
        yield fake


def deliver_issue(number: int, login: str = "octo-partner") -> None:
    body, headers = github_delivery(login=login, number=number)
    response = Client().post("/hooks/github", data=body, content_type="application/json", **headers)
    assert response.status_code == 202, response.content
    deliveries_drain()


def test_a_person_links_github_and_its_issues_earn_points(
    live_server: Any, world: World, new_page: Any, github: FakeGitHub
) -> None:
    base = live_server.url
    # Given an issue opened by octo-partner before anyone linked that login: parked.
    deliver_issue(101)
    assert Delivery.objects.get().status == DeliveryStatus.PARKED

    # When Max of Acme links GitHub, signing in at the (local) provider as Octo-Partner,
    max_ = new_page()
    sign_in(max_, base, "max@acme.example")
    max_.get_by_role("link", name="Linked accounts").click()
    expect(max_.get_by_role("heading", name="Linked accounts")).to_be_visible()
    axe_check(max_)
    shot(max_, "links-01-portal-before")
    max_.get_by_role("button", name="Link GitHub").click()

    # then the page says so, and the link is proven by OAuth with GitHub's id.
    expect(max_.get_by_text("GitHub account Octo-Partner is linked")).to_be_visible()
    expect(max_.get_by_test_id("link-github")).to_contain_text("Signed in with the provider")
    axe_check(max_)
    shot(max_, "links-02-portal-linked")
    link = LinkedAccount.objects.get()
    assert (link.person_id, link.uid, link.verified_via) == (world.a_member.pk, "4242", "oauth")
    assert github.requests[:3] == [
        "GET /login/oauth/authorize",
        "POST /login/oauth/access_token",
        "GET /api/v3/user",
    ]

    # The parked issue is released, and a new signed issue earns Acme points too.
    deliveries_drain()
    deliver_issue(102, login="Octo-Partner")
    entries = Entry.objects.filter(partner=world.a, activity="bug_report")
    assert sorted(e.reason.split()[0] for e in entries) == [
        "7x/exponential#101",
        "7x/exponential#102",
    ]
    assert {e.person_id for e in entries} == {world.a_member.pk}
    max_.get_by_role("link", name="Ledger").click()
    expect(max_.get_by_text("7x/exponential#102").first).to_be_visible()

    # A second person signing in at GitHub as the same account cannot link it.
    bob = new_page()
    sign_in(bob, base, "bob@bravo.example")
    bob.goto(f"{base}/portal/linked-accounts/")
    bob.get_by_role("button", name="Link GitHub").click()
    expect(bob.get_by_text("already linked to another person")).to_be_visible()
    axe_check(bob)
    shot(bob, "links-03-portal-taken")
    assert LinkedAccount.objects.count() == 1

    # A callback carrying a state this browser never started links nothing.
    bob.goto(f"{base}/links/github/login/callback/?code=stolen&state=forged")
    expect(bob.get_by_text("the state does not match")).to_be_visible()
    shot(bob, "links-04-portal-wrong-state")
    assert LinkedAccount.objects.count() == 1
    assert Entry.objects.filter(partner=world.b).count() == 0


def test_staff_link_an_account_by_hand_with_a_reason(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    staff = new_page()
    sign_in(staff, base, "staff@7x.example")
    staff.goto(f"{base}/backoffice/partners/acme/")
    staff.get_by_role("link", name="Manage… the linked accounts of Max").click()
    expect(staff.get_by_role("heading", name="Linked accounts of Max")).to_be_visible()

    # A link without a reason is refused on the field, nothing stored.
    staff.get_by_label("Where").select_option("community")
    staff.get_by_label("Login").fill("max_c")
    staff.get_by_role("button", name="Link the account").click()
    expect(staff.get_by_text("Say why this account belongs to this person.")).to_be_visible()
    assert LinkedAccount.objects.count() == 0

    staff.get_by_label("Reason").fill("Confirmed by Max's email of 3 March")
    staff.get_by_role("button", name="Link the account").click()
    expect(staff.get_by_text("Community max_c is linked to Max.")).to_be_visible()
    axe_check(staff)
    shot(staff, "links-05-backoffice-person")
    event = AuditEvent.objects.get(action="linkedaccount.link")
    assert event.details["reason"] == "Confirmed by Max's email of 3 March"

    # Unlinking says why too.
    staff.get_by_text("Unlink…").click()
    staff.get_by_role("textbox", name="Reason").first.fill("Typo: the account is max_k")
    staff.get_by_role("button", name="Unlink max_c").click()
    expect(staff.get_by_text("max_c is no longer linked to Max.")).to_be_visible()
    assert LinkedAccount.objects.count() == 0
    assert AuditEvent.objects.filter(action="linkedaccount.unlink").count() == 1

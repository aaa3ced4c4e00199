"""Expiring certifications in Chromium: the dashboard warns of the drop; a renewal by webhook lifts it."""

from __future__ import annotations

import json
import urllib.request
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from partnercenter.hooks.conf import secret_for
from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.services import deliveries_drain
from partnercenter.hooks.signing import sign_timestamped
from tests.browser.conftest import axe_check, shot
from tests.browser.test_flows import sign_in
from tests.certifications.conftest import Silver, expiring_silver
from tests.identity.totp import verified_account
from tests.submissions.factories import PASSWORD, make_staff

pytestmark = [pytest.mark.browser]


@pytest.fixture
def silver(transactional_db: Any, make_partner: Any) -> Silver:
    found = expiring_silver(make_partner)
    found.admin.user = User.objects.create_user(
        username=found.admin.email, email=found.admin.email, password=PASSWORD
    )
    found.admin.save()
    verified_account(found.seller)  # the certification system finds people by a verified address
    make_staff()
    return found


def _send_renewal(base: str, silver: Silver, certification: str = "sales") -> int:
    """The certification system reports Sam's renewed sales certification, signed."""
    body = json.dumps(
        {
            "id": f"cert-{uuid.uuid4().hex[:8]}",
            "type": "certification.earned",
            "email": silver.seller.email,
            "certification": certification,
            "earned_on": (silver.today - timedelta(days=1)).isoformat(),
            "expires_on": (silver.today + timedelta(days=730)).isoformat(),
        }
    ).encode()
    request = urllib.request.Request(
        f"{base}/hooks/certification",
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Certification-Signature": sign_timestamped(secret_for("certification"), body),
        },
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310 - the test's own server
        return int(response.status)


def test_the_dashboard_warns_of_the_drop_until_the_certification_is_renewed(
    live_server: Any, silver: Silver, new_page: Any
) -> None:
    base = live_server.url
    # given Ada, partner admin of Acme (Silver), whose only sales certification expires
    # before the next review
    page = new_page()
    sign_in(page, base, silver.admin.email)
    page.goto(f"{base}/portal/")
    # then the dashboard says what will happen, when and why
    warning = page.get_by_test_id("level-warning")
    expect(warning).to_contain_text("Your level may drop at the next review.")
    expect(warning).to_contain_text(
        f"If nothing changes, on {silver.review_on.day} {silver.review_on:%B} you will drop "
        "to Professional: 1 sales certification expires on "
        f"{silver.sales.expires_on.day} {silver.sales.expires_on:%B}."  # type: ignore[union-attr]
    )
    shot(page, "certs-01-dashboard-level-warning")
    axe_check(page)
    phone = new_page(mobile=True)
    sign_in(phone, base, silver.admin.email)
    phone.goto(f"{base}/portal/")
    expect(phone.get_by_test_id("level-warning")).to_be_visible()
    shot(phone, "certs-02-dashboard-level-warning-mobile")

    # when the certification system first sends a type the edition does not know
    assert _send_renewal(base, silver, certification="sales-expert") == 202
    assert deliveries_drain() == 1
    failed = Delivery.objects.get()
    assert failed.status == DeliveryStatus.FAILED
    # then staff read why in the webhook inbox, and nothing changed for Acme
    staff = new_page()
    sign_in(staff, base, "staff@7x.example")
    staff.goto(f"{base}/hooks/inbox/{failed.pk}/")
    expect(staff.get_by_role("main")).to_contain_text(
        "certification: 'sales-expert' is not a certification type of edition"
    )
    shot(staff, "certs-03-inbox-refused-type")
    axe_check(staff)
    page.reload()
    expect(page.get_by_test_id("level-warning")).to_be_visible()

    # when it sends the renewal (signed) and the worker processes it
    assert _send_renewal(base, silver) == 202
    assert deliveries_drain() == 1
    assert Delivery.objects.filter(status=DeliveryStatus.PROCESSED).count() == 1

    # then staff see it in the webhook inbox
    staff.goto(f"{base}/hooks/inbox/?source=certification")
    expect(staff.get_by_role("main")).to_contain_text("certification.earned")
    shot(staff, "certs-04-inbox-certification")
    axe_check(staff)

    # and the warning is gone from Ada's dashboard
    page.reload()
    expect(page.get_by_test_id("level")).to_contain_text("Silver")
    expect(page.get_by_test_id("level-warning")).to_have_count(0)
    shot(page, "certs-05-dashboard-after-renewal")

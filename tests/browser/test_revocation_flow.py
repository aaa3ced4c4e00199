"""Staff revoke a certification on the partner page (issue 8, defect 1), in Chromium."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from partnercenter.partners.models import CertificationRevocation
from partnercenter.partners.services import certification_record
from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


def test_staff_revoke_a_certification_with_a_reason(
    live_server: Any, world: World, new_page: Any
) -> None:
    # given a certification on Acme's page
    earned = timezone.now().date() - timedelta(days=30)
    certification_record(person=world.a_admin, type="sales", earned_on=earned)
    staff = new_page()
    sign_in(staff, live_server.url, "staff@7x.example")
    staff.goto(f"{live_server.url}/backoffice/partners/acme/")
    # when staff open "Revoke…" and send it without a reason, then with one
    staff.get_by_text("Revoke…").click()
    staff.get_by_role("button", name="Revoke the certification").click()
    staff.wait_for_load_state()
    assert "This field is required" in html(staff)
    shot(staff, "40-backoffice-revoke-refused")
    axe_check(staff)
    staff.get_by_label("Reason for revoking").fill("Certificate withdrawn by the vendor")
    staff.get_by_role("button", name="Revoke the certification").click()
    staff.wait_for_load_state()
    # then the revocation is recorded and shown
    assert "The certification is revoked from" in html(staff)
    assert CertificationRevocation.objects.get().reason == "Certificate withdrawn by the vendor"
    staff.get_by_role("heading", name="Certifications").scroll_into_view_if_needed()
    shot(staff, "41-backoffice-revoked")
    axe_check(staff)

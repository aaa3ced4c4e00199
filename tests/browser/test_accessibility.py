"""Every page of the public site, the portal and the back office passes axe-core's WCAG 2.1 AA rules."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]

PUBLIC = [
    "/",
    "/portal/login/",
    "/portal/password-reset/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/signup/",
    "/documents/verify/",
    "/apply/",
    "/apply/sent/",
    "/apply/confirm/not-a-link/",
    "/find-a-partner/",
    "/find-a-partner/sent/",
    "/partners/",
    "/partners/profile/hosting/",
    "/partners/?country=Germany",
    "/verify/acme",
    "/mailings/unsubscribe/not-a-token/",
]
PORTAL = [
    "/portal/",
    "/portal/ledger/",
    "/portal/activities/",
    "/portal/activities/new/",
    "/portal/team/",
    "/portal/levels/",
    "/portal/plan/",
    "/portal/invoices/",
    "/portal/profile/",
    "/portal/tokens/",
    "/portal/membership/",
    "/portal/messages/",
    "/portal/contract/",
    "/portal/my-data/",
    "/portal/linked-accounts/",
    "/portal/leads/",
    "/portal/referrals/",
    "/portal/commissions/",
    "/portal/support/",
    "/portal/meetings/",
    "/portal/appeals/",
    "/portal/roadmap/",
    "/portal/services/",
    "/portal/events/",
    "/portal/certificates/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
]
BACKOFFICE = [
    "/backoffice/",
    "/backoffice/queue/",
    "/backoffice/partners/",
    "/backoffice/partners/?sort=-points",
    "/backoffice/partners/?level=legendary",
    "/backoffice/partners/acme/",
    "/backoffice/review/",
    "/backoffice/invoices/",
    "/backoffice/export/",
    "/backoffice/applications/",
    "/backoffice/scheduler/",
    "/backoffice/contracts/",
    "/backoffice/import/",
    "/backoffice/leads/",
    "/backoffice/commissions/",
    "/backoffice/tickets/",
    "/backoffice/meeting-slots/",
    "/backoffice/sla/",
    "/backoffice/revenue-requirement/",
    "/backoffice/moderation/",
    "/backoffice/moderation/?status=approved",
    "/backoffice/appeals/",
    "/backoffice/appeals/?status=upheld",
    "/backoffice/editions/",
    "/backoffice/editions/published/2025-01-01/",
    "/backoffice/roadmap/",
    "/backoffice/service-requests/",
    "/backoffice/announcements/",
    "/backoffice/approvals/",
    "/backoffice/events/",
    "/backoffice/partners/acme/certificates/",
]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


def test_every_page_passes_wcag_21_aa(live_server: Any, world: World, new_page: Any) -> None:
    base = live_server.url
    anonymous = new_page()
    for url in PUBLIC:
        anonymous.goto(base + url)
        axe_check(anonymous)
    person = new_page()
    sign_in(person, base, "max@acme.example")
    for url in PORTAL:
        person.goto(base + url)
        axe_check(person)
    staff = new_page()
    sign_in(staff, base, world.staff.username)
    for url in BACKOFFICE:
        staff.goto(base + url)
        assert "Back office" in html(staff), url
        axe_check(staff)
    shot(staff, "axe-backoffice-last")

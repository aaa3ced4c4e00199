"""A partner's level history, in the portal and the back office, explained from the decisions'
shapes (issue 14: decisions store their bucket's shape and their own numbers, not a
spelled-out explanation each). In a real Chromium, checked by axe."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from partnercenter.partners.services import certification_record
from partnercenter.review.models import TierDecision
from partnercenter.review.services import review_run
from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    world = make_world(make_partner)
    certification_record(person=world.a_admin, type="sales", earned_on=date(2025, 2, 1))
    review_run(as_of=date(2025, 4, 1))
    review_run(as_of=date(2025, 5, 1))
    return world


def test_level_history_is_explained_from_the_shapes(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    decisions = TierDecision.objects.filter(partner=world.a)
    assert decisions.count() == 2 and not decisions.filter(explanation__isnull=False).exists()
    # The partner's admin sees each review with every level's requirements and its numbers
    page = new_page()
    sign_in(page, base, "max@acme.example")
    page.goto(base + "/portal/levels/")
    expect(page.get_by_role("heading", name="Level history")).to_be_visible()
    body = html(page)
    assert "1 May 2025" in body and "1 April 2025" in body
    assert "Points in the window" in body and "Sales certifications" in body
    axe_check(page)
    shot(page, "levels-portal-from-shapes")
    # Staff see the same history on the partner's page, with what the next level needs
    staff = new_page()
    sign_in(staff, base, world.staff.username)
    staff.goto(base + f"/backoffice/partners/{world.a.slug}/")
    body = html(staff)
    assert "1 May 2025" in body and "more points" in body
    axe_check(staff)
    shot(staff, "levels-backoffice-from-shapes")

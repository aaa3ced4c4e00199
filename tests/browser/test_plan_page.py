"""The plan page and the dashboard count the same points, up to now (issue 14's defect:
the plan page counted up to today's start), and a kept plan page follows a posting.
In a real Chromium, checked by axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from partnercenter.backoffice.services import adjustment_post
from tests.browser.conftest import axe_check, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


def test_the_plan_page_and_the_dashboard_show_the_same_points(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    # Acme earned 1,000 points today
    adjustment_post(partner=world.a, staff_user=world.staff, points=1000, reason="Today", key="a")
    page = new_page()
    sign_in(page, base, "ada@acme.example")
    page.goto(base + "/portal/")
    expect(page.get_by_test_id("points")).to_have_text("1,000")
    page.get_by_role("link", name="Plan & benefits").click()
    expect(page.get_by_text("You have 1,000 points now")).to_be_visible()
    # 3,500 more are posted today: both pages count them on the next load
    adjustment_post(partner=world.a, staff_user=world.staff, points=3500, reason="More", key="b")
    page.reload()
    expect(page.get_by_text("You have 4,500 points now")).to_be_visible()
    axe_check(page)
    shot(page, "plan-01-points-now")
    page.goto(base + "/portal/")
    expect(page.get_by_test_id("points")).to_have_text("4,500")
    shot(page, "plan-02-dashboard-points-now")

"""The dashboard's chart and the ledger's rows, now built in Python, look and read as before.

Issue 14 (pages): the chart's SVG and the ledger table rows are built in one pass; this
opens both as Max of Acme, checks WCAG 2.1 AA with axe, and keeps screenshots.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.utils import timezone

from partnercenter.backoffice.services import adjustment_post
from partnercenter.domain.windows import add_months
from partnercenter.ledger.models import Entry
from partnercenter.ledger.services import entry_post, entry_reverse
from tests.browser.conftest import axe_check, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


def test_dashboard_chart_and_ledger_rows(live_server: Any, world: World, new_page: Any) -> None:
    # given Acme has a forum post in each of the last months, and a reversed adjustment
    today = timezone.now().date().replace(day=1)
    for k in range(12):
        month = add_months(today, -k)
        entry_post(
            partner=world.a,
            activity="bug_report",
            occurred_at=datetime(month.year, month.month, 2, 12, tzinfo=UTC),
            source="monitored",
            reason=f"Bug {k}",
            idempotency_key=f"bug:{k}",
            person=world.a_member,
        )
    adjustment_post(partner=world.a, staff_user=world.staff, points=70, reason="Bonus", key="x")
    entry_reverse(entry=Entry.objects.get(activity="adjustment"), reason="Posted twice")
    page = new_page()
    sign_in(page, live_server.url, "max@acme.example")
    # when Max opens the dashboard
    page.goto(f"{live_server.url}/portal/")
    # then the chart has 24 bars and the numbers table, and the page passes axe
    assert page.locator("figure.chart svg rect").count() == 24
    assert page.get_by_text("The numbers").count() == 1
    axe_check(page)
    shot(page, "standing-dashboard")
    # and the ledger shows the reversal both ways
    page.goto(f"{live_server.url}/portal/ledger/")
    assert page.get_by_text("Reversed by entry #").count() == 1
    assert page.get_by_text("Reverses entry #").count() == 1
    axe_check(page)
    shot(page, "standing-ledger")

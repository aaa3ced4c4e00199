"""The demo membership builds on the demo partners and changes nothing the second time."""

from __future__ import annotations

from datetime import date

import pytest

from partnercenter.membership.demo import demo_membership, validity_from_anniversaries
from partnercenter.membership.selectors import membership_state
from partnercenter.notifications.models import Message
from partnercenter.partners.demo import demo_load
from partnercenter.partners.models import Partner

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("since", "today", "until"),
    [
        (date(2024, 3, 15), date(2026, 11, 26), date(2027, 3, 14)),
        (date(2024, 3, 15), date(2027, 3, 14), date(2027, 3, 14)),
        (date(2024, 3, 15), date(2027, 3, 15), date(2028, 3, 14)),
    ],
)
def test_validity_runs_from_the_anniversaries(since: date, today: date, until: date) -> None:
    assert validity_from_anniversaries(since, today, 12) == until


def test_demo_membership_is_idempotent(edition: object) -> None:
    today = date(2026, 11, 26)
    demo_load(today=today)
    demo_membership(today=today)
    snapshot = list(Partner.objects.order_by("pk").values())
    messages = Message.objects.count()
    demo_membership(today=today)
    assert list(Partner.objects.order_by("pk").values()) == snapshot
    assert Message.objects.count() == messages >= 3
    noticed = Partner.objects.get(slug="baltic-systems")
    assert noticed.ends_on == date(2026, 12, 16)
    assert Partner.objects.get(slug="harbor-cloud").status == "lapsed"
    active = Partner.objects.filter(status="active")
    assert not active.filter(valid_until__isnull=True).exists()
    kinds = {membership_state(p, today).kind for p in active}
    assert {"paid_plan", "points_path", "registered"} <= kinds
    assert "lapsed" not in kinds
    # The scheduler's first pass after `make run` lapses nobody else.
    from partnercenter.membership.services import memberships_lapse

    assert memberships_lapse(as_of=today) == {"lapsed": 0, "restored": 0}

"""The membership rule as tables: kind on a day, lapse day, notice end, reminders due."""

from __future__ import annotations

from datetime import date

import pytest

from partnercenter.domain.membership import (
    Kind,
    MembershipFacts,
    access_until,
    lapse_day,
    logo_reminder_due,
    membership_on,
    notice_end,
    regains,
    reminder_due,
    renewal_reminder_due,
)
from partnercenter.domain.program import Edition

DAY = date(2026, 6, 1)


def facts(**kw: object) -> MembershipFacts:
    base: dict[str, object] = {
        "day": DAY,
        "status": "active",
        "paid_plan": False,
        "points_path": False,
        "level": None,
        "activated_on": date(2026, 1, 1),
        "valid_until": date(2026, 12, 31),
    }
    base.update(kw)
    return MembershipFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "kind"),
    [
        ({"paid_plan": True, "level": "silver"}, Kind.PAID_PLAN),
        ({"paid_plan": True, "level": "starter"}, Kind.PAID_PLAN),
        ({"paid_plan": True, "level": None}, Kind.REGISTERED),
        # Student ranks below Starter but has the Starter column of benefits (PRODUCT.md).
        ({"paid_plan": True, "level": "student"}, Kind.PAID_PLAN),
        ({"points_path": True, "level": "professional"}, Kind.POINTS_PATH),
        ({"paid_plan": True, "points_path": True, "level": "gold"}, Kind.PAID_PLAN),
        # Neither, covered until 10 days ago: still within the 30 grace days.
        ({"covered_until": date(2026, 5, 22)}, Kind.GRACE),
        # Neither for 31 days: lapsed.
        ({"covered_until": date(2026, 5, 1)}, Kind.LAPSED),
        ({"covered_until": date(2026, 5, 2)}, Kind.GRACE),
        # Validity ran out without renewal, even with a paid plan.
        ({"paid_plan": True, "level": "silver", "valid_until": date(2026, 5, 31)}, Kind.LAPSED),
        ({"paid_plan": True, "level": "silver", "valid_until": date(2026, 6, 1)}, Kind.PAID_PLAN),
        ({"status": "lapsed", "paid_plan": True}, Kind.LAPSED),
        ({"status": "applicant"}, Kind.APPLICANT),
        ({"status": "suspended"}, Kind.SUSPENDED),
        ({"status": "terminated"}, Kind.TERMINATED),
    ],
)
def test_membership_kind_on_a_day(given: dict[str, object], kind: Kind, edition: Edition) -> None:
    assert membership_on(facts(**given), edition).kind == kind


@pytest.mark.parametrize(
    ("given", "lapses"),
    [
        ({"paid_plan": True, "valid_until": None}, None),
        ({"paid_plan": True}, date(2027, 1, 1)),
        ({"covered_until": date(2026, 5, 20), "valid_until": None}, date(2026, 6, 20)),
        # Never covered: the grace period runs from activation.
        ({"activated_on": date(2026, 5, 1), "valid_until": None}, date(2026, 6, 1)),
        ({"activated_on": None, "valid_until": None}, None),
        # The earlier of the two.
        ({"covered_until": date(2026, 5, 20), "valid_until": date(2026, 6, 5)}, date(2026, 6, 6)),
    ],
)
def test_lapse_day(given: dict[str, object], lapses: date | None, edition: Edition) -> None:
    assert lapse_day(facts(**given), edition) == lapses


@pytest.mark.parametrize(
    ("given", "back"),
    [
        ({"status": "lapsed", "paid_plan": True}, True),
        ({"status": "lapsed", "points_path": True}, True),
        ({"status": "lapsed"}, False),
        ({"status": "lapsed", "paid_plan": True, "valid_until": date(2026, 5, 1)}, False),
        ({"status": "lapsed", "paid_plan": True, "valid_until": None}, True),
        ({"status": "active", "paid_plan": True}, False),
    ],
)
def test_a_lapsed_partner_regains(given: dict[str, object], back: bool) -> None:
    assert regains(facts(**given)) is back


def test_under_notice_shows_the_end_day(edition: Edition) -> None:
    state = membership_on(
        facts(paid_plan=True, level="silver", notice_given_on=DAY, ends_on=date(2026, 7, 1)),
        edition,
    )
    assert state.under_notice and state.ends_on == date(2026, 7, 1)
    assert state.kind == Kind.PAID_PLAN and state.has_benefits
    assert state.as_dict()["ends_on"] == "2026-07-01"


def test_a_registered_partner_is_told_what_starter_needs(edition: Edition) -> None:
    state = membership_on(facts(paid_plan=True), edition)
    assert state.kind == Kind.REGISTERED and not state.has_benefits
    assert state.starter_points == 3000


@pytest.mark.parametrize(
    ("valid_until", "due"),
    [(date(2026, 12, 31), False), (date(2026, 7, 31), True), (date(2026, 7, 30), True)],
)
def test_renew_hint_within_the_longest_reminder(
    valid_until: date, due: bool, edition: Edition
) -> None:
    assert membership_on(facts(valid_until=valid_until), edition).renew_due is due


@pytest.mark.parametrize(
    ("notice", "ends"),
    [(date(2026, 6, 1), date(2026, 7, 1)), (date(2026, 12, 15), date(2027, 1, 14))],
)
def test_notice_end_is_notice_days_later(notice: date, ends: date, edition: Edition) -> None:
    assert notice_end(notice, edition) == ends


def test_access_after_termination_runs_the_edition_months(edition: Edition) -> None:
    assert access_until(date(2026, 7, 1), edition) == date(2027, 6, 30)


@pytest.mark.parametrize(
    ("days_left", "due"),
    [
        (90, None),
        (61, None),
        (60, 60),
        (45, 60),
        (30, 30),
        (8, 30),
        (7, 7),
        (0, 7),
        (-1, None),
    ],
)
def test_renewal_reminder_days(days_left: int, due: int | None, edition: Edition) -> None:
    from datetime import timedelta

    valid_until = DAY + timedelta(days=days_left)
    assert renewal_reminder_due(valid_until, DAY, edition) == due


@pytest.mark.parametrize(
    ("days_left", "due"), [(20, None), (14, 14), (4, 14), (3, 3), (0, 3), (-2, None)]
)
def test_logo_reminder_days(days_left: int, due: int | None, edition: Edition) -> None:
    from datetime import timedelta

    assert logo_reminder_due(DAY + timedelta(days=days_left), DAY, edition) == due


def test_no_thresholds_means_no_reminder() -> None:
    assert reminder_due(DAY, (), DAY) is None

"""Quota periods at every edge, allowances across a plan change, the SLA clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnercenter.domain.quotas import (
    UsageRow,
    allowance,
    breached,
    cancel_refunds,
    median,
    period_containing,
    response_due,
)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "instant", "start", "end"),
    [
        # Sunday 23:59:59 is still the old week; Monday 00:00 starts the new one.
        ("week", at(2025, 3, 9, 23, 59, 59), at(2025, 3, 3), at(2025, 3, 10)),
        ("week", at(2025, 3, 10, 0, 0, 0), at(2025, 3, 10), at(2025, 3, 17)),
        ("week", at(2025, 12, 31, 12), at(2025, 12, 29), at(2026, 1, 5)),
        ("month", at(2025, 1, 31, 23, 59, 59), at(2025, 1, 1), at(2025, 2, 1)),
        ("month", at(2025, 2, 1), at(2025, 2, 1), at(2025, 3, 1)),
        ("month", at(2025, 12, 31, 23, 59, 59), at(2025, 12, 1), at(2026, 1, 1)),
        ("quarter", at(2025, 3, 31, 23, 59, 59), at(2025, 1, 1), at(2025, 4, 1)),
        ("quarter", at(2025, 4, 1), at(2025, 4, 1), at(2025, 7, 1)),
        ("quarter", at(2025, 12, 31, 23, 59, 59), at(2025, 10, 1), at(2026, 1, 1)),
        ("quarter", at(2026, 1, 1), at(2026, 1, 1), at(2026, 4, 1)),
    ],
)
def test_period_containing_an_instant(
    kind: str, instant: datetime, start: datetime, end: datetime
) -> None:
    # Given an instant, when its period is taken, then it starts and resets at the edges.
    period = period_containing(kind, instant)
    assert (period.start, period.end, period.resets_at) == (start, end, end)
    assert period.contains(instant)


def test_other_timezones_are_read_as_utc() -> None:
    from zoneinfo import ZoneInfo

    # Monday 00:30 in Berlin is Sunday 23:30 UTC: still last week.
    berlin = datetime(2025, 3, 10, 0, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert period_containing("week", berlin).start == at(2025, 3, 3)


def test_naive_instants_and_unknown_kinds_are_refused() -> None:
    with pytest.raises(ValueError):
        period_containing("week", datetime(2025, 1, 1))
    with pytest.raises(ValueError):
        period_containing("fortnight", at(2025, 1, 1))


WEEK = period_containing("week", at(2025, 3, 12))


@pytest.mark.parametrize(
    ("plan", "quota", "rows", "used", "remaining"),
    [
        ("gold", 10, [UsageRow("gold", 1)] * 9, 9, 1),
        ("gold", 10, [UsageRow("gold", 1)] * 10, 10, 0),
        # A refund is a reversing record.
        ("gold", 10, [UsageRow("gold", 1)] * 10 + [UsageRow("gold", -1)], 9, 1),
        # Silver → Gold mid-week: 7 used under Silver do not count; Gold's 10 apply.
        ("gold", 10, [UsageRow("silver", 1)] * 7 + [UsageRow("gold", 1)] * 2, 2, 8),
        # Gold → Silver mid-week: the Silver quota, against Silver usage only.
        ("silver", 7, [UsageRow("gold", 1)] * 9, 0, 7),
        ("silver", 7, [UsageRow("gold", 1)] * 9 + [UsageRow("silver", 1)] * 7, 7, 0),
    ],
)
def test_allowance_with_plan_change_mid_period(
    plan: str, quota: int, rows: list[UsageRow], used: int, remaining: int
) -> None:
    a = allowance(rule="new_quota_from_change", period=WEEK, plan=plan, quota=quota, rows=rows)
    assert (a.allowed, a.used, a.remaining) == (quota, used, remaining)


def test_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError):
        allowance(rule="prorate", period=WEEK, plan="gold", quota=1, rows=[])


def test_response_due_counts_calendar_hours_through_the_weekend() -> None:
    assert response_due(at(2025, 3, 7, 22), 4) == at(2025, 3, 8, 2)
    with pytest.raises(ValueError):
        response_due(at(2025, 3, 7, 22), 4, "business")


@pytest.mark.parametrize(
    ("first", "now", "expected"),
    [
        (at(2025, 3, 7, 12), at(2025, 3, 8), False),  # answered exactly on time
        (at(2025, 3, 7, 12, 0, 1), at(2025, 3, 8), True),  # one second late
        (None, at(2025, 3, 7, 12), False),  # still within
        (None, at(2025, 3, 7, 12, 0, 1), True),  # no answer, past due
    ],
)
def test_breach(first: datetime | None, now: datetime, expected: bool) -> None:
    assert breached(at(2025, 3, 7, 12), first, now) is expected
    assert breached(None, first, now) is False


@pytest.mark.parametrize(
    ("before", "refund"),
    [(timedelta(hours=24, seconds=1), True), (timedelta(hours=24), False), (timedelta(0), False)],
)
def test_cancel_refund_edge(before: timedelta, refund: bool) -> None:
    start = at(2025, 3, 10, 10)
    assert cancel_refunds(start, start - before, 24) is refund


def test_median() -> None:
    assert median([]) is None
    assert median([5, 1, 3]) == 3
    assert median([1, 2, 3, 10]) == 2


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from(["week", "month", "quarter"]),
)
def test_every_instant_lies_in_exactly_one_period(naive: datetime, kind: str) -> None:
    # Given any instant, its period holds it, starts at midnight UTC on a period boundary,
    # and the next period starts exactly where this one resets.
    instant = naive.replace(tzinfo=UTC)
    period = period_containing(kind, instant)
    assert period.contains(instant)
    assert period.start.time() == datetime.min.time()
    if kind == "week":
        assert period.start.weekday() == 0
    else:
        assert period.start.day == 1
        assert kind == "month" or period.start.month in (1, 4, 7, 10)
    assert period_containing(kind, period.end).start == period.end
    assert period_containing(kind, period.end - timedelta(microseconds=1)) == period

"""Quota periods, allowances across plan changes, and the first-response SLA clock.

Pure: instants are timezone-aware UTC datetimes. A period is half-open
[start, end): the ticket opened on Sunday 23:59:59 UTC belongs to the week that
ends at the next Monday 00:00 UTC, which is also that week's reset time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PERIOD_KINDS = ("week", "month", "quarter")


@dataclass(frozen=True)
class Period:
    """One quota period: [start, end); the quota resets at `end`."""

    kind: str
    start: datetime
    end: datetime

    @property
    def resets_at(self) -> datetime:
        return self.end

    def contains(self, at: datetime) -> bool:
        return self.start <= at < self.end


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    return at.astimezone(UTC)


def _month_start(year: int, month: int) -> datetime:
    while month > 12:
        year, month = year + 1, month - 12
    return datetime(year, month, 1, tzinfo=UTC)


def period_containing(kind: str, at: datetime) -> Period:
    """The period of `kind` (week = ISO week from Monday 00:00 UTC, month, quarter) holding `at`."""
    at = _utc(at)
    if kind == "week":
        monday = datetime(at.year, at.month, at.day, tzinfo=UTC) - timedelta(days=at.weekday())
        return Period(kind, monday, monday + timedelta(days=7))
    if kind == "month":
        start = _month_start(at.year, at.month)
        return Period(kind, start, _month_start(at.year, at.month + 1))
    if kind == "quarter":
        first = 3 * ((at.month - 1) // 3) + 1
        start = _month_start(at.year, first)
        return Period(kind, start, _month_start(at.year, first + 3))
    raise ValueError(f"unknown period kind {kind!r}")


@dataclass(frozen=True)
class UsageRow:
    """One usage record as the quota arithmetic sees it: the plan in force and +1/−1."""

    plan: str
    amount: int


@dataclass(frozen=True)
class Allowance:
    """What a partner may still use in a period under the plan in force."""

    period: Period
    allowed: int
    used: int

    @property
    def remaining(self) -> int:
        return max(0, self.allowed - self.used)


def allowance(
    *, rule: str, period: Period, plan: str, quota: int, rows: Iterable[UsageRow]
) -> Allowance:
    """The allowance of `plan` (quota per period) given the period's usage records.

    Rule "new_quota_from_change" (the edition's `[entitlements] plan_change_rule`):
    the plan in force decides the quota and only usage recorded under that plan in
    the period counts, so after a mid-period change the new plan's full quota applies
    from the change on: remaining = quota - SUM(amount of rows with row.plan == plan).
    """
    if rule != "new_quota_from_change":
        raise ValueError(f"unknown plan change rule {rule!r}")
    used = sum(r.amount for r in rows if r.plan == plan)
    return Allowance(period=period, allowed=quota, used=max(0, used))


def response_due(opened_at: datetime, hours: int, clock: str = "calendar") -> datetime:
    """When the first staff response is due: `hours` calendar hours after opening."""
    if clock != "calendar":
        raise ValueError(f"unknown response clock {clock!r}")
    return _utc(opened_at) + timedelta(hours=hours)


def breached(due: datetime | None, first_response_at: datetime | None, now: datetime) -> bool:
    """True when the response came after `due`, or none came and `due` has passed."""
    if due is None:
        return False
    if first_response_at is not None:
        return first_response_at > due
    return now > due


def cancel_refunds(starts_at: datetime, cancelled_at: datetime, hours: int) -> bool:
    """A cancellation more than `hours` before the start gives the meeting back."""
    return starts_at - cancelled_at > timedelta(hours=hours)


def median(values: list[int]) -> int | None:
    """The median of whole minutes (the lower middle for an even count's average, rounded)."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return round((ordered[mid - 1] + ordered[mid]) / 2)

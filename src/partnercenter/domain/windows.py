"""The points window: which entries count on a date, and which are about to leave.

A review "as of" date D happens at the start of D (00:00 UTC). The window is
the half-open range of dates [D - N months, D): an entry exactly N months old
still counts, an entry of D itself counts from the next review on. Month
arithmetic clamps to the month's last day (29 Feb 2024 - 12 months = 28 Feb 2023).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time


@dataclass(frozen=True)
class EntryLike:
    """The parts of a ledger entry the window needs."""

    occurred_on: date
    points: int
    revenue_cents: int = 0
    recorded_on: date | None = None


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def window_bounds(as_of: date, months: int) -> tuple[date, date]:
    """The window of a review as of `as_of`: dates in [start, end).

    A window reaching back before the first representable day (as of year 1, asked through
    the API) starts at that day instead of failing.
    """
    if as_of.year * 12 + (as_of.month - 1) - months < 12:
        return date.min, as_of
    return add_months(as_of, -months), as_of


def start_of_day(day: date) -> datetime:
    """The UTC instant a date begins; reviews and replays cut there."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def month_start(day: date) -> date:
    return day.replace(day=1)


@dataclass(frozen=True)
class WindowTotals:
    """Points and revenue inside a window."""

    points: int
    revenue_cents: int


def totals_in_window(
    entries: Iterable[EntryLike], as_of: date, months: int, recorded_before: date | None = None
) -> WindowTotals:
    """Sum the entries that fall in the window; with `recorded_before`, only those known by then."""
    start, end = window_bounds(as_of, months)
    points = revenue = 0
    for e in entries:
        if not (start <= e.occurred_on < end):
            continue
        if (
            recorded_before is not None
            and e.recorded_on is not None
            and e.recorded_on >= recorded_before
        ):
            continue
        points += e.points
        revenue += e.revenue_cents
    return WindowTotals(points, revenue)


@dataclass(frozen=True)
class Leaving:
    """Points that leave the window by `by` (the as-of date `months_ahead` months later)."""

    by: date
    points: int


def points_leaving(
    entries: Iterable[EntryLike], as_of: date, months: int, horizon: int = 3
) -> list[Leaving]:
    """For each of the next `horizon` months, the points that drop out of the window by then.

    Each edge is the start of the window of the later review itself, so month-end clamping
    matches `totals_in_window` (as of 31 Jan, the review of 28 Feb starts on 28 Feb a year before).
    """
    reviews = [add_months(as_of, k) for k in range(horizon + 1)]
    edges = [window_bounds(day, months)[0] for day in reviews]
    buckets = [0] * horizon
    for e in entries:
        if e.occurred_on >= as_of:
            continue  # not in the window yet, so it cannot leave it
        for k in range(horizon):
            if edges[k] <= e.occurred_on < edges[k + 1]:
                buckets[k] += e.points
                break
    return [Leaving(by=reviews[k + 1], points=buckets[k]) for k in range(horizon)]

"""The points window: month arithmetic, boundaries, late records, and points about to leave."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnercenter.domain.windows import (
    EntryLike,
    add_months,
    month_start,
    points_leaving,
    start_of_day,
    totals_in_window,
    window_bounds,
)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 15), 1, date(2025, 2, 15)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 1, 1), -1, date(2024, 12, 1)),
        (date(2025, 1, 1), -12, date(2024, 1, 1)),
        (date(2025, 5, 20), 0, date(2025, 5, 20)),
        (date(2025, 5, 20), 120, date(2035, 5, 20)),
    ],
)
def test_add_months_clamps_to_the_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 2, 29), -12, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2023, 2, 28), 12, date(2024, 2, 28)),
        (date(2025, 3, 29), -13, date(2024, 2, 29)),
    ],
)
def test_add_months_leap_days(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_window_bounds() -> None:
    assert window_bounds(date(2025, 3, 1), 12) == (date(2024, 3, 1), date(2025, 3, 1))
    assert window_bounds(date(2024, 2, 29), 12) == (date(2023, 2, 28), date(2024, 2, 29))


def test_start_of_day_and_month_start() -> None:
    assert start_of_day(date(2025, 3, 1)) == datetime(2025, 3, 1, tzinfo=UTC)
    assert month_start(date(2025, 3, 17)) == date(2025, 3, 1)


AS_OF = date(2025, 3, 1)


def _points(entries: list[EntryLike], as_of: date = AS_OF, **kw: date | None) -> int:
    return totals_in_window(entries, as_of, 12, **kw).points


def test_entry_exactly_twelve_months_old_counts() -> None:
    assert _points([EntryLike(date(2024, 3, 1), 100)]) == 100


def test_entry_one_day_older_does_not_count() -> None:
    assert _points([EntryLike(date(2024, 2, 29), 100)]) == 0


def test_entry_on_the_as_of_date_does_not_count_yet() -> None:
    entries = [EntryLike(AS_OF, 100)]
    assert _points(entries) == 0
    assert _points(entries, as_of=AS_OF + timedelta(days=1)) == 100


def test_entry_the_day_before_counts() -> None:
    assert _points([EntryLike(AS_OF - timedelta(days=1), 100)]) == 100


def test_leap_day_entry_is_in_the_window_a_year_later() -> None:
    entry = [EntryLike(date(2024, 2, 29), 100)]
    # As of 28 Feb 2025 the window starts 28 Feb 2024: the leap day is inside.
    assert _points(entry, as_of=date(2025, 2, 28)) == 100
    # As of 1 Mar 2025 it starts 1 Mar 2024: the leap day has left.
    assert _points(entry, as_of=date(2025, 3, 1)) == 0


def test_window_from_a_leap_day() -> None:
    entries = [EntryLike(date(2023, 2, 27), 1), EntryLike(date(2023, 2, 28), 10)]
    assert _points(entries, as_of=date(2024, 2, 29)) == 10


def test_totals_sum_points_and_revenue() -> None:
    entries = [
        EntryLike(date(2024, 6, 1), 500, 50_000),
        EntryLike(date(2024, 12, 31), 250, 12_345),
        EntryLike(date(2023, 12, 31), 1_000, 99_999),  # too old
        EntryLike(date(2025, 3, 2), 1_000, 99_999),  # in the future
    ]
    totals = totals_in_window(entries, AS_OF, 12)
    assert (totals.points, totals.revenue_cents) == (750, 62_345)


def test_reversing_entries_subtract() -> None:
    entries = [EntryLike(date(2024, 6, 1), 500), EntryLike(date(2024, 7, 1), -500)]
    assert _points(entries) == 0


def test_recorded_before_leaves_out_late_records() -> None:
    entries = [
        EntryLike(date(2024, 6, 1), 1, recorded_on=date(2024, 6, 2)),
        EntryLike(date(2025, 2, 27), 10, recorded_on=date(2025, 2, 28)),
        EntryLike(date(2025, 2, 28), 100, recorded_on=date(2025, 3, 1)),  # known on the day
        EntryLike(date(2025, 2, 28), 1_000, recorded_on=date(2025, 3, 5)),  # approved later
        EntryLike(date(2025, 2, 28), 10_000),  # no record date: always known
    ]
    assert _points(entries) == 11_111
    assert _points(entries, recorded_before=AS_OF) == 10_011
    assert _points(entries, recorded_before=date(2025, 3, 2)) == 10_111


def test_shorter_window() -> None:
    entries = [EntryLike(date(2024, 12, 1), 1), EntryLike(date(2024, 11, 30), 10)]
    assert totals_in_window(entries, AS_OF, 3).points == 1


# ------------------------------------------------------------ points leaving


def test_points_leaving_in_the_next_three_months() -> None:
    entries = [
        EntryLike(date(2024, 2, 29), 7),  # already out of the window
        EntryLike(date(2024, 3, 1), 100),  # leaves by 1 Apr
        EntryLike(date(2024, 3, 31), 200),  # leaves by 1 Apr
        EntryLike(date(2024, 4, 1), 400),  # leaves by 1 May
        EntryLike(date(2024, 5, 31), 800),  # leaves by 1 Jun
        EntryLike(date(2024, 6, 1), 1_600),  # still in on 1 Jun
        EntryLike(date(2025, 2, 1), 3_200),
    ]
    leaving = points_leaving(entries, AS_OF, 12)
    assert [(x.by, x.points) for x in leaving] == [
        (date(2025, 4, 1), 300),
        (date(2025, 5, 1), 400),
        (date(2025, 6, 1), 800),
    ]


def test_points_leaving_horizon() -> None:
    leaving = points_leaving([EntryLike(date(2024, 8, 15), 5)], AS_OF, 12, horizon=6)
    assert [x.points for x in leaving] == [0, 0, 0, 0, 0, 5]


def test_points_leaving_at_a_month_end() -> None:
    """As of 31 Jan 2025 the next review a month on is 28 Feb: its window starts 28 Feb 2024."""
    entries = [EntryLike(date(2024, 2, 28), 10), EntryLike(date(2024, 2, 27), 1)]
    leaving = points_leaving(entries, date(2025, 1, 31), 12)
    assert leaving[0].by == date(2025, 2, 28)
    assert leaving[0].points == 1
    assert _points(entries, as_of=date(2025, 2, 28)) == 10


dates = st.dates(min_value=date(2022, 1, 1), max_value=date(2026, 12, 31))


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.builds(EntryLike, occurred_on=dates, points=st.integers(1, 1_000)), max_size=12),
    dates,
)
def test_points_leaving_agrees_with_later_windows(entries: list[EntryLike], as_of: date) -> None:
    """What leaves by each later review is what the window holds now and no longer holds then."""
    known = [e for e in entries if e.occurred_on < as_of]  # nothing new arrives meanwhile
    now = totals_in_window(known, as_of, 12).points
    left = 0
    for step in points_leaving(known, as_of, 12):
        left += step.points
        assert now - left == totals_in_window(known, step.by, 12).points


def test_a_window_before_year_one_starts_at_the_first_day() -> None:
    from partnercenter.domain.windows import window_bounds

    assert window_bounds(date(1, 1, 1), 12) == (date.min, date(1, 1, 1))
    assert window_bounds(date(2, 1, 1), 12) == (date(1, 1, 1), date(2, 1, 1))

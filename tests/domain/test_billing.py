"""Billing arithmetic: periods (month ends never drift), invoice totals in cents rounded
half up, the billing period of a plan, and when a plan change takes effect."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnercenter.domain.billing import (
    Line,
    basis_points_of,
    billing_period,
    div_half_up,
    format_usd,
    invoice_totals,
    percent_of,
    period_containing,
    period_end,
    period_first,
    period_next,
    period_nth,
    plan_change_effective,
)
from partnercenter.domain.program import Edition


@pytest.mark.parametrize(
    ("start", "unit", "end"),
    [
        (date(2026, 1, 1), "month", date(2026, 1, 31)),
        (date(2026, 1, 10), "month", date(2026, 2, 9)),
        (date(2026, 1, 31), "month", date(2026, 2, 27)),
        (date(2024, 1, 31), "month", date(2024, 2, 28)),
        (date(2026, 2, 28), "month", date(2026, 3, 27)),
        (date(2026, 12, 15), "month", date(2027, 1, 14)),
        (date(2026, 1, 1), "year", date(2026, 12, 31)),
        (date(2024, 2, 29), "year", date(2025, 2, 27)),
        (date(2026, 3, 15), "year", date(2027, 3, 14)),
    ],
)
def test_period_end(start, unit, end):
    assert period_end(start, unit) == end


def test_month_end_anchors_do_not_drift():
    # Given a monthly subscription started on 31 January
    period = period_first(date(2026, 1, 31), "month")
    # When it runs for five periods
    starts = []
    for _ in range(5):
        starts.append(period.start)
        period = period_next(period)
    # Then every period starts on the 31st, or the month's last day when it has none
    assert starts == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]


@given(
    anchor=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    unit=st.sampled_from(["month", "year"]),
    index=st.integers(min_value=0, max_value=60),
)
def test_periods_tile_the_calendar_without_gap_or_overlap(anchor, unit, index):
    period = period_nth(anchor, unit, index)
    following = period_next(period)
    assert period.start <= period.end
    assert following.start == period.end + timedelta(days=1)
    assert period_containing(anchor, unit, period.start) == period
    assert period_containing(anchor, unit, period.end) == period


def test_unknown_period_unit_is_refused():
    with pytest.raises(ValueError, match="unknown billing period"):
        period_end(date(2026, 1, 1), "week")


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(5, 10, 1), (4, 10, 0), (15, 10, 2), (25, 10, 3), (-5, 10, -1), (-4, 10, 0), (0, 7, 0)],
)
def test_division_rounds_half_away_from_zero(numerator, denominator, expected):
    assert div_half_up(numerator, denominator) == expected


@pytest.mark.parametrize(
    ("amount", "percent", "expected"),
    [(80_000, 15, 12_000), (4_500, 15, 675), (333, 15, 50), (330, 15, 50), (10, 5, 1), (9, 5, 0)],
)
def test_percent_rounds_half_up_to_the_cent(amount, percent, expected):
    assert percent_of(amount, percent) == expected


@pytest.mark.parametrize(
    ("amount", "bp", "expected"),
    [
        (80_000, 1_900, 15_200),
        (4_500, 2_200, 990),
        (1, 5_000, 1),
        (3, 1_650, 0),
        (10_005, 1_000, 1_001),
    ],
)
def test_tax_in_basis_points_rounds_half_up(amount, bp, expected):
    assert basis_points_of(amount, bp) == expected


@pytest.mark.parametrize(
    ("lines", "bp", "subtotal", "discount", "tax", "total"),
    [
        ([Line("Silver", 1, 80_000)], 0, 80_000, 0, 0, 80_000),
        ([Line("Now, a year", 12, 4_500)], 0, 54_000, 0, 0, 54_000),
        ([Line("Now, a year", 12, 4_500)], 2_200, 54_000, 0, 11_880, 65_880),
        ([Line("Books", 3, 3_333, 15)], 0, 9_999, 1_500, 0, 8_499),
        ([Line("A", 1, 999, 15), Line("B", 1, 1_001, 15)], 1_900, 2_000, 300, 323, 2_023),
    ],
)
def test_invoice_totals(lines, bp, subtotal, discount, tax, total):
    totals = invoice_totals(lines, bp)
    assert (totals.subtotal_cents, totals.discount_cents, totals.tax_cents, totals.total_cents) == (
        subtotal,
        discount,
        tax,
        total,
    )


@given(
    quantities=st.lists(st.integers(1, 24), min_size=1, max_size=5),
    price=st.integers(0, 10_000_000),
    percent=st.integers(0, 100),
    bp=st.integers(0, 5_000),
)
def test_totals_are_whole_cents_and_add_up(quantities, price, percent, bp):
    totals = invoice_totals([Line("x", q, price, percent) for q in quantities], bp)
    assert totals.total_cents == totals.subtotal_cents - totals.discount_cents + totals.tax_cents
    assert 0 <= totals.discount_cents <= totals.subtotal_cents
    assert all(isinstance(t.net_cents, int) for t in totals.lines)


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Line("x", 0, 100),
        lambda: Line("x", 1, -1),
        lambda: Line("x", 1, 100, 101),
        lambda: invoice_totals([], 0),
        lambda: invoice_totals([Line("x", 1, 1)], -1),
    ],
)
def test_impossible_lines_are_refused(bad):
    with pytest.raises(ValueError):
        bad()


@pytest.mark.parametrize(
    ("cents", "text"),
    [(0, "USD 0.00"), (80_000, "USD 800.00"), (123_456_78, "USD 123,456.78"), (-5, "−USD 0.05")],
)
def test_format_usd(cents, text):
    assert format_usd(cents) == text


@pytest.mark.parametrize(
    ("plan", "points", "period"),
    [
        ("now", 0, "year"),
        ("now", 4_999, "year"),
        ("now", 5_000, "month"),
        ("silver", 0, "month"),
        ("student", 0, "month"),
        ("platinum", 250_000, "month"),
    ],
)
def test_billing_period_of_a_plan(edition: Edition, plan, points, period):
    assert billing_period(plan, edition.membership, points) == period


@pytest.mark.parametrize(
    ("rule", "end", "on", "effective"),
    [
        ("next_period", date(2026, 2, 9), date(2026, 1, 20), date(2026, 2, 10)),
        ("next_period", date(2026, 2, 9), date(2026, 2, 9), date(2026, 2, 10)),
        ("now", date(2026, 2, 9), date(2026, 1, 20), date(2026, 1, 20)),
    ],
)
def test_a_plan_change_takes_effect_at_the_next_period(rule, end, on, effective):
    assert plan_change_effective(rule=rule, current_period_end=end, on=on) == effective


def test_unknown_plan_change_rule_is_refused():
    with pytest.raises(ValueError):
        plan_change_effective(
            rule="someday", current_period_end=date(2026, 1, 1), on=date(2026, 1, 1)
        )

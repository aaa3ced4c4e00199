"""Billing arithmetic: plan periods, invoice totals in integer cents, and which period a plan bills.

Pure functions over plain values. Periods are counted from an *anchor* day so
month ends never drift: a monthly subscription that starts on 31 January runs
31 Jan–27 Feb (Feb has no 31st: the period ends the day before 28 Feb), then
28 Feb–30 Mar, then 31 Mar–30 Apr: each period starts on the anchor's day
(clamped to the month's end) and ends the day before the next one starts.
Money is integer cents; a percentage or a tax rate rounds half up to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from partnercenter.domain.program import Membership
from partnercenter.domain.windows import add_months

PERIOD_MONTHS = {"month": 1, "year": 12}
"""The billing periods a subscription can have, in months."""


def period_months(unit: str) -> int:
    """How many months a period of `unit` ("month" or "year") lasts."""
    try:
        return PERIOD_MONTHS[unit]
    except KeyError:
        raise ValueError(f"unknown billing period {unit!r} (month or year)") from None


@dataclass(frozen=True)
class Period:
    """A billing period: `start` to `end` inclusive, the `index`-th counted from `anchor`."""

    unit: str
    anchor: date
    index: int
    start: date
    end: date

    @property
    def months(self) -> int:
        return period_months(self.unit)


def period_nth(anchor: date, unit: str, index: int) -> Period:
    """The `index`-th period (0 is the first) of periods of `unit` counted from `anchor`."""
    if index < 0:
        raise ValueError("a period index is never negative")
    months = period_months(unit)
    start = add_months(anchor, index * months)
    end = add_months(anchor, (index + 1) * months) - timedelta(days=1)
    return Period(unit=unit, anchor=anchor, index=index, start=start, end=end)


def period_first(start: date, unit: str) -> Period:
    """The first period of a subscription starting on `start`."""
    return period_nth(start, unit, 0)


def period_end(start: date, unit: str) -> date:
    """The last day of a period of `unit` that starts on `start`."""
    return period_first(start, unit).end


def period_next(period: Period) -> Period:
    """The period right after `period` (it starts the day after `period` ends)."""
    return period_nth(period.anchor, period.unit, period.index + 1)


def period_containing(anchor: date, unit: str, day: date) -> Period:
    """The period counted from `anchor` that contains `day` (`day` ≥ `anchor`)."""
    if day < anchor:
        raise ValueError("the day is before the first period")
    months = period_months(unit)
    elapsed = (day.year - anchor.year) * 12 + day.month - anchor.month
    index = max(0, elapsed // months - 1)
    period = period_nth(anchor, unit, index)
    while period.end < day:
        period = period_next(period)
    return period


# ------------------------------------------------------------------ money


def div_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounded half away from zero (0.5 cent → 1 cent, −0.5 → −1)."""
    if denominator <= 0:
        raise ValueError("the denominator must be positive")
    sign = -1 if numerator < 0 else 1
    quotient, remainder = divmod(abs(numerator), denominator)
    if remainder * 2 >= denominator:
        quotient += 1
    return sign * quotient


def percent_of(amount_cents: int, percent: int) -> int:
    """`percent` % of an amount, half up to the cent."""
    return div_half_up(amount_cents * percent, 100)


def basis_points_of(amount_cents: int, basis_points: int) -> int:
    """`basis_points` / 10,000 of an amount (a tax rate of 19% is 1,900 bp), half up."""
    return div_half_up(amount_cents * basis_points, 10_000)


def format_usd(cents: int) -> str:
    """Cents as an amount on an invoice: "USD 1,234.50" (always two decimals)."""
    sign = "−" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}USD {dollars:,}.{rest:02d}"


@dataclass(frozen=True)
class Line:
    """A line to invoice: `quantity` × `unit_cents`, less `discount_percent`."""

    description: str
    quantity: int
    unit_cents: int
    discount_percent: int = 0

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise ValueError("a line's quantity is at least 1")
        if self.unit_cents < 0:
            raise ValueError("a line's unit price is never negative")
        if not 0 <= self.discount_percent <= 100:
            raise ValueError("a discount is between 0 and 100 percent")


@dataclass(frozen=True)
class LineTotal:
    """A line with its amounts: `amount_cents` before and `net_cents` after the discount."""

    line: Line
    amount_cents: int
    discount_cents: int
    net_cents: int


@dataclass(frozen=True)
class Totals:
    """An invoice's sums. total = subtotal − discount + tax; tax is on the discounted sum."""

    lines: tuple[LineTotal, ...]
    subtotal_cents: int
    discount_cents: int
    tax_rate_bp: int
    tax_cents: int
    total_cents: int


def line_total(line: Line) -> LineTotal:
    """One line's amount, discount (rounded per line) and net."""
    amount = line.quantity * line.unit_cents
    discount = percent_of(amount, line.discount_percent)
    return LineTotal(
        line=line, amount_cents=amount, discount_cents=discount, net_cents=amount - discount
    )


def invoice_totals(lines: Iterable[Line], tax_rate_bp: int = 0) -> Totals:
    """Sum the lines; the tax is rounded once, on the discounted subtotal."""
    if tax_rate_bp < 0:
        raise ValueError("a tax rate is never negative")
    totals = tuple(line_total(line) for line in lines)
    if not totals:
        raise ValueError("an invoice has at least one line")
    subtotal = sum(t.amount_cents for t in totals)
    discount = sum(t.discount_cents for t in totals)
    tax = basis_points_of(subtotal - discount, tax_rate_bp)
    return Totals(
        lines=totals,
        subtotal_cents=subtotal,
        discount_cents=discount,
        tax_rate_bp=tax_rate_bp,
        tax_cents=tax,
        total_cents=subtotal - discount + tax,
    )


# ------------------------------------------------------------------ plans


def billing_period(plan_code: str, membership: Membership, points: int) -> str:
    """How often a plan is billed: "month", or for the program fee plan below the points path,
    `program_fee_period_below_points_path` (yearly in advance in the shipped edition)."""
    if plan_code == membership.program_fee_plan:
        if points < membership.points_path_points:
            return membership.program_fee_period_below_points_path
        return membership.program_fee_period
    return "month"


def plan_change_effective(*, rule: str, current_period_end: date, on: date) -> date:
    """The day a plan change asked for on `on` takes effect.

    "next_period" (the shipped rule): the day after the current period ends;
    "now": at once.
    """
    if rule == "next_period":
        return max(current_period_end + timedelta(days=1), on)
    if rule == "now":
        return on
    raise ValueError(f"unknown plan change rule {rule!r}")

"""Referral and commission rules: fees, the fee base, clawbacks, expiry, cold vs hot.

Pure functions over integers (cents) and dates; every number comes from the edition
(`[referral_fees]` for the percents, `[referrals]` for the rest). Fees are computed on
the *cumulative* fee base, so however many payments and refunds a referral has, what it
earned is always round_half_up(base × percent / 100) — never a sum of rounded pieces.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from partnercenter.domain.program import Edition


class Temperature(StrEnum):
    """Cold: an introduction only. Hot: a qualified need with a joint call held."""

    COLD = "cold"
    HOT = "hot"


class EntryKind(StrEnum):
    """What a commissions ledger entry records (accruals positive, the others negative)."""

    ACCRUAL = "accrual"
    CLAWBACK = "clawback"
    PAYOUT = "payout"


def round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half away from zero (exact, integers only)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    sign = -1 if numerator < 0 else 1
    return sign * ((2 * abs(numerator) + denominator) // (2 * denominator))


def fee_percent(edition: Edition, temperature: str) -> int:
    """The edition's fee percent for a cold or hot referral."""
    if temperature == Temperature.HOT:
        return edition.referral_hot_percent
    return edition.referral_cold_percent


def fee_cents(base_cents: int, percent: int) -> int:
    """The fee on a fee base: percent of it, rounded half up to the cent."""
    return round_half_up(base_cents * percent, 100)


def missing_hot_criteria(edition: Edition, met: Iterable[str]) -> list[str]:
    """The edition's hot criteria not in `met`, in the edition's order ([] = it may be hot)."""
    have = set(met)
    return [code for code in edition.referrals.hot_criteria if code not in have]


def unknown_criteria(edition: Edition, met: Iterable[str]) -> list[str]:
    """Codes in `met` that are not hot criteria of the edition."""
    return sorted(set(met) - set(edition.referrals.hot_criteria))


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def fee_base_ends(first_payment_on: date, months: int) -> date:
    """The first day no longer in the fee base (exclusive end of the window)."""
    return add_months(first_payment_on, months)


def in_fee_base(first_payment_on: date, paid_on: date, months: int) -> bool:
    """Whether a payment on `paid_on` counts towards the fee base."""
    return first_payment_on <= paid_on < fee_base_ends(first_payment_on, months)


def net_of_tax(gross_cents: int, tax_cents: int) -> int:
    """What 7x keeps of a payment: the gross less its tax."""
    if tax_cents < 0 or tax_cents > gross_cents:
        raise ValueError("tax must be between 0 and the gross amount")
    return gross_cents - tax_cents


def refund_net_of_tax(refund_gross_cents: int, gross_cents: int, tax_cents: int) -> int:
    """The net part of a (partial) refund: the payment's tax share is refunded pro rata."""
    if gross_cents == 0:
        return 0
    return round_half_up(refund_gross_cents * (gross_cents - tax_cents), gross_cents)


def accrual_cents(base_before: int, base_after: int, percent: int) -> int:
    """What a payment adds to the referral's earnings: fee(after) − fee(before)."""
    return fee_cents(base_after, percent) - fee_cents(base_before, percent)


def clawback_cents(base_before: int, base_after: int, percent: int, earned_cents: int) -> int:
    """What a refund takes back (≥ 0): the fee's drop, never more than the referral earned."""
    drop = fee_cents(base_before, percent) - fee_cents(base_after, percent)
    return max(0, min(drop, earned_cents))


def expires_on(last_progress_on: date, expiry_days: int) -> date:
    """The day an open registration without progress expires."""
    return last_progress_on + timedelta(days=expiry_days)


def is_expired(last_progress_on: date, as_of: date, expiry_days: int) -> bool:
    """Whether a registration with no progress since `last_progress_on` has expired by `as_of`."""
    return as_of >= expires_on(last_progress_on, expiry_days)


@dataclass(frozen=True)
class Line:
    """One commissions ledger entry, as a statement sees it."""

    kind: str
    amount_cents: int


@dataclass(frozen=True)
class Totals:
    """A statement period: the opening balance, each kind's total and the closing balance."""

    opening_cents: int
    accrued_cents: int
    clawed_back_cents: int
    paid_out_cents: int
    closing_cents: int


def balance(lines: Iterable[Line]) -> int:
    """What 7x owes the partner: the sum of every entry (accruals +, clawbacks and payouts −)."""
    return sum(line.amount_cents for line in lines)


def totals(before: Iterable[Line], during: Iterable[Line]) -> Totals:
    """A statement's figures: opening = balance before, closing = opening + the period's lines."""
    during = list(during)
    opening = balance(before)

    def of(kind: str) -> int:
        return sum(line.amount_cents for line in during if line.kind == kind)

    return Totals(
        opening_cents=opening,
        accrued_cents=of(EntryKind.ACCRUAL),
        clawed_back_cents=of(EntryKind.CLAWBACK),
        paid_out_cents=of(EntryKind.PAYOUT),
        closing_cents=opening + balance(during),
    )


_LEGAL_FORMS = re.compile(
    r"\b(inc|incorporated|llc|ltd|limited|gmbh|ag|sa|sas|sarl|bv|nv|plc|co|corp|corporation|"
    r"company|kg|oy|ab|as|srl|spa|pty)\b"
)


def company_key(name: str) -> str:
    """A company name normalised for "same customer": case, punctuation and legal form ignored."""
    lowered = re.sub(r"[^\w\s]", " ", name.casefold())
    words = _LEGAL_FORMS.sub(" ", lowered)
    return " ".join(words.split())


FREE_MAIL = frozenset(
    {"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com",
     "gmx.de", "gmx.net", "web.de", "proton.me", "protonmail.com", "aol.com", "live.com"}
)  # fmt: skip
"""Mail providers whose domain says nothing about the company (never a customer key)."""


def email_domain(email: str) -> str:
    """The company's e-mail domain of a contact address ('' for free-mail providers)."""
    domain = email.rpartition("@")[2].strip().casefold()
    return "" if domain in FREE_MAIL else domain

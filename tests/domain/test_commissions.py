"""Referral fees, the fee base, clawbacks, expiry and cold vs hot: pure rules from the edition."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnercenter.domain.commissions import (
    EntryKind,
    Line,
    accrual_cents,
    add_months,
    balance,
    clawback_cents,
    company_key,
    email_domain,
    fee_cents,
    fee_percent,
    in_fee_base,
    is_expired,
    missing_hot_criteria,
    refund_net_of_tax,
    round_half_up,
    totals,
)
from partnercenter.domain.program import Edition
from tests.domain.shipped import EDITION

cents = st.integers(min_value=0, max_value=10**10)
percents = st.integers(min_value=0, max_value=100)


def test_the_edition_holds_the_referral_rules(edition: Edition) -> None:
    r = edition.referrals
    assert (r.expiry_days, r.fee_base_months, r.rounding) == (90, 12, "half_up")
    assert list(r.hot_criteria) == ["budget", "timeline", "decision_maker", "joint_call"]
    assert (fee_percent(edition, "cold"), fee_percent(edition, "hot")) == (10, 20)


@pytest.mark.parametrize(
    ("base", "percent", "fee"),
    [(0, 20, 0), (1, 20, 0), (3, 20, 1), (2, 25, 1), (250, 10, 25), (5, 10, 1), (4, 10, 0),
     (123_45, 20, 24_69), (99_999, 10, 10_000)],
)  # fmt: skip
def test_fee_rounds_half_up_to_the_cent(base: int, percent: int, fee: int) -> None:
    assert fee_cents(base, percent) == fee


@given(cents, percents)
def test_fee_is_round_half_up_of_base_times_percent(base: int, percent: int) -> None:
    exact = Decimal(base) * percent / 100
    assert fee_cents(base, percent) == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@given(st.integers(-(10**9), 10**9), st.integers(1, 10**6))
def test_round_half_up_is_symmetric_and_exact(n: int, d: int) -> None:
    exact = (Decimal(n) / Decimal(d)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert round_half_up(n, d) == int(exact)


@given(st.lists(cents.map(lambda c: c // 1000), max_size=20), percents)
def test_accruals_add_up_to_the_fee_on_the_whole_base(payments: list[int], percent: int) -> None:
    base, earned = 0, 0
    for amount in payments:
        earned += accrual_cents(base, base + amount, percent)
        base += amount
    assert earned == fee_cents(base, percent)


@given(
    st.lists(st.tuples(st.booleans(), st.integers(0, 10**7)), min_size=1, max_size=30),
    percents,
)
def test_a_clawback_never_exceeds_what_the_referral_earned(
    steps: list[tuple[bool, int]], percent: int
) -> None:
    base, earned = 0, 0
    for is_refund, amount in steps:
        if is_refund:
            refund = min(amount, base)
            taken = clawback_cents(base, base - refund, percent, earned)
            assert 0 <= taken <= earned
            earned -= taken
            base -= refund
        else:
            earned += accrual_cents(base, base + amount, percent)
            base += amount
        assert earned == fee_cents(base, percent)


@given(st.lists(st.tuples(st.sampled_from(list(EntryKind)), st.integers(-(10**8), 10**8))))
def test_the_balance_equals_the_sum_of_entries(rows: list[tuple[EntryKind, int]]) -> None:
    lines = [Line(kind, amount) for kind, amount in rows]
    assert balance(lines) == sum(amount for _, amount in rows)
    cut = len(lines) // 2
    t = totals(lines[:cut], lines[cut:])
    assert t.closing_cents == balance(lines)
    assert (
        t.closing_cents
        == t.opening_cents + t.accrued_cents + t.clawed_back_cents + t.paid_out_cents
    )


@pytest.mark.parametrize(
    ("first", "paid", "counts"),
    [
        (date(2025, 1, 31), date(2025, 1, 31), True),
        (date(2025, 1, 31), date(2026, 1, 30), True),
        (date(2025, 1, 31), date(2026, 1, 31), False),
        (date(2025, 3, 1), date(2025, 2, 28), False),
    ],
)
def test_the_fee_base_is_the_first_twelve_months(first: date, paid: date, counts: bool) -> None:
    assert in_fee_base(first, paid, EDITION.referrals.fee_base_months) is counts


def test_add_months_keeps_the_last_day() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 11, 15), 14) == date(2026, 1, 15)


@pytest.mark.parametrize(("days", "expired"), [(89, False), (90, True), (200, True)])
def test_a_registration_expires_after_ninety_days_without_progress(
    days: int, expired: bool
) -> None:
    start = date(2025, 1, 1)
    assert is_expired(start, date.fromordinal(start.toordinal() + days), 90) is expired


def test_hot_needs_every_criterion(edition: Edition) -> None:
    assert missing_hot_criteria(edition, ["budget", "timeline"]) == ["decision_maker", "joint_call"]
    assert missing_hot_criteria(edition, list(edition.referrals.hot_criteria)) == []


def test_refund_net_of_tax_is_pro_rata() -> None:
    assert refund_net_of_tax(11_900, 11_900, 1_900) == 10_000
    assert refund_net_of_tax(5_950, 11_900, 1_900) == 5_000
    assert refund_net_of_tax(0, 0, 0) == 0


@pytest.mark.parametrize(
    ("a", "b"),
    [("Contoso Ltd.", "contoso"), ("ACME, Inc", "Acme"), ("Müller GmbH", "müller")],
)
def test_company_names_are_normalised(a: str, b: str) -> None:
    assert company_key(a) == company_key(b)


def test_free_mail_domains_say_nothing() -> None:
    assert email_domain("Jo@Contoso.COM") == "contoso.com"
    assert email_domain("jo@gmail.com") == ""

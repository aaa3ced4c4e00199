"""Discounts, lead priority and referral fees, read from the edition only."""

from __future__ import annotations

import dataclasses

import pytest

from partnercenter.domain.commercial import (
    UnknownProductClass,
    discount_percent,
    lead_priority,
    price_for,
    referral_fee_cents,
)
from partnercenter.domain.program import Edition

# The document's discount rows (Student has the Starter column).
DISCOUNTS = {
    "services": [0, 0, 0, 10, 10, 15, 20],
    "subscriptions": [5, 5, 5, 15, 15, 20, 25],
    "knowledge": [15, 15, 15, 15, 20, 20, 20],
}
LEVELS = ["student", "starter", "basic", "professional", "silver", "gold", "platinum"]


@pytest.mark.parametrize(
    ("product_class", "level", "percent"),
    [
        pytest.param(cls, level, pct, id=f"{cls}-{level}")
        for cls, row in DISCOUNTS.items()
        for level, pct in zip(LEVELS, row, strict=True)
    ],
)
def test_discount_percent(edition: Edition, product_class: str, level: str, percent: int) -> None:
    assert discount_percent(edition, level, product_class) == percent


def test_no_level_no_discount(edition: Edition) -> None:
    assert discount_percent(edition, None, "services") == 0
    price = price_for(edition, None, "knowledge", 10_000)
    assert (price.percent, price.net_cents, price.kick_off_package) == (0, 10_000, False)


def test_unknown_product_class(edition: Edition) -> None:
    with pytest.raises(UnknownProductClass):
        discount_percent(edition, "gold", "hardware")
    with pytest.raises(UnknownProductClass):
        price_for(edition, "gold", "hardware", 100)


def test_price_for_gold_services(edition: Edition) -> None:
    price = price_for(edition, "gold", "services", 123_456)
    assert price.list_cents == 123_456
    assert price.percent == 15
    assert price.discount_cents == 18_518  # 18,518.4 rounds down
    assert price.net_cents == 104_938
    assert price.kick_off_package is False


@pytest.mark.parametrize(
    ("level", "product_class", "list_cents", "discount_cents"),
    [
        ("platinum", "subscriptions", 2, 1),  # 0.5 cent rounds half up
        ("platinum", "subscriptions", 1, 0),  # 0.25 cent rounds down
        ("platinum", "subscriptions", 3, 1),  # 0.75 cent rounds up
        ("professional", "services", 5, 1),  # 0.5 cent rounds half up
        ("professional", "services", 4, 0),
        ("gold", "services", 10, 2),  # 1.5 cents rounds half up
        ("starter", "services", 999_999, 0),
        ("silver", "knowledge", 4_995, 999),
    ],
)
def test_discount_rounds_half_up_to_the_cent(
    edition: Edition, level: str, product_class: str, list_cents: int, discount_cents: int
) -> None:
    price = price_for(edition, level, product_class, list_cents)
    assert price.discount_cents == discount_cents
    assert price.net_cents + price.discount_cents == list_cents


@pytest.mark.parametrize(
    ("level", "eligible"),
    [
        ("student", True),
        ("starter", True),
        ("basic", True),
        ("professional", False),
        ("silver", False),
        ("gold", False),
        ("platinum", False),
    ],
)
def test_kick_off_package_eligibility(edition: Edition, level: str, eligible: bool) -> None:
    assert price_for(edition, level, "knowledge", 10_000).kick_off_package is eligible
    assert price_for(edition, level, "services", 10_000).kick_off_package is False


def test_kick_off_package_offer(edition: Edition) -> None:
    kop = edition.kick_off_package
    assert (kop.price_cents, kop.discount_percent) == (290_000, 30)
    assert edition.activity(kop.activity).points == 15_000


@pytest.mark.parametrize(
    ("level", "priority"),
    [
        ("student", None),
        ("starter", 5),
        ("basic", 4),
        ("professional", 3),
        ("silver", 3),
        ("gold", 2),
        ("platinum", 1),
        (None, None),
    ],
)
def test_lead_priority(edition: Edition, level: str | None, priority: int | None) -> None:
    assert lead_priority(edition, level) == priority


@pytest.mark.parametrize(
    ("deal_cents", "hot", "fee_cents"),
    [
        (1_000_000, False, 100_000),
        (1_000_000, True, 200_000),
        (0, True, 0),
        (5, False, 1),  # 0.5 cent rounds half up
        (4, False, 0),
        (3, True, 1),  # 0.6 cent
        (123_45, True, 24_69),
    ],
)
def test_referral_fee(edition: Edition, deal_cents: int, hot: bool, fee_cents: int) -> None:
    assert referral_fee_cents(edition, deal_cents, hot) == fee_cents


def test_calculators_read_the_edition(edition: Edition) -> None:
    changed = dataclasses.replace(edition, referral_cold_percent=12, lead_priority={"starter": 1})
    assert referral_fee_cents(changed, 10_000, hot=False) == 1_200
    assert lead_priority(changed, "starter") == 1
    assert lead_priority(changed, "platinum") is None

"""Discounts, lead priority and referral fees, read only from the edition."""

from __future__ import annotations

from dataclasses import dataclass

from partnercenter.domain.program import Edition


class UnknownProductClass(KeyError):
    """The edition has no discount row of that product class."""


def _percent_of(amount_cents: int, percent: int) -> int:
    """`percent`% of an amount in cents, rounded half up to the cent."""
    return (amount_cents * percent + 50) // 100


@dataclass(frozen=True)
class Price:
    """A list price, the level's discount and what the partner pays, in cents."""

    list_cents: int
    percent: int
    discount_cents: int
    net_cents: int
    kick_off_package: bool
    """The level is also eligible for the Kick-Off Package on this product class."""


def discount_percent(edition: Edition, level: str | None, product_class: str) -> int:
    """The discount percent a level gets on a product class (0 without a level)."""
    for row in edition.discounts:
        if row.code == product_class:
            return row.percent.get(level, 0) if level else 0
    raise UnknownProductClass(product_class)


def price_for(edition: Edition, level: str | None, product_class: str, list_cents: int) -> Price:
    """What a partner of `level` pays for a product of `product_class` listed at `list_cents`."""
    percent = discount_percent(edition, level, product_class)
    discount = _percent_of(list_cents, percent)
    row = next(r for r in edition.discounts if r.code == product_class)
    return Price(
        list_cents=list_cents,
        percent=percent,
        discount_cents=discount,
        net_cents=list_cents - discount,
        kick_off_package=level in row.kick_off_package if level else False,
    )


def lead_priority(edition: Edition, level: str | None) -> int | None:
    """The level's lead priority (1 is served first); None means the level gets no leads."""
    if level is None:
        return None
    return edition.lead_priority.get(level)


def referral_fee_cents(edition: Edition, deal_cents: int, hot: bool) -> int:
    """The fee for a lead a partner refers to the vendor: a percent of the deal, hot or cold."""
    from partnercenter.domain.commissions import Temperature, fee_cents, fee_percent

    return fee_cents(deal_cents, fee_percent(edition, Temperature.HOT if hot else Temperature.COLD))

"""The directory's rules, read from the edition: who is listed, featured, and which badge.

Pure: no Django. The selectors turn these into queries; tests check them without a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from partnercenter.domain.program import Edition

T = TypeVar("T")


def listed_levels(edition: Edition) -> tuple[str, ...]:
    """Level codes whose benefits include a directory listing."""
    benefit = edition.directory.listing_benefit
    return tuple(
        lv.code
        for lv in edition.levels
        if any(b.code == benefit for b in edition.benefits_of(lv.code))
    )


def featured_levels(edition: Edition) -> tuple[str, ...]:
    """Level codes with the extra-visibility benefit (the featured strip)."""
    benefit = edition.directory.featured_benefit
    return tuple(
        lv.code
        for lv in edition.levels
        if any(b.code == benefit for b in edition.benefits_of(lv.code))
    )


def placement_rank(edition: Edition, placement: str) -> int:
    """0 for the best marketing placement of the edition's order, growing for worse ones."""
    order = edition.directory.placement_order
    return order.index(placement) if placement in order else len(order)


def plan_placement_ranks(edition: Edition) -> dict[str, int]:
    """Per plan code, the rank of its marketing placement (unpaid or no plan: the worst)."""
    return {p.code: placement_rank(edition, p.marketing_placement) for p in edition.plans}


def rotate_daily(items: Sequence[T], day: date, count: int) -> list[T]:
    """`count` of `items`, starting at a different one each day and wrapping round.

    Deterministic by date: everyone sees the same strip on a day, and over len(items)
    days each item leads once.
    """
    if not items or count <= 0:
        return []
    start = day.toordinal() % len(items)
    turned = list(items[start:]) + list(items[:start])
    return turned[: min(count, len(items))]


@dataclass(frozen=True)
class Badge:
    """The words of a partner's badge and whether the level is certified."""

    certified: bool
    title: str
    level_name: str

    @property
    def text(self) -> str:
        return f"{self.title} — {self.level_name}"


def badge_for(edition: Edition, level: str | None) -> Badge | None:
    """The badge a level may show: certified levels "Exponential certified", levels with the
    partner logo benefit "Exponential Partner", others none."""
    if not level or not edition.has_level(level):
        return None
    lv = edition.level(level)
    if lv.certified:
        return Badge(certified=True, title="Exponential certified", level_name=lv.name)
    if any(b.code == edition.directory.logo_benefit for b in edition.benefits_of(level)):
        return Badge(certified=False, title="Exponential Partner", level_name=lv.name)
    return None

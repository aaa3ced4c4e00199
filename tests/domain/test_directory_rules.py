"""The directory's rules from the edition: listed and featured levels, placement, rotation, badges."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnercenter.domain import directory as rules
from partnercenter.domain.program import Edition


def test_every_level_with_a_page_is_listed(edition: Edition) -> None:
    assert rules.listed_levels(edition) == (
        "student", "starter", "basic", "professional", "silver", "gold", "platinum",
    )  # fmt: skip
    assert rules.featured_levels(edition) == ("gold", "platinum")


def test_placement_follows_the_edition_order(edition: Edition) -> None:
    ranks = rules.plan_placement_ranks(edition)
    assert ranks["platinum"] < ranks["gold"] < ranks["silver"] < ranks["starter"]
    reversed_order = replace(
        edition,
        directory=replace(
            edition.directory, placement_order=("none", "medium", "high", "priority")
        ),
    )
    assert rules.placement_rank(reversed_order, "none") == 0


@pytest.mark.parametrize(
    ("level", "text"),
    [
        ("platinum", "Exponential certified — Platinum"),
        ("gold", "Exponential certified — Gold"),
        ("silver", "Exponential certified — Silver"),
        ("professional", "Exponential Partner — Professional"),
        ("basic", None),
        ("student", None),
        (None, None),
        ("legendary", None),
    ],
)
def test_badge_follows_the_benefits_matrix(
    edition: Edition, level: str | None, text: str | None
) -> None:
    badge = rules.badge_for(edition, level)
    assert (badge.text if badge else None) == text


def test_rotation_is_deterministic_by_day_and_wraps() -> None:
    items = ["a", "b", "c", "d"]
    day = date(2026, 1, 1)
    assert rules.rotate_daily(items, day, 3) == rules.rotate_daily(items, day, 3)
    leads = {rules.rotate_daily(items, day + timedelta(days=k), 1)[0] for k in range(4)}
    assert leads == set(items)
    assert rules.rotate_daily([], day, 3) == []
    assert rules.rotate_daily(items, day, 0) == []


@settings(deadline=None)  # pure and quick; the shared machine is not
@given(
    st.lists(st.integers(), min_size=1, max_size=30, unique=True),
    st.dates(),
    st.integers(min_value=1, max_value=40),
)
def test_rotation_shows_distinct_items_of_the_list(items: list[int], day: date, count: int) -> None:
    shown = rules.rotate_daily(items, day, count)
    assert len(shown) == min(count, len(items))
    assert len(set(shown)) == len(shown) and set(shown) <= set(items)

"""Program-wide figures (a large partner list's points order) are kept a few minutes, and
the page says so; small lists stay live."""

from __future__ import annotations

import pytest
from django.test import Client

from partnercenter.backoffice import selectors
from partnercenter.backoffice.services import adjustment_post
from tests.submissions.factories import World

URL = "/backoffice/partners/?sort=-points"


def _order(client: Client) -> list[str]:
    """The two partners' names in the order the list shows them."""
    page = client.get(URL).content.decode()
    return sorted(("Acme", "Bravo"), key=page.index)


def test_a_small_list_sorts_live(client: Client, world: World) -> None:
    client.force_login(world.staff)
    adjustment_post(partner=world.a, staff_user=world.staff, points=10, reason="r", key="a")
    assert _order(client) == ["Acme", "Bravo"]
    adjustment_post(partner=world.b, staff_user=world.staff, points=50, reason="r", key="b")
    assert _order(client) == ["Bravo", "Acme"]


def test_a_large_list_keeps_its_order_a_few_minutes_and_says_so(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given lists above one partner count as large
    monkeypatch.setattr(selectors, "SORT_LIVE_UP_TO", 1)
    client.force_login(world.staff)
    adjustment_post(partner=world.a, staff_user=world.staff, points=10, reason="r", key="a")
    assert _order(client) == ["Acme", "Bravo"]
    # when Bravo overtakes Acme
    adjustment_post(partner=world.b, staff_user=world.staff, points=50, reason="r", key="b")
    # then the order is the kept one, the page says how old it may be, the numbers are live
    page = client.get(URL).content.decode()
    assert _order(client) == ["Acme", "Bravo"]
    assert "Sorted by totals counted at most 5 minutes ago" in page
    assert ">50<" in page


@pytest.mark.django_db
def test_a_kept_program_figure_follows_the_editions_and_the_reviews() -> None:
    from datetime import date

    from partnercenter.standing.cache import (
        editions_changed,
        program_cached,
        standings_all_changed,
    )

    counted: list[int] = []

    def compute() -> int:
        counted.append(1)
        return len(counted)

    day = date(2026, 1, 1)
    # given a figure kept until the next review
    assert program_cached("figure", day, compute, after_reviews=True) == 1
    assert program_cached("figure", day, compute, after_reviews=True) == 1
    # when an edition is stored, then it is counted again; and again after a review
    editions_changed()
    assert program_cached("figure", day, compute, after_reviews=True) == 2
    standings_all_changed()
    assert program_cached("figure", day, compute, after_reviews=True) == 3
    # a figure not tied to reviews is kept across a review
    assert program_cached("other", day, compute) == 4
    standings_all_changed()
    assert program_cached("other", day, compute) == 4

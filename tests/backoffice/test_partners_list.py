"""The partners list sorts on every column, pages stably, and says when a filter is bad.

Issue 8, item 7.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partnercenter.backoffice.services import adjustment_post
from partnercenter.partners.models import Partner
from tests.submissions.factories import World


@pytest.fixture
def staff(client: Client, world: World) -> Client:
    client.force_login(world.staff)
    return client


@pytest.fixture
def four(world: World, make_partner: Any) -> World:
    """Acme 300 points gold, Bravo 0 no level, Cobalt 100 basic (lapsed), Delta 200 silver."""
    make_partner("cobalt", name="Cobalt", status="lapsed")
    make_partner("delta", name="Delta")
    for slug, points, level in [
        ("acme", 300, "gold"),
        ("cobalt", 100, "basic"),
        ("delta", 200, "silver"),
    ]:
        partner = Partner.objects.get(slug=slug)
        Partner.objects.filter(pk=partner.pk).update(current_level=level)
        adjustment_post(
            partner=partner, staff_user=world.staff, points=points, reason="Seed", key=slug
        )
    return world


def _names(staff: Client, query: str) -> list[str]:
    response = staff.get(f"/backoffice/partners/?{query}")
    assert response.status_code == 200, response.content
    return [row[0].name for row in response.context["rows"]]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Acme", "Bravo", "Cobalt", "Delta"]),
        ("-name", ["Delta", "Cobalt", "Bravo", "Acme"]),
        ("points", ["Bravo", "Cobalt", "Delta", "Acme"]),
        ("-points", ["Acme", "Delta", "Cobalt", "Bravo"]),
        ("level", ["Bravo", "Cobalt", "Delta", "Acme"]),
        ("-level", ["Acme", "Delta", "Cobalt", "Bravo"]),
        ("status", ["Acme", "Bravo", "Delta", "Cobalt"]),
        ("-status", ["Cobalt", "Acme", "Bravo", "Delta"]),
        ("revenue", ["Acme", "Bravo", "Cobalt", "Delta"]),
    ],
)
def test_sorting_by_each_column(staff: Client, four: World, sort: str, expected: list[str]) -> None:
    assert _names(staff, f"sort={sort}") == expected


def test_column_headers_link_to_sorting(staff: Client, four: World) -> None:
    body = staff.get("/backoffice/partners/?sort=points&status=active").content.decode()

    assert "sort=-points" in body  # the current column toggles its direction
    assert "sort=name" in body
    assert 'aria-sort="ascending"' in body


def test_pages_are_stable_when_values_tie(staff: Client, world: World, make_partner: Any) -> None:
    for i in range(58):
        make_partner(f"p{i:02d}", name="Same Name")

    first = staff.get("/backoffice/partners/?sort=-points").context["rows"]
    second = staff.get("/backoffice/partners/?sort=-points&page=2").context["rows"]

    slugs = [r[0].slug for r in first] + [r[0].slug for r in second]
    assert len(slugs) == 60
    assert len(set(slugs)) == 60


@pytest.mark.parametrize(
    ("query", "field"),
    [("level=legendary", "Level"), ("status=zombie", "Status"), ("sort=shoe_size", "Sort")],
)
def test_a_bad_filter_says_so_instead_of_listing_silently(
    staff: Client, four: World, query: str, field: str
) -> None:
    response = staff.get(f"/backoffice/partners/?{query}")

    body = response.content.decode()
    assert response.status_code == 400
    assert "The filter was not applied" in body
    assert f"{field}:" in body
    assert "4 partners in all" in body


def test_the_count_is_singular_for_one_partner(staff: Client, four: World) -> None:
    body = staff.get("/backoffice/partners/?q=cobalt").content.decode()

    assert "1 partner." in body
    assert "1 partners" not in body

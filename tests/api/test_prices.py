"""Discounts at the till: GET /api/v1/partners/{slug}/price for the store and the partner's people."""

from __future__ import annotations

import pytest

from partnercenter.domain.commercial import price_for
from partnercenter.partners.models import Partner

pytestmark = pytest.mark.django_db


def _level(slug: str, level: str, status: str = "active") -> None:
    Partner.objects.filter(slug=slug).update(current_level=level, status=status)


@pytest.mark.parametrize(
    ("level", "product_class", "list_cents", "price", "percent"),
    [
        ("gold", "services", 10_000, 8_500, 15),
        ("platinum", "subscriptions", 10_000, 7_500, 25),
        ("silver", "knowledge", 999, 799, 20),  # 199.8 → 200 off, half up
        ("professional", "services", 5, 4, 10),  # 0.5 → 1 off
        ("professional", "services", 4, 4, 10),  # 0.4 → 0 off
        ("", "services", 10_000, 10_000, 0),
        ("basic", "knowledge", 0, 0, 15),
        ("gold", "services", 10**12, 850_000_000_000, 15),
    ],
)
def test_price_follows_the_discount_table(
    as_, level, product_class, list_cents, price, percent
) -> None:
    _level("acme", level)
    response = as_("staff").get(
        "/partners/acme/price", product_class=product_class, list_cents=list_cents
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["price_cents"], body["discount_percent"]) == (price, percent)


def test_the_partners_own_people_may_ask_others_not(as_) -> None:
    _level("acme", "gold")
    query = {"product_class": "services", "list_cents": 100}
    assert as_("acme_member").get("/partners/acme/price", **query).json()["price_cents"] == 85
    assert as_("globex_admin").get("/partners/acme/price", **query).status_code == 404
    assert as_(None).get("/partners/acme/price", **query).status_code == 401


def test_a_lapsed_partner_gets_no_discount(as_) -> None:
    _level("acme", "gold", status="lapsed")
    body = as_("staff").get("/partners/acme/price", product_class="services", list_cents=100).json()
    assert body == body | {"price_cents": 100, "discount_percent": 0, "level": None}


def test_kick_off_package_eligibility_is_said(as_) -> None:
    _level("acme", "basic")
    body = (
        as_("staff").get("/partners/acme/price", product_class="knowledge", list_cents=100).json()
    )
    assert body["kick_off_package"] is True


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"product_class": "hardware", "list_cents": 100}, "product_class"),
        ({"list_cents": 100}, "product_class"),
        ({"product_class": "services", "list_cents": -1}, "list_cents"),
        ({"product_class": "services", "list_cents": 10**12 + 1}, "list_cents"),
        ({"product_class": "services", "list_cents": "12.5"}, "list_cents"),
        ({"product_class": "services"}, "list_cents"),
    ],
)
def test_bad_input_is_422_naming_the_field(as_, params, field) -> None:
    response = as_("staff").get("/partners/acme/price", **params)
    assert response.status_code == 422
    assert response.json()["field"] == field and response.json()["message"]


def test_price_for_is_pure_and_rounds_half_up(edition) -> None:
    assert price_for(edition, "gold", "services", 10).net_cents == 8  # 1.5 → 2 off
    assert price_for(edition, "gold", "services", 3).net_cents == 3  # 0.45 → 0 off

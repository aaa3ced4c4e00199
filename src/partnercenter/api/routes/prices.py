"""Discounts at the till: a partner's price for a product, from the edition's discount table.

The store calls it with a staff token; a partner's own people may ask too. Anyone else
gets 404 for the slug, as elsewhere in the API.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from partnercenter.api.auth import caller
from partnercenter.api.errors import ApiError
from partnercenter.api.routes import responses
from partnercenter.domain.commercial import price_for
from partnercenter.partners.models import PartnerStatus
from partnercenter.programs.selectors import edition_at

router = Router(tags=["prices"])

MAX_LIST_CENTS = 10**12


class InvalidInput(ApiError):
    """A query parameter the rules refuse (422, naming the field)."""

    status = 400
    code = "invalid"


class PriceQuery(Schema):
    """Both parameters are required and bounded by the schema (a bad value is a 422 naming
    it); a product class the edition in force does not price is a 400."""

    product_class: Literal["services", "subscriptions", "knowledge"] = Field(
        description="services, subscriptions or knowledge."
    )
    list_cents: int = Field(ge=0, le=MAX_LIST_CENTS, description="The list price in cents.")


class PriceOut(Schema):
    price_cents: int
    discount_percent: int
    list_cents: int
    discount_cents: int
    level: str | None
    kick_off_package: bool
    edition_id: str


@router.get(
    "/partners/{slug}/price",
    response=responses({200: PriceOut}),
    summary="A partner's price for a product",
)
def partner_price(request: HttpRequest, slug: str, q: Query[PriceQuery]) -> Any:
    """What the partner pays for a product listed at `list_cents`: its current level's discount
    on the product class (none for a partner out of membership), rounded half up to the cent.
    `kick_off_package` says the level may also buy the Kick-Off Package on this class."""
    partner = caller(request).partner(slug)
    today = timezone.now().date()
    edition = edition_at(today)
    classes = [d.code for d in edition.discounts]
    if q.product_class not in classes:
        raise InvalidInput(
            f"product_class must be one of {', '.join(classes)}, not {q.product_class!r}.",
            field="product_class",
        )
    level = partner.current_level if partner.status == PartnerStatus.ACTIVE else ""
    list_cents = q.list_cents
    price = price_for(edition, level or None, q.product_class, list_cents)
    return {
        "price_cents": price.net_cents,
        "discount_percent": price.percent,
        "list_cents": price.list_cents,
        "discount_cents": price.discount_cents,
        "level": level or None,
        "kick_off_package": price.kick_off_package,
        "edition_id": edition.edition_id,
    }

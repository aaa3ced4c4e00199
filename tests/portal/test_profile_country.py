"""A country must be a real one, chosen by name (issue 8, item 7)."""

from __future__ import annotations

import pytest
from django.test import Client

from partnercenter.portal.errors import PortalError
from partnercenter.portal.services import partner_profile_update
from tests.submissions.factories import World


def _post(client: Client, world: World, country: str) -> object:
    client.force_login(world.a_admin.user)  # type: ignore[arg-type]
    return client.post(
        "/portal/profile/", {"name": "Acme", "website": "https://acme.example", "country": country}
    )


def test_the_profile_offers_countries_by_name(client: Client, world: World) -> None:
    client.force_login(world.a_admin.user)  # type: ignore[arg-type]

    body = client.get("/portal/profile/").content.decode()

    assert '<select name="country"' in body
    assert '<option value="DE">Germany</option>' in body


def test_zz_is_refused_on_the_country_field(client: Client, world: World) -> None:
    world.a.country = "AT"
    world.a.save()

    response = _post(client, world, "ZZ")

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert response.context["form"].errors["country"]  # type: ignore[attr-defined]
    world.a.refresh_from_db()
    assert world.a.country == "AT"


def test_a_real_country_is_saved(client: Client, world: World) -> None:
    response = _post(client, world, "DE")

    assert response.status_code == 302  # type: ignore[attr-defined]
    world.a.refresh_from_db()
    assert world.a.country == "DE"


@pytest.mark.parametrize("country", ["ZZ", "zz", "XX", "DEU", "1"])
def test_the_service_refuses_an_unknown_country_naming_the_field(
    world: World, country: str
) -> None:
    with pytest.raises(PortalError) as refused:
        partner_profile_update(admin=world.a_admin, name="Acme", country=country)

    assert refused.value.field == "country"
    assert "country" in refused.value.message.lower()
    world.a.refresh_from_db()
    assert world.a.country == ""

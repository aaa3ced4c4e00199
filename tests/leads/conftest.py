"""Fixtures of the leads tests: Hosting partners in Germany and elsewhere, with levels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from partnercenter.partners.models import Partner, Person, Role
from tests.api.conftest import _fresh_rate_limits, as_, world  # noqa: F401  (API fixtures)


@pytest.fixture
def hosting(make_partner: Callable[..., Any]) -> Callable[..., Partner]:
    """An active Hosting partner at a level (the review's `current_level`) with an admin."""

    def make(slug: str, level: str, country: str = "DE", status: str = "active") -> Partner:
        partner: Partner = make_partner(slug, profile="hosting", country=country, status=status)
        Partner.objects.filter(pk=partner.pk).update(current_level=level)
        partner.refresh_from_db()
        Person.objects.create(
            partner=partner, name=f"Admin {slug}", email=f"admin@{slug}.example", role=Role.ADMIN
        )
        return partner

    return make


def person(partner: Partner) -> Person:
    return Person.objects.filter(partner=partner).order_by("pk").first()  # type: ignore[return-value]


LEAD = {
    "need": "Managed hosting for our shop, 99.9% uptime.",
    "profile": "hosting",
    "country": "DE",
    "contact_name": "Clara Kunde",
    "contact_email": "clara@kunde.example",
    "consent": True,
    "budget_band": "10k_50k",
}

"""Fixtures for applications: a valid application's fields, staff, a clean rate-limit cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.submissions.factories import with_roles


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The per-address limit lives in the cache; every test starts with none counted."""
    from django.core.cache import cache

    cache.clear()


def fields(**overrides: Any) -> dict[str, Any]:
    """A valid application's fields, as the form and the API send them."""
    data: dict[str, Any] = {
        "company": "Example Web GmbH",
        "country": "DE",
        "website": "https://example-web.test",
        "profile": "it",
        "contact_name": "Erika Muster",
        "contact_email": "erika@example-web.test",
        "student": False,
        "description": "We build intranets on Exponential.",
        "accepts_terms": True,
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff(db: Any) -> User:
    return with_roles(
        User.objects.create_user(
            username="staff@7x.test", email="staff@7x.test", password=None, is_staff=True
        )
    )

"""Shared pytest fixtures; apps add their own in tests/<app>/conftest.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import TransactionTestCase

from partnercenter.ledger.guard import maintenance

SHIPPED_EDITION = settings.BASE_DIR / "programs" / "exponential" / "2025-01-01.toml"

# The suite counts throttles in a per-process memory cache: fixtures clear it without a
# database, and a live-server test's flush does not empty the database cache table.
# The shared database cache itself (the default) is tested in tests/ops/test_cache.py.
settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Django's default hasher (PBKDF2, a million rounds) takes most of a second per password by
# design; the suite creates thousands of users (make_world makes five) and signs many in.
# Tests check who may sign in, not the hash's cost: a fast hasher everywhere. Subprocess
# tests (backups, hooks) run the real settings and so still hash with the default.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Staff pages need the second factor (identity.middleware). Unit tests that sign staff in
# with `force_login` skip it; tests/identity and the browser tests switch it on.
settings.PARTNERCENTER_STAFF_MFA_REQUIRED = False

# The ledger table refuses DELETE (a database trigger). Tests that use a real
# transaction (live server, concurrency) empty the database after each test;
# that flush is the one place allowed past the guard.
_original_teardown = TransactionTestCase._fixture_teardown


def _teardown_with_maintenance(self: TransactionTestCase) -> None:
    with maintenance():
        _original_teardown(self)


TransactionTestCase._fixture_teardown = _teardown_with_maintenance  # type: ignore[method-assign]


@pytest.fixture
def edition(db: Any) -> Any:
    """The shipped Exponential edition, loaded into the database."""
    from partnercenter.programs.services import edition_load

    return edition_load(path=SHIPPED_EDITION).edition


@pytest.fixture
def make_partner(edition: Any) -> Callable[..., Any]:
    """A factory of active partners: make_partner("acme", profile="it", ...)."""
    from partnercenter.partners.services import partner_create

    def make(slug: str = "acme", **kwargs: Any) -> Any:
        kwargs.setdefault("name", slug.title())
        kwargs.setdefault("profile", "it")
        kwargs.setdefault("partner_since", date(2024, 1, 1))
        return partner_create(slug=slug, **kwargs)

    return make


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache: a cached standing (standing.cache) is keyed by
    partner id, and ids come round again after a test's transaction is rolled back."""
    from django.core.cache import cache

    cache.clear()

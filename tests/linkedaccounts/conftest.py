"""Fixtures for linked accounts: two partners' people, a staff user, and the GitHub double."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.hooks.conftest import post  # noqa: F401  (signed webhook deliveries)
from tests.linkedaccounts.fake_oauth import FakeGitHub, fake_github, provider_settings
from tests.submissions.factories import World, make_world


@pytest.fixture
def world(make_partner: Any) -> World:
    return make_world(make_partner)


@pytest.fixture
def github(settings: Any) -> Iterator[FakeGitHub]:
    """GitHub linking configured against a double on 127.0.0.1."""
    with fake_github() as fake:
        settings.SOCIALACCOUNT_PROVIDERS = provider_settings(fake)
        yield fake


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from tests.submissions.factories import World, make_world


@pytest.fixture(autouse=True)
def _fast_and_fresh(settings: Any) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PARTNERCENTER_STAFF_MFA_REQUIRED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(make_partner: Any) -> World:
    return make_world(make_partner)

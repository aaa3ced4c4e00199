"""Fixtures for the audit trail: the shared two-partner world, staff, a clean cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.submissions.factories import World, make_world


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any, tmp_path: Path) -> None:
    """Uploads in a temporary folder, fast hashing, and no rate-limit counts from other tests."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


@pytest.fixture
def world(make_partner: Any) -> World:
    return make_world(make_partner)


@pytest.fixture
def staff(world: World) -> Client:
    client = Client(HTTP_USER_AGENT="pytest-browser/1.0", REMOTE_ADDR="203.0.113.7")
    client.force_login(world.staff)
    return client

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from partnercenter.backoffice.services import adjustment_post
from tests.submissions.factories import World, make_world


@pytest.fixture(autouse=True)
def _fast(settings: Any, tmp_path: Path) -> None:
    """Passwords hash fast (the strength is Django's concern)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(make_partner: Any) -> World:
    return make_world(make_partner)


@pytest.fixture
def ada(client: Client, world: World) -> Client:
    """Ada, Acme's admin, signed in to the portal; Acme already has 300 points."""
    client.force_login(world.a_admin.user)
    adjustment_post(partner=world.a, staff_user=world.staff, points=300, reason="Start", key="s")
    return client

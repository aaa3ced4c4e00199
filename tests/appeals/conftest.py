"""A world of two partners with a staff user, for appeals."""

from __future__ import annotations

from typing import Any

import pytest

from tests.submissions.factories import World, make_world


@pytest.fixture
def world(edition: Any, make_partner: Any) -> World:
    return make_world(make_partner)

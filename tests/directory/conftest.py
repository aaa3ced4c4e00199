"""The directory caches pages: every test starts with an empty cache."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    from django.core.cache import cache

    cache.clear()

"""Fixtures of the pure domain tests (no Django, no database)."""

from __future__ import annotations

import pytest

from partnercenter.domain.program import Edition
from tests.domain.shipped import EDITION, EDITION_PATH


@pytest.fixture(scope="session")
def edition() -> Edition:
    return EDITION


@pytest.fixture(scope="session")
def edition_text() -> str:
    return EDITION_PATH.read_text(encoding="utf-8")

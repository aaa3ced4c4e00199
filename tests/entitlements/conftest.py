"""A Gold partner with a member and staff, at a fixed instant."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.submissions.factories import make_person, make_staff


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def gold(db: Any, make_partner: Any) -> Any:
    partner = make_partner("acme", name="Acme")
    partner.plan = "gold"
    partner.plan_paid_until = date(2030, 1, 1)
    partner.save()
    return partner


@pytest.fixture
def member(gold: Any) -> Any:
    return make_person(gold, "max@acme.example")


@pytest.fixture
def staff(db: Any) -> Any:
    return make_staff()

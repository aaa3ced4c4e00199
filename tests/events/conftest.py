"""Two partners with admins and members, staff, and an event builder at fixed instants."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from partnercenter.events.models import Event, EventKind
from partnercenter.events.services import EventFields, event_create
from tests.submissions.factories import World, make_world

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
"""A Monday; events are built around it."""


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def world(db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


@pytest.fixture
def make_event(world: World) -> Callable[..., Event]:
    """make_event(days=10, length=1, capacity=5, held=True) → an event published at NOW."""

    def make(
        days: int = 10,
        length: int = 1,
        capacity: int = 5,
        held: bool = True,
        title: str = "Partner meeting",
        start: date | None = None,
    ) -> Event:
        first = start or (NOW.date() + timedelta(days=days))
        return event_create(
            staff=world.staff,
            fields=EventFields(
                title=title,
                kind=EventKind.PARTNER_MEETING,
                starts_on=first,
                ends_on=first + timedelta(days=length - 1),
                capacity=capacity,
                place="Berlin",
                held_in_partner_center=held,
            ),
            at=min(NOW, datetime.combine(first, datetime.min.time(), tzinfo=UTC)),
        )

    return make

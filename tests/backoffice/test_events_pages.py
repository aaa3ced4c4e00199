"""Back-office event pages: a bad form names the field and creates nothing; a started event
cannot be edited; attendance from the roster."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from partnercenter.events.models import Event
from tests.submissions.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(make_partner: Any) -> tuple[Client, Any]:
    world = make_world(make_partner)
    client = Client()
    client.force_login(world.staff)
    return client, world


def _form(**change: str) -> dict[str, str]:
    start = timezone.now().date() + timedelta(days=3)
    data = {
        "title": "Training",
        "kind": "training",
        "starts_on": start.isoformat(),
        "ends_on": start.isoformat(),
        "place": "Oslo",
        "capacity": "10",
        "held_in_partner_center": "on",
    }
    return data | change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_on": "2000-01-01"}, "The last day cannot be before the first."),
        ({"place": ""}, "Give a place or an online link."),
        ({"capacity": "0"}, "greater than or equal to 1"),
        ({"kind": "party"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_named_and_changes_nothing(
    staff_client: tuple[Client, Any], change: dict[str, str], message: str
) -> None:
    client, _ = staff_client
    response = client.post("/backoffice/events/", _form(**change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Event.objects.count() == 0


def test_create_then_edit_until_it_starts(staff_client: tuple[Client, Any]) -> None:
    client, _ = staff_client
    response = client.post("/backoffice/events/", _form())
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/backoffice/events/{event.pk}/"
    client.post(f"/backoffice/events/{event.pk}/", _form(title="Renamed"))
    event.refresh_from_db()
    assert event.title == "Renamed"
    Event.objects.filter(pk=event.pk).update(starts_on=timezone.now().date())
    client.post(f"/backoffice/events/{event.pk}/", _form(title="Too late"))
    event.refresh_from_db()
    assert event.title == "Renamed"
    page = client.get(f"/backoffice/events/{event.pk}/").content.decode()
    assert "Edit the event" not in page

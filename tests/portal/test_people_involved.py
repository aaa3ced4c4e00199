"""The report form lists only people who have signed in (issue 8, item 7)."""

from __future__ import annotations

from django.test import Client

from partnercenter.submissions.models import Submission
from tests.submissions.factories import World, make_person


def test_the_form_does_not_offer_invitees_and_refuses_them(client: Client, world: World) -> None:
    ivy = make_person(world.a, "ivy@acme.example", login=False)
    client.force_login(world.a_member.user)  # type: ignore[arg-type]

    page = client.get("/portal/activities/new/").content.decode()
    response = client.post(
        "/portal/activities/new/",
        {
            "activity": "event_participation",
            "occurred_on": "2025-03-03",
            "description": "Booth at the fair",
            "people": [str(world.a_member.pk), str(ivy.pk)],
            "evidence_url": "https://example.com/fair",
        },
    )

    assert "Max" in page
    assert "Ivy" not in page
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Submission.objects.exists()

"""The API refuses an invited person who never signed in as "people involved" (issue 8, item 7)."""

from __future__ import annotations

from typing import Any

from partnercenter.partners.models import Person
from partnercenter.submissions.models import Submission


def test_people_who_never_signed_in_are_refused_on_the_field(as_: Any, world: Any) -> None:
    ivy = Person.objects.create(partner=world.acme, name="Ivy", email="ivy@acme.test")

    response = as_("acme_member").post(
        "/partners/acme/submissions",
        {
            "activity": "event_participation",
            "occurred_on": "2025-02-10",
            "description": "Booth at the fair",
            "evidence_url": "https://example.com/fair",
            "people": [world.acme_member.pk, ivy.pk],
        },
        key="people-1",
    )

    assert response.status_code == 400, response.content
    assert response.json()["field"] == "people"
    assert "has not signed in yet" in response.json()["message"]
    assert not Submission.objects.exists()

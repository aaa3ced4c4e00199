"""Only people who have signed in can be named as "people involved" (issue 8, item 7)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from partnercenter.partners.models import Person
from partnercenter.submissions.errors import InvalidPeople
from partnercenter.submissions.models import Submission
from partnercenter.submissions.services import submission_create
from tests.submissions.factories import World, make_person


@pytest.fixture
def world(make_partner: Any) -> World:
    from tests.submissions.factories import make_world

    return make_world(make_partner)


def test_an_invited_person_who_never_signed_in_is_refused(world: World) -> None:
    invited: Person = make_person(world.a, "ivy@acme.example", login=False)

    with pytest.raises(InvalidPeople) as refused:
        submission_create(
            partner=world.a,
            person=world.a_member,
            activity="event_participation",
            occurred_on=date(2025, 3, 3),
            description="Booth at the fair",
            people=[world.a_member, invited],
            evidence_url="https://example.com/fair",
        )

    assert refused.value.field == "people"
    assert "Ivy has not signed in yet" in refused.value.message
    assert not Submission.objects.exists()

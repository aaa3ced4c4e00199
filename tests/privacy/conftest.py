"""A partner with Zelda Unique (signed in, linked to community and GitHub) and a colleague."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from partnercenter.api.services import token_create
from partnercenter.notifications.models import Message, MessageStatus
from partnercenter.partners.models import Partner, Person, Role
from partnercenter.partners.services import certification_record
from partnercenter.submissions.services import submission_approve, submission_create
from tests.linkedaccounts.factories import link
from tests.submissions.factories import with_roles

ZELDA_MARKS = ("zelda", "zunique")
"""Anything of Zelda's (name, email, logins) contains one of these, case-insensitively."""


@dataclass
class Team:
    acme: Partner
    zelda: Person
    colleague: Person
    staff: User


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def team(make_partner: Callable[..., Any]) -> Team:
    acme = make_partner("acme", name="Acme", status="active")
    zelda = Person.objects.create(
        partner=acme,
        name="Zelda Unique",
        email="zelda@acme.test",
        role=Role.ADMIN,
        user=User.objects.create_user("zelda@acme.test", "zelda@acme.test", "pw-zelda-123"),
    )
    link(zelda, community="zunique", github="zunique-gh")
    colleague = Person.objects.create(
        partner=acme,
        name="Colin Other",
        email="colin@acme.test",
        user=User.objects.create_user("colin@acme.test", "colin@acme.test", "pw-colin-123"),
    )
    staff = with_roles(
        User.objects.create_user("staff@7x.test", "staff@7x.test", "pw", is_staff=True)
    )
    return Team(acme, zelda, colleague, staff)


@pytest.fixture
def history(team: Team) -> Team:
    """Both people have certifications, submissions, entries and messages."""
    for person, day in ((team.zelda, date(2025, 2, 1)), (team.colleague, date(2025, 2, 2))):
        certification_record(person=person, type="sales", earned_on=day)
        sub = submission_create(
            partner=team.acme,
            person=person,
            activity="event_participation",
            occurred_on=day,
            description=f"Meetup talk by {person.name}",
            people=[person],
            evidence_url="https://example.com/talk",
        )
        submission_approve(submission=sub, staff_user=team.staff)
        Message.objects.create(
            partner=team.acme,
            kind="level_changed",
            to_email=person.email,
            subject=f"Hello {person.name}",
            body_text=f"Dear {person.name}, Acme moved up.",
            key=f"privacy-test:{person.pk}",
            status=MessageStatus.PENDING if person == team.zelda else MessageStatus.SENT,
            next_attempt_at=timezone.now(),
        )
        token_create(user=person.user, name=f"ci-{person.pk}", scopes=["read"], expires_at=None)
    return team

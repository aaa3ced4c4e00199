"""Fixtures for contract tests: an applicant with an admin and a member, another partner, staff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from partnercenter.contracts.models import Contract
from partnercenter.contracts.services import contract_issue
from partnercenter.partners.models import Partner, Person, Role
from tests.submissions.factories import make_person, make_staff


@dataclass
class Parties:
    acme: Partner
    admin: Person
    member: Person
    other_admin: Person
    staff: User


@pytest.fixture(autouse=True)
def _fast(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def parties(make_partner: Any) -> Parties:
    acme = make_partner(
        "acme",
        name="Acme Web Studio",
        status="applicant",
        country="DE",
        website="https://acme.example",
        partner_since=None,
    )
    bravo = make_partner("bravo", name="Bravo", status="active")
    return Parties(
        acme=acme,
        admin=make_person(acme, "ada@acme.example", Role.ADMIN, login=False),
        member=make_person(acme, "max@acme.example", login=False),
        other_admin=make_person(bravo, "bea@bravo.example", Role.ADMIN, login=False),
        staff=make_staff(),
    )


@pytest.fixture
def issued(parties: Parties) -> Contract:
    """Acme's joining contract, issued today."""
    return contract_issue(partner=parties.acme, kind="joining", on=timezone.now().date())


def sign_kwargs(contract: Contract, person: Person, **overrides: Any) -> dict[str, Any]:
    """Everything `contract_sign` needs for a valid signature; override one thing to break it."""
    kwargs: dict[str, Any] = {
        "contract": contract,
        "person": person,
        "full_name": "Ada Lovelace",
        "title": "Managing Director",
        "accepted": True,
        "ip": "203.0.113.7",
        "user_agent": "Mozilla/5.0 (test)",
        "shown_sha256": contract.sha256,
    }
    kwargs.update(overrides)
    return kwargs

"""A Gold partner (plan and level) and a Basic one, each with an admin and a member; staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from partnercenter.partners.models import Partner, Person, Role
from tests.submissions.factories import make_person, make_staff


def set_up(partner: Partner, *, plan: str, level: str, country: str = "DE") -> Partner:
    partner.plan = plan
    partner.plan_paid_until = date(2100, 1, 1)
    partner.current_level = level
    partner.country = country
    partner.save()
    return partner


@dataclass
class Pair:
    gold: Partner
    basic: Partner
    gold_admin: Person
    gold_member: Person
    basic_admin: Person
    basic_member: Person
    staff: Any


@pytest.fixture
def pair(db: Any, make_partner: Any) -> Pair:
    gold = set_up(make_partner("acme", name="Acme"), plan="gold", level="gold")
    basic = set_up(
        make_partner("bravo", name="Bravo", profile="hosting"),
        plan="basic",
        level="basic",
        country="FR",
    )
    return Pair(
        gold=gold,
        basic=basic,
        gold_admin=make_person(gold, "ada@acme.example", Role.ADMIN),
        gold_member=make_person(gold, "max@acme.example"),
        basic_admin=make_person(basic, "bea@bravo.example", Role.ADMIN),
        basic_member=make_person(basic, "bob@bravo.example"),
        staff=make_staff(),
    )

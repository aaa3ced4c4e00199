"""Builders shared by the submissions, portal, back-office and browser tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from partnercenter.partners.models import Partner, Person, Role

PASSWORD = "correct-horse-battery-9"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def make_person(
    partner: Partner, email: str, role: str = Role.MEMBER, *, login: bool = True
) -> Person:
    """A person of the partner; with `login`, a portal user whose username is the email."""
    user = (
        User.objects.create_user(username=email, email=email, password=PASSWORD) if login else None
    )
    return Person.objects.create(
        partner=partner, name=email.split("@")[0].title(), email=email, role=role, user=user
    )


def with_roles(user: Any, roles: tuple[str, ...] | None = None) -> Any:
    """Give a staff user back-office roles (every role by default; see staffroles.roles)."""
    from partnercenter.staffroles.roles import ROLE_BY_SLUG
    from partnercenter.staffroles.services import role_grant

    role_grant(user=user, roles=roles if roles is not None else tuple(ROLE_BY_SLUG))
    return user


def make_staff(email: str = "staff@7x.example", roles: tuple[str, ...] | None = None) -> User:
    """A staff user with `roles` (every role by default)."""
    user = User.objects.create_user(username=email, email=email, password=PASSWORD, is_staff=True)
    return with_roles(user, roles)  # type: ignore[no-any-return]


@dataclass
class World:
    """Two partners, each with a partner admin and a member, and one staff user."""

    a: Partner
    b: Partner
    a_admin: Person
    a_member: Person
    b_admin: Person
    b_member: Person
    staff: User


def make_world(make_partner: Any) -> World:
    a = make_partner("acme", name="Acme")
    b = make_partner("bravo", name="Bravo")
    return World(
        a=a,
        b=b,
        a_admin=make_person(a, "ada@acme.example", Role.ADMIN),
        a_member=make_person(a, "max@acme.example"),
        b_admin=make_person(b, "bea@bravo.example", Role.ADMIN),
        b_member=make_person(b, "bob@bravo.example"),
        staff=make_staff(),
    )

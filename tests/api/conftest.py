"""Fixtures for API tests: two partners, people in every role, staff, and their tokens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from partnercenter.api.services import token_create
from partnercenter.partners.models import Partner, Person, Role
from tests.submissions.factories import with_roles


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Rate-limit counters live in the cache, keyed by token id; ids recur between tests."""
    from django.core.cache import cache

    cache.clear()


@dataclass
class World:
    acme: Partner
    globex: Partner
    staff: User
    acme_admin: Person
    acme_member: Person
    globex_admin: Person
    tokens: dict[str, str]
    """Secrets by name: staff, acme_admin, acme_member, globex_admin, acme_read (read-only)."""


def _user(email: str, staff: bool = False) -> User:
    # No password: hashing one costs ~0.5 s, and these users sign in by token or force_login.
    return User.objects.create_user(username=email, email=email, password=None, is_staff=staff)


def _person(partner: Partner, name: str, role: str) -> Person:
    email = f"{name.lower()}@{partner.slug}.test"
    return Person.objects.create(
        partner=partner, name=name, email=email, role=role, user=_user(email)
    )


@pytest.fixture
def world(make_partner: Callable[..., Any]) -> World:
    acme = make_partner("acme", status="active")
    globex = make_partner("globex", status="active")
    staff = with_roles(_user("staff@7x.test", staff=True))
    acme_admin = _person(acme, "Ada", Role.ADMIN)
    acme_member = _person(acme, "Max", Role.MEMBER)
    globex_admin = _person(globex, "Gus", Role.ADMIN)
    later = timezone.now() + timedelta(days=30)
    tokens = {}
    for name, user in [
        ("staff", staff),
        ("acme_admin", acme_admin.user),
        ("acme_member", acme_member.user),
        ("globex_admin", globex_admin.user),
    ]:
        tokens[name] = token_create(user=user, name=name, scopes=["write"], expires_at=later)[1]
    tokens["acme_read"] = token_create(
        user=acme_admin.user, name="read", scopes=["read"], expires_at=later
    )[1]
    return World(acme, globex, staff, acme_admin, acme_member, globex_admin, tokens)


class Api:
    """A test client that speaks JSON with a bearer token."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, **self.headers)

    def post(self, path: str, body: Any = None, key: str | None = None, **extra: Any) -> Any:
        headers = dict(self.headers, **extra)
        if key:
            headers["HTTP_IDEMPOTENCY_KEY"] = key
        return self.client.post(
            f"/api/v1{path}", body or {}, content_type="application/json", **headers
        )


@pytest.fixture
def as_(world: World) -> Callable[[str | None], Api]:
    """as_("acme_admin") → an API client with that token; as_(None) → anonymous."""

    def make(who: str | None) -> Api:
        return Api(world.tokens[who] if who else None)

    return make

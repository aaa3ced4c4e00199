"""Fixtures of the membership tests: an active member with an admin, and the outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from partnercenter.notifications.models import Message
from partnercenter.partners.models import Partner, Person, Role


@pytest.fixture
def member(make_partner: Callable[..., Partner]) -> Partner:
    """Acme: active since 2026-01-01 on a paid plan through 2026-12-31, one admin."""
    partner = make_partner(
        "acme",
        status="active",
        plan="now",
        plan_paid_until=date(2026, 12, 31),
        partner_since=date(2026, 1, 1),
    )
    Partner.objects.filter(pk=partner.pk).update(
        activated_on=date(2026, 1, 1), valid_until=date(2026, 12, 31)
    )
    Person.objects.create(partner=partner, name="Max", email="max@acme.example", role=Role.ADMIN)
    partner.refresh_from_db()
    return partner


@pytest.fixture
def mails() -> Callable[..., list[Message]]:
    """The outbox's messages, optionally of one kind, oldest first."""

    def read(kind: str | None = None) -> list[Message]:
        qs = Message.objects.order_by("id")
        return list(qs.filter(kind=kind) if kind else qs)

    return read


def snapshot(partner: Partner) -> dict[str, Any]:
    """Every field of a partner, to assert a refusal changed nothing."""
    partner.refresh_from_db()
    return {f.name: getattr(partner, f.name) for f in partner._meta.concrete_fields}

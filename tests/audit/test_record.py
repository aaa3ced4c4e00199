"""`audit_record`: who, what, target and origin; append-only at the database; rolls back with its action."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from partnercenter.audit.context import Origin, _current
from partnercenter.audit.models import AuditEvent
from partnercenter.audit.services import audit_record
from tests.submissions.factories import World

pytestmark = pytest.mark.django_db


def test_a_row_keeps_who_what_target_and_origin(world: World) -> None:
    token = _current.set(Origin("198.51.100.4", "Firefox", "/backoffice/x/", "POST"))
    try:
        event = audit_record(
            actor=world.staff, action="ledger.adjust", target=world.a, details={"points": 5}
        )
    finally:
        _current.reset(token)

    event.refresh_from_db()
    assert (event.actor_id, event.actor_label) == (world.staff.pk, "staff@7x.example")
    assert (event.action, event.target_type, event.target_id) == (
        "ledger.adjust",
        "partner",
        "acme",
    )
    assert event.details == {"points": 5}
    assert (event.ip, event.user_agent, event.path, event.method) == (
        "198.51.100.4",
        "Firefox",
        "/backoffice/x/",
        "POST",
    )
    assert event.created_at.utcoffset() is not None and event.created_at.utcoffset().total_seconds() == 0  # fmt: skip


def test_the_row_outlives_its_user_and_keeps_its_label(world: World) -> None:
    event = audit_record(actor=world.staff, action="staff.sign_in")
    world.staff.delete()

    event.refresh_from_db()
    assert event.actor_label == "staff@7x.example"
    assert event.actor_id is not None  # the id stays: no constraint, no SET NULL


def test_a_rolled_back_action_leaves_no_row(world: World) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=world.staff, action="ledger.adjust", target=world.a)
        raise RuntimeError("the action failed")

    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("statement", ["UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent"])  # fmt: skip
def test_the_database_refuses_update_and_delete(world: World, statement: str) -> None:
    audit_record(actor=world.staff, action="ledger.adjust", target=world.a)

    with (
        pytest.raises((DatabaseError, IntegrityError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)

    assert AuditEvent.objects.get().action == "ledger.adjust"


def test_the_orm_cannot_edit_or_delete_either(world: World) -> None:
    event = audit_record(actor=world.staff, action="ledger.adjust", target=world.a)
    event.action = "forged"
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        event.save()
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == "ledger.adjust"


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="PostgreSQL only when DATABASE_URL is set")  # fmt: skip
def test_postgres_runs_the_same_guard(world: Any) -> None:
    assert connection.vendor == "postgresql"
    audit_record(actor=world.staff, action="ledger.adjust")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().update(action="x")

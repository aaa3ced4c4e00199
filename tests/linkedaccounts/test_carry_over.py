"""The data migration: free-text logins become staff links; a duplicate stays with the first person."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from partnercenter.audit.models import AuditEvent
from partnercenter.linkedaccounts.models import LinkedAccount

BEFORE = [("partners", "0004_notice_unique_per_day"), ("linkedaccounts", None)]
AFTER = [("partners", "0005_logins_moved_to_linked_accounts")]


@pytest.fixture
def _migrated_again_afterwards() -> Iterator[None]:
    """Leave the database as every other test expects it: on the latest migrations.

    This test rolls `partners` back past its later migrations; without this the next
    tests of the same worker ran on a schema with those unapplied (the readiness
    probe's test saw "migrations" fail)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_migrated_again_afterwards")
def test_free_text_logins_are_carried_over_and_duplicates_reported(capsys: Any) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([BEFORE[0]]).apps
    partner = old.get_model("partners", "Partner").objects.create(
        name="Acme", slug="acme", profile="it"
    )
    people = old.get_model("partners", "Person").objects
    first = people.create(
        partner=partner, name="A", email="a@x.test", github_login="Octo", community_username="a_1"
    )
    second = people.create(partner=partner, name="B", email="b@x.test", github_login="octo ")
    people.create(partner=partner, name="C", email="c@x.test")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    links = sorted(LinkedAccount.objects.values_list("person_id", "provider", "login", "reason"))
    assert links == [
        (first.pk, "community", "a_1", "carried over from the free-text field"),
        (first.pk, "github", "Octo", "carried over from the free-text field"),
    ]
    assert set(LinkedAccount.objects.values_list("verified_via", flat=True)) == {"staff"}
    conflict = AuditEvent.objects.get(action="linkedaccount.carry_over_conflict")
    assert conflict.details == {
        "provider": "github",
        "login": "octo",
        "person": second.pk,
        "partner": partner.pk,
        "kept_for_person": first.pk,
    }
    assert f"of person #{second.pk} not carried over" in capsys.readouterr().out

"""Linking and unlinking: a login belongs to one person, staff say why, everything is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from partnercenter.audit.models import AuditEvent
from partnercenter.linkedaccounts.errors import (
    AlreadyLinked,
    LoginInvalid,
    LoginTaken,
    NotLinked,
    ReasonRequired,
    UnknownProvider,
)
from partnercenter.linkedaccounts.models import LinkedAccount
from partnercenter.linkedaccounts.selectors import person_for_login
from partnercenter.linkedaccounts.services import linked_account_link, linked_account_unlink
from tests.submissions.factories import World

pytestmark = pytest.mark.django_db


def staff_link(world: World, person: Any, login: str, provider: str = "github") -> Any:
    return linked_account_link(
        person=person,
        provider=provider,
        login=login,
        verified_via="staff",
        reason="confirmed by email",
        linked_by=world.staff,
    )


def test_staff_link_is_found_in_any_case_and_audited(world: World) -> None:
    result = staff_link(world, world.a_member, "Octo-Partner")

    assert result.changed
    assert person_for_login("github", "octo-partner") == world.a_member
    assert world.a_member.github_login == "Octo-Partner"
    event = AuditEvent.objects.get(action="linkedaccount.link")
    assert (event.actor, event.details["login"], event.details["reason"]) == (
        world.staff,
        "Octo-Partner",
        "confirmed by email",
    )


REFUSALS = [
    ("no reason from staff", dict(reason="  "), ReasonRequired, "reason"),
    ("empty login", dict(login=" "), LoginInvalid, "login"),
    ("spaces in a GitHub login", dict(login="octo partner"), LoginInvalid, "login"),
    ("GitHub login too long", dict(login="a" * 40), LoginInvalid, "login"),
    ("unknown provider", dict(provider="gitlab"), UnknownProvider, "provider"),
]


@pytest.mark.parametrize(
    ("case", "change", "error", "field"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_bad_input_is_refused_and_changes_nothing(
    world: World, case: str, change: dict[str, str], error: type, field: str
) -> None:
    values = dict(
        person=world.a_member,
        provider="github",
        login="octo",
        verified_via="staff",
        reason="confirmed",
        linked_by=world.staff,
    )
    with pytest.raises(error) as refused:
        linked_account_link(**{**values, **change})  # type: ignore[arg-type]

    assert refused.value.field == field
    assert (LinkedAccount.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_a_login_of_another_person_is_refused_in_any_case(world: World) -> None:
    staff_link(world, world.a_member, "octo")

    with pytest.raises(LoginTaken) as refused:
        staff_link(world, world.b_member, "OCTO")

    assert refused.value.holder == world.a_member
    assert "already linked to another person" in refused.value.message
    assert list(LinkedAccount.objects.values_list("person", flat=True)) == [world.a_member.pk]


def test_the_same_provider_account_under_a_new_login_is_refused_for_another_person(
    world: World,
) -> None:
    linked_account_link(
        person=world.a_member, provider="github", login="octo", uid="42", verified_via="oauth",
        reason="", linked_by=world.a_member.user,
    )  # fmt: skip

    with pytest.raises(LoginTaken):
        linked_account_link(
            person=world.b_member, provider="github", login="octo-renamed", uid="42",
            verified_via="oauth", reason="", linked_by=world.b_member.user,
        )  # fmt: skip


def test_a_renamed_account_follows_its_uid_for_the_same_person(world: World) -> None:
    for login in ("octo", "octo-renamed"):
        linked_account_link(
            person=world.a_member, provider="github", login=login, uid="42",
            verified_via="oauth", reason="", linked_by=world.a_member.user,
        )  # fmt: skip

    assert list(LinkedAccount.objects.values_list("login", "uid")) == [("octo-renamed", "42")]


def test_a_second_account_of_the_same_provider_is_refused(world: World) -> None:
    staff_link(world, world.a_member, "octo")

    with pytest.raises(AlreadyLinked):
        staff_link(world, world.a_member, "other")

    assert world.a_member.github_login == "octo"


def test_oauth_upgrades_a_staff_link_and_linking_again_changes_nothing(world: World) -> None:
    staff_link(world, world.a_member, "octo")
    assert not staff_link(world, world.a_member, "Octo").changed

    proven = linked_account_link(
        person=world.a_member, provider="github", login="octo", uid="42",
        verified_via="oauth", reason="", linked_by=world.a_member.user,
    )  # fmt: skip

    assert proven.changed
    assert (proven.link.verified_via, proven.link.uid) == ("oauth", "42")
    assert LinkedAccount.objects.count() == 1


def test_the_database_refuses_the_same_login_twice_in_another_case(world: World) -> None:
    staff_link(world, world.a_member, "octo")

    with pytest.raises(IntegrityError), transaction.atomic():
        LinkedAccount.objects.create(
            person=world.b_member,
            provider="github",
            login="OCTO",
            verified_via="staff",
            reason="bypassing the service",
            linked_at=timezone.now(),
        )


def test_the_same_login_on_two_providers_is_two_accounts(world: World) -> None:
    staff_link(world, world.a_member, "octo")
    staff_link(world, world.b_member, "octo", provider="community")

    assert person_for_login("community", "octo") == world.b_member


def test_unlink_needs_a_reason_and_is_audited(world: World) -> None:
    link = staff_link(world, world.a_member, "octo").link

    with pytest.raises(ReasonRequired):
        linked_account_unlink(link_id=link.pk, person=world.a_member, reason="", unlinked_by=None)
    with pytest.raises(NotLinked):  # someone else's person: not found
        linked_account_unlink(link_id=link.pk, person=world.b_member, reason="x", unlinked_by=None)
    assert LinkedAccount.objects.count() == 1

    linked_account_unlink(
        link_id=link.pk, person=world.a_member, reason="left the company", unlinked_by=world.staff
    )

    assert person_for_login("github", "octo") is None
    event = AuditEvent.objects.get(action="linkedaccount.unlink")
    assert (event.details["login"], event.details["reason"]) == ("octo", "left the company")

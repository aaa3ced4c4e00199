"""Staff roles as groups: created by the migration, repaired by `roles_sync`, granted by name."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from partnercenter.staffroles.errors import UnknownRole
from partnercenter.staffroles.roles import (
    MANAGE_FINANCE,
    MANAGE_PROGRAM,
    ROLES,
    VIEW_ALL_PAGES,
    VIEW_BACKOFFICE,
)
from partnercenter.staffroles.services import role_grant, roles_sync

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_with_exactly_its_permissions():
    roles_sync()
    roles_sync()  # idempotent

    for role in ROLES:
        group = Group.objects.get(name=role.name)
        assert set(group.permissions.values_list("codename", flat=True)) == set(role.permissions)


@pytest.mark.parametrize(
    ("role", "has", "lacks"),
    [
        ("finance", MANAGE_FINANCE, MANAGE_PROGRAM),
        ("program_manager", MANAGE_PROGRAM, MANAGE_FINANCE),
        ("viewer", VIEW_ALL_PAGES, MANAGE_FINANCE),
    ],
)
def test_a_granted_role_gives_its_permissions(role, has, lacks):
    user = User.objects.create_user("pat@7x.example")

    role_grant(user=user, roles=[role])

    user = User.objects.get(pk=user.pk)
    assert user.is_staff
    assert user.has_perm(VIEW_BACKOFFICE) and user.has_perm(has) and not user.has_perm(lacks)


def test_an_unknown_role_is_refused_by_name():
    user = User.objects.create_user("pat@7x.example")
    with pytest.raises(UnknownRole, match="cashier"):
        role_grant(user=user, roles=["cashier"])
    assert not User.objects.get(pk=user.pk).is_staff


def test_the_command_grants_and_lists_roles(capsys):
    User.objects.create_user("pat@7x.example", email="pat@7x.example")

    call_command("staff_roles", "grant", "pat@7x.example", "finance", "support")
    call_command("staff_roles", "list")

    out = capsys.readouterr().out
    assert "pat@7x.example" in out and "Finance, Support" in out

"""The demo staff logins: one per role (two approvers, two finance users), printed by
`partnercenter demo_logins`; the demo staff account holds every role."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from partnercenter.partners.demo import STAFF_EMAIL, STAFF_PASSWORD
from partnercenter.staffroles.demo import ROLE_LOGINS, demo_staffroles
from partnercenter.staffroles.roles import MANAGE_FINANCE, MANAGE_PROGRAM, ROLES

pytestmark = pytest.mark.django_db


def test_demo_logins_per_role_and_idempotent(capsys):
    User.objects.create_user(STAFF_EMAIL, email=STAFF_EMAIL, is_staff=True)

    demo_staffroles(today=date(2026, 3, 1))
    demo_staffroles(today=date(2026, 3, 1))

    staff = User.objects.get(username=STAFF_EMAIL)
    assert set(staff.groups.values_list("name", flat=True)) == {r.name for r in ROLES}
    finance = User.objects.get(username="finance@partnercenter.test")
    assert finance.check_password(STAFF_PASSWORD)
    assert finance.has_perm(MANAGE_FINANCE) and not finance.has_perm(MANAGE_PROGRAM)
    assert User.objects.filter(username__in=[e for e, _, _ in ROLE_LOGINS]).count() == len(
        ROLE_LOGINS
    )
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert "finance2@partnercenter.test" in out and "Approver" in out


def test_demo_logins_name_the_port_make_run_serves_on(capsys, monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    call_command("demo_logins", "--port", "8031")
    assert "http://127.0.0.1:8031" in capsys.readouterr().out

    monkeypatch.setenv("PORT", "8042")
    call_command("demo_logins")
    assert "http://127.0.0.1:8042" in capsys.readouterr().out

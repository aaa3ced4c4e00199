"""The one access decision of staff pages and operations, as a table."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from partnercenter.staffroles.access import staff_refusal
from partnercenter.staffroles.roles import APPROVE_SUBMISSIONS, MANAGE_FINANCE, MANAGE_PROGRAM
from tests.submissions.factories import with_roles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("roles", "perm", "method", "private", "refusal"),
    [
        (("finance",), MANAGE_FINANCE, "POST", False, None),
        (("approver",), MANAGE_FINANCE, "GET", False, "the finance role"),
        (("approver",), (APPROVE_SUBMISSIONS, MANAGE_FINANCE), "POST", False, None),
        (("viewer",), MANAGE_FINANCE, "GET", False, None),
        (("viewer",), MANAGE_FINANCE, "POST", False, "changes nothing"),
        (("viewer",), MANAGE_PROGRAM, "GET", True, "the program manager role"),
        (("viewer",), None, "GET", False, None),
        (("viewer",), None, "POST", False, "changes nothing"),
        (("support",), None, "POST", False, None),
        ((), None, "GET", False, "no back-office role"),
    ],
)
def test_who_may_do_what(roles, perm, method, private, refusal):
    user = User.objects.create_user("pat@7x.example", is_staff=True)
    if roles:
        with_roles(user, roles)
    user = User.objects.get(pk=user.pk)

    found = staff_refusal(user, perm, method, private=private)

    assert found is None if refusal is None else refusal in found


def test_partners_and_superusers():
    partner = User.objects.create_user("ada@acme.example")
    boss = User.objects.create_user("boss@7x.example", is_staff=True, is_superuser=True)

    assert "7x program staff" in staff_refusal(partner, None, "GET")
    assert staff_refusal(boss, MANAGE_FINANCE, "POST") is None

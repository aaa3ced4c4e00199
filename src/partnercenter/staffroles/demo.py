"""Demo staff: one login per role (and a second approver and finance user for four-eyes),
the demo staff user in every role, and requests waiting for a second pair of eyes (a large
adjustment for Northwind Digital; a payout batch when approved commissions wait)."""

from __future__ import annotations

import contextlib
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from partnercenter.commissions.errors import NothingToDo
from partnercenter.partners.demo import STAFF_EMAIL, STAFF_PASSWORD
from partnercenter.partners.models import Partner
from partnercenter.staffroles.foureyes import (
    adjustment_limit,
    adjustment_submit,
    payout_batch_submit,
)
from partnercenter.staffroles.roles import ROLES
from partnercenter.staffroles.services import role_grant, roles_sync

ROLE_LOGINS: tuple[tuple[str, str, str], ...] = (
    ("program@partnercenter.test", "Pia Program", "program_manager"),
    ("approver@partnercenter.test", "Alex Approver", "approver"),
    ("approver2@partnercenter.test", "Ari Approver", "approver"),
    ("finance@partnercenter.test", "Fran Finance", "finance"),
    ("finance2@partnercenter.test", "Femi Finance", "finance"),
    ("support@partnercenter.test", "Sol Support", "support"),
    ("viewer@partnercenter.test", "Vic Viewer", "viewer"),
)
"""Email, name and role of each demo staff login (password: the demo staff password)."""


@transaction.atomic
def demo_staffroles(*, today: date) -> None:
    """Create the role logins once; later calls change nothing."""
    roles_sync()
    users = get_user_model().objects
    staff = users.filter(username=STAFF_EMAIL).first()
    if staff is not None:
        role_grant(user=staff, roles=[r.slug for r in ROLES])
    for email, name, role in ROLE_LOGINS:
        user, created = users.get_or_create(
            username=email, defaults={"email": email, "first_name": name, "is_staff": True}
        )
        if created:
            user.set_password(STAFF_PASSWORD)
            user.save()
        role_grant(user=user, roles=[role])
    northwind = Partner.objects.filter(slug="northwind-digital").first()
    if northwind is not None:  # an adjustment above the limit, waiting for a second approver
        adjustment_submit(
            partner=northwind,
            points=adjustment_limit() + 700,
            reason="Points of the previous partner system, agreed in the 2024 migration",
            staff_user=users.get(username="approver@partnercenter.test"),
            key="demo:migration",
        )
    finance = users.get(username="finance@partnercenter.test")
    with contextlib.suppress(NothingToDo):  # no approved commissions: nothing to pay out
        payout_batch_submit(staff_user=finance, key=f"demo:{today:%Y-%m}")

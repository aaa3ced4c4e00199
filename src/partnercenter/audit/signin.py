"""Staff signing in, recorded explicitly from allauth's adapter (no `user_logged_in` signal).

`identity.adapter.AccountAdapter.post_login` calls `staff_sign_in_record` once a sign-in
is complete (password and second factor): one `staff.sign_in` row per staff sign-in,
whether it started at `/portal/login/`, `/accounts/login/` or the admin (which sends
people to the same sign-in). Partner people signing in are not staff actions.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from partnercenter.audit.models import AuditEvent
from partnercenter.audit.services import audit_record


def staff_sign_in_record(
    *, request: HttpRequest, user: Any, via: str, second_factor: bool
) -> AuditEvent | None:
    """Record `staff.sign_in` for a staff user; nothing for anyone else."""
    if not getattr(user, "is_staff", False):
        return None
    return audit_record(
        actor=user,
        action="staff.sign_in",
        target=("user", user.pk, actor_name(user)),
        details={"via": via, "second_factor": second_factor},
        request=request,
    )


def actor_name(user: Any) -> str:
    """The user's email, else username."""
    return str(getattr(user, "email", "") or user.get_username())

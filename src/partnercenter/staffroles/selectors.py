"""Reads of staff roles and four-eyes requests."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from partnercenter.staffroles.kinds import KINDS
from partnercenter.staffroles.models import ApprovalRequest, Decision
from partnercenter.staffroles.roles import ROLES


def approvals_waiting() -> QuerySet[ApprovalRequest]:
    """Requests nobody has decided yet, oldest first."""
    return ApprovalRequest.objects.filter(decision=Decision.PENDING).select_related("requested_by")


def approvals_decided(limit: int = 30) -> list[ApprovalRequest]:
    """The latest decided requests, newest first."""
    rows = ApprovalRequest.objects.exclude(decision=Decision.PENDING).select_related(
        "requested_by", "decided_by"
    )
    return list(rows.order_by("-decided_at", "-id")[:limit])


def approvals_count() -> int:
    """How many requests wait (shown in the back-office navigation)."""
    return ApprovalRequest.objects.filter(decision=Decision.PENDING).count()


def kind_label(kind: str) -> str:
    """The kind in words ("Payout batch")."""
    found = KINDS.get(kind)
    return found.label if found else kind


def kind_permission(kind: str) -> str:
    """The permission a user needs to decide a request of this kind."""
    return KINDS[kind].permission


def staff_with_roles() -> list[dict[str, Any]]:
    """Every staff user with the names of their roles (for `staff_roles list`)."""
    names = {r.name for r in ROLES}
    users = get_user_model().objects.filter(is_staff=True).prefetch_related("groups")
    return [
        {
            "user": u,
            "roles": sorted(g.name for g in u.groups.all() if g.name in names),
            "superuser": u.is_superuser,
        }
        for u in users.order_by("username")
    ]

"""Staff roles (groups kept in line with `roles.ROLES`) and deciding four-eyes requests."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.staffroles.errors import (
    AlreadyDecided,
    FourEyesError,
    NotPermitted,
    OwnRequest,
    UnknownRole,
)
from partnercenter.staffroles.kinds import KINDS
from partnercenter.staffroles.models import ApprovalRequest, Decision
from partnercenter.staffroles.roles import APP, PERMISSIONS, ROLE_BY_SLUG, ROLES


@transaction.atomic
def roles_sync() -> list[Group]:
    """Create (or repair) every role's group with exactly its permissions; idempotent.

    The data migration does this once; a test database flush removes groups, and a
    changed `ROLES` table is applied by calling this again.
    """
    content_type = ContentType.objects.get_for_model(ApprovalRequest)
    perms = {
        codename: Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSIONS.items()
    }
    groups = []
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        group.permissions.set([perms[c] for c in role.permissions])
        groups.append(group)
    return groups


def role_grant(*, user: Any, roles: Iterable[str]) -> None:
    """Give `user` the roles named by slug (see `roles.ROLES`); makes them staff."""
    slugs = list(roles)
    unknown = [s for s in slugs if s not in ROLE_BY_SLUG]
    if unknown:
        raise UnknownRole(
            f"No staff role {unknown[0]!r}; the roles are: {', '.join(ROLE_BY_SLUG)}."
        )
    with transaction.atomic():
        roles_sync()
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(*Group.objects.filter(name__in=[ROLE_BY_SLUG[s].name for s in slugs]))
    for cache in ("_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)


@dataclass(frozen=True)
class Requested:
    """A four-eyes request and whether this call created it (False: the same form again)."""

    request: ApprovalRequest
    created: bool


@transaction.atomic
def approval_request_create(
    *, kind: str, payload: dict[str, Any], summary: str, key: str, requested_by: Any
) -> Requested:
    """Record an action that waits for a second staff member; once per `key`."""
    if kind not in KINDS:
        raise FourEyesError(f"No four-eyes kind {kind!r}.", field="kind")
    found = ApprovalRequest.objects.filter(key=key[:200]).first()
    if found is not None:
        return Requested(found, created=False)
    request = ApprovalRequest.objects.create(
        kind=kind,
        payload=payload,
        summary=summary[:300],
        key=key[:200],
        requested_by=requested_by,
        requested_at=timezone.now(),
    )
    audit_record(
        actor=requested_by,
        action="approval.request",
        target=("approvalrequest", request.pk, summary[:200]),
        details={"kind": kind, **payload},
    )
    return Requested(request, created=True)


def _decidable(request: ApprovalRequest, user: Any, *, own: bool = False) -> ApprovalRequest:
    """The request, locked, if `user` may decide it now; else the named refusal.

    `own=True` lets the requester refuse (withdraw) their own request, never approve it.
    """
    locked = ApprovalRequest.objects.select_for_update().get(pk=request.pk)
    if locked.decision != Decision.PENDING:
        raise AlreadyDecided(f"This request was {locked.get_decision_display().lower()} already.")
    if locked.requested_by_id == user.pk and not own:
        raise OwnRequest(
            "You asked for this yourself: a second staff member must approve or refuse it."
        )
    kind = KINDS[locked.kind]
    if not user.has_perm(kind.permission):
        raise NotPermitted(f"Deciding a {kind.label.lower()} needs the {_role_of(kind)} role.")
    return locked


def _role_of(kind: Any) -> str:
    codename = kind.permission.removeprefix(f"{APP}.")
    names = [r.name.lower() for r in ROLES if codename in r.permissions]
    return names[0] if names else codename


@transaction.atomic
def approval_request_approve(*, request: ApprovalRequest, user: Any) -> ApprovalRequest:
    """A second staff member approves: the action is performed now, by the area's service.

    If the service refuses (the commissions were paid out meanwhile, say), nothing is
    written and the request stays waiting, so it can be refused with a reason.
    """
    locked = _decidable(request, user)
    result = KINDS[locked.kind].perform(locked, user)
    locked.decision = Decision.APPROVED
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.result = result[:300]
    locked.save(update_fields=["decision", "decided_by", "decided_at", "result"])
    audit_record(
        actor=user,
        action="approval.approve",
        target=("approvalrequest", locked.pk, locked.summary[:200]),
        details={"kind": locked.kind, "requested_by": locked.requested_by_id, "result": result},
    )
    return locked


@transaction.atomic
def approval_request_refuse(*, request: ApprovalRequest, user: Any, reason: str) -> ApprovalRequest:
    """A second staff member refuses (or the requester withdraws), with a reason; nothing is
    performed."""
    reason = reason.strip()
    if not reason:
        raise FourEyesError("Give the reason for refusing.", field="reason")
    locked = _decidable(request, user, own=True)
    locked.decision = Decision.REFUSED
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.reason = reason
    locked.save(update_fields=["decision", "decided_by", "decided_at", "reason"])
    refused = KINDS[locked.kind].refused
    if refused is not None:
        refused(locked, user, reason)
    audit_record(
        actor=user,
        action="approval.refuse",
        target=("approvalrequest", locked.pk, locked.summary[:200]),
        details={"kind": locked.kind, "requested_by": locked.requested_by_id, "reason": reason},
    )
    return locked

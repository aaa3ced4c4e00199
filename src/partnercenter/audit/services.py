"""Writing the audit trail: `audit_record` for staff actions, `denial_record` for refusals.

Call `audit_record` explicitly, right where the action happens and inside its
transaction: if the action rolls back, so does its audit row. No signals.
"""

from __future__ import annotations

import getpass
import socket
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from partnercenter.audit.context import Origin, current_origin, origin_of
from partnercenter.audit.models import AuditEvent

DENIALS_PER_MINUTE = 1
"""Rows written per address and minute for refused authorizations; the rest are counted."""


def actor_label(actor: Any) -> str:
    """The words that identify `actor` on the row: email, else username, else the CLI user."""
    if actor is None:
        return ""
    if isinstance(actor, str):
        return actor[:254]
    label = getattr(actor, "email", "") or ""
    if not label and hasattr(actor, "get_username"):
        label = actor.get_username()
    return str(label)[:254]


def command_line_actor() -> str:
    """Who runs a management command: the operating-system user on this host."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # pragma: no cover - no login name (containers)
        user = "unknown"
    return f"command line ({user}@{socket.gethostname()})"


def _target(target: Any) -> tuple[str, str, str]:
    """Type, id and label of a model instance (a partner by its slug) or a (type, id, label)."""
    if target is None:
        return "", "", ""
    if isinstance(target, tuple):
        kind, ident, label = (list(target) + ["", "", ""])[:3]
        return str(kind)[:40], str(ident)[:64], str(label)[:200]
    if isinstance(target, models.Model):
        kind = target._meta.model_name or type(target).__name__.lower()
        ident = getattr(target, "slug", None) or getattr(target, "number", None) or target.pk
        return kind[:40], str(ident)[:64], str(target)[:200]
    raise TypeError(f"Cannot audit a target of type {type(target).__name__}")


def _json_safe(details: dict[str, Any] | None) -> dict[str, Any]:
    """Dates, decimals and model instances as text, so any details dict can be stored."""
    import json

    if not details:
        return {}
    return dict(json.loads(json.dumps(details, cls=DjangoJSONEncoder, default=str)))


def audit_record(
    *,
    actor: Any,
    action: str,
    target: Any = None,
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    count: int = 1,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one audit row: `actor` (a user, a label or None) did `action` to `target`.

    The origin (address, browser, path, method) is `request`'s if given, else the
    current request's (see `AuditMiddleware`), else empty (a command, a job).
    """
    origin: Origin | None = origin_of(request) if request is not None else current_origin()
    user = actor if hasattr(actor, "pk") and getattr(actor, "is_authenticated", False) else None
    kind, ident, label = _target(target)
    return AuditEvent.objects.create(
        created_at=at or timezone.now(),
        actor=user,
        actor_label=actor_label(actor),
        action=action[:64],
        target_type=kind,
        target_id=ident,
        target_label=label,
        details=_json_safe(details),
        count=count,
        ip=origin.ip if origin else None,
        user_agent=origin.user_agent if origin else "",
        path=origin.path if origin else "",
        method=origin.method if origin else "",
    )


def denial_record(
    *, request: HttpRequest, status: int, code: str, reason: str
) -> AuditEvent | None:
    """Record a refused authorization as `auth.denied`, rate-limited per address and minute.

    The first refusal of an address in a minute is written; later ones in that
    minute are only counted in the cache, and the count is carried by the next row
    written for that address (`count` = 1 + the refusals left unwritten before it),
    so an attacker cannot fill the table and the sum of `count` stays honest.
    """
    origin = origin_of(request)
    ip = origin.ip or "unknown"
    minute = timezone.now().strftime("%Y%m%d%H%M")
    window = f"audit:denied:{ip}:{minute}"
    pending = f"audit:denied:pending:{ip}"
    if not cache.add(window, 1, timeout=120):
        try:
            cache.incr(pending)
        except ValueError:
            cache.set(pending, 1, timeout=86_400)
        return None
    carried = int(cache.get(pending) or 0)
    if carried:
        cache.set(pending, 0, timeout=86_400)
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    details: dict[str, Any] = {"status": status, "code": code, "reason": reason}
    if carried:
        details["unrecorded_before"] = carried
    return audit_record(
        actor=actor, action="auth.denied", details=details, request=request, count=1 + carried
    )

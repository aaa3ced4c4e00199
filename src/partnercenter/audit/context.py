"""Where the current action comes from (address, browser, path), without passing `request` around.

`AuditMiddleware` stores the request's origin in a context variable for the
length of the request; `audit_record` reads it. The middleware also records every
refused authorization (a 401 or 403 answer) as `auth.denied`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase


@dataclass(frozen=True)
class Origin:
    """Where a request came from: the parts of it an audit row keeps."""

    ip: str | None
    user_agent: str
    path: str
    method: str


_current: ContextVar[Origin | None] = ContextVar("audit_origin", default=None)


def origin_of(request: HttpRequest) -> Origin:
    """The origin of `request` (REMOTE_ADDR: a proxy in front sets it right, e.g. gunicorn's)."""
    ip = str(request.META.get("REMOTE_ADDR") or "") or None
    return Origin(
        ip=ip,
        user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:300],
        path=request.path[:500],
        method=(request.method or "")[:10],
    )


def current_origin() -> Origin | None:
    """The origin of the request being served on this thread/task, if any."""
    return _current.get()


def _reason(request: HttpRequest, response: HttpResponseBase) -> tuple[str, str]:
    """The refusal's code and message: the PermissionDenied text, or the JSON body's."""
    denied = getattr(request, "_audit_denied", None)
    if denied is not None:
        return "permission_denied", denied
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            body = json.loads(getattr(response, "content", b"") or b"{}")
        except ValueError:
            body = {}
        if isinstance(body, dict):
            return str(body.get("code", ""))[:64], str(body.get("message", ""))[:500]
    if request.method == "POST" and not getattr(request, "csrf_processing_done", False):
        return "csrf_failed", "CSRF verification failed."
    return "forbidden", str(getattr(response, "reason_phrase", ""))


class AuditMiddleware:
    """Remember the request's origin for `audit_record`; record 401/403 answers as `auth.denied`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = _current.set(origin_of(request))
        try:
            response = self.get_response(request)
            if response.status_code in (401, 403):
                from partnercenter.audit.services import denial_record

                code, message = _reason(request, response)
                denial_record(
                    request=request, status=response.status_code, code=code, reason=message
                )
            return response
        finally:
            _current.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Keep the PermissionDenied message (the answer's body does not carry it)."""
        if isinstance(exception, PermissionDenied):
            request._audit_denied = str(exception) or "Permission denied."  # type: ignore[attr-defined]
        return None

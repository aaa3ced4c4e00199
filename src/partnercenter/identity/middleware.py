"""Staff security on every request: session time limits and two-factor before staff pages.

- A staff session ends after PARTNERCENTER_STAFF_IDLE_SECONDS without a request (30
  minutes) and PARTNERCENTER_STAFF_MAX_SECONDS after signing in (12 hours).
- Before any `/backoffice/` or `/admin/` page a staff user must have an authenticator
  app enrolled (else: sent to enrol it) and this session must have passed the second
  factor (else: sent to allauth's two-factor check). `backoffice.access` still decides
  who may open what; this only adds the second factor in front.
- A session whose user was deactivated is flushed on its next request.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from partnercenter.identity.adapter import SESSION_SINCE
from partnercenter.identity.selectors import session_passed_mfa, totp_enrolled

PROTECTED = ("/backoffice/", "/admin/")
SESSION_SEEN = "pc_seen_at"
SEEN_WRITE_EVERY = 60
"""Seconds between writes of the last-seen time (no session write on every request)."""


class StaffSecurityMiddleware:
    """Time limits for staff sessions and the second factor before staff pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self._check(request)
        return refused if refused is not None else self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None:
            return None
        if not user.is_authenticated:
            if session.get("_auth_user_id"):
                session.flush()  # the account was deactivated: this session is over
            return None
        if not user.is_staff:
            return None
        now = timezone.now().timestamp()
        since = float(session.get(SESSION_SINCE) or now)
        seen = float(session.get(SESSION_SEEN) or now)
        idle = now - seen > settings.PARTNERCENTER_STAFF_IDLE_SECONDS
        too_long = now - since > settings.PARTNERCENTER_STAFF_MAX_SECONDS
        if idle or too_long:
            logout(request)
            messages.info(
                request,
                "Your staff session ended after 30 minutes without activity; sign in again."
                if idle
                else "Staff sessions last 12 hours at most; sign in again.",
            )
            return _to(reverse("portal:login"), request)
        if SESSION_SINCE not in session:
            session[SESSION_SINCE] = since
        if now - seen >= SEEN_WRITE_EVERY or SESSION_SEEN not in session:
            session[SESSION_SEEN] = now
        if not request.path.startswith(PROTECTED) or not settings.PARTNERCENTER_STAFF_MFA_REQUIRED:
            return None
        if not totp_enrolled(user):
            messages.info(
                request,
                "Staff pages need two-factor authentication: set up an authenticator app first.",
            )
            return _to(reverse("mfa_activate_totp"), request)
        if not session_passed_mfa(request, user):
            return _to(reverse("mfa_reauthenticate"), request)
        return None


def _to(url: str, request: HttpRequest) -> HttpResponse:
    """A redirect to `url` that comes back to the page asked for (GET only)."""
    if request.method == "GET":
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    return HttpResponseRedirect(url)

"""Our allauth account adapter: no sign-up, where people land, known devices, the audit trail.

Wrong passwords are limited by allauth's `login_failed` rates in the shared cache
(per address and per account, see ACCOUNT_RATE_LIMITS). A browser that signed in to
the account before (`identity.devices`) is exempt from those and counted on its
own `login_failed_known_device` rate instead: an attacker on the same address or
spraying the account from many addresses never refuses the owner's right password.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.core.internal import ratelimit
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from partnercenter.audit.signin import staff_sign_in_record
from partnercenter.identity.devices import known_device, remember_device
from partnercenter.identity.selectors import session_passed_mfa

SESSION_SINCE = "pc_signed_in_at"
"""When this session signed in (epoch seconds): the staff session's absolute limit counts from it."""


class AccountAdapter(DefaultAccountAdapter):
    """Partner Center's accounts: people join by application or invitation, never by sign-up."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Too many wrong passwords. Wait 15 minutes, sign in from a browser you used "
            "before, or reset your password by email."
        ),
        "email_password_mismatch": (
            "That email address and password do not match. The password is case-sensitive."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Closed: an account comes from an approved application or a team invitation."""
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Staff land in the back office, partner people in the portal."""
        if getattr(request.user, "is_staff", False):
            return reverse("backoffice:dashboard")
        return reverse("portal:dashboard")

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        """Back to the sign-in page."""
        return reverse("portal:login")

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Not again for two-factor set-up within minutes of signing in with the password.

        allauth asks for the password again before adding an authenticator unless the
        session re-entered it recently; a sign-in just now is as fresh as that (staff are
        sent straight from signing in to enrolling).
        """
        required: bool = super().is_reauthentication_required(app=app, **kwargs)
        request = context.request
        if not required or app != "allauth.mfa" or request is None:
            return required
        user = getattr(request, "user", None)
        fresh = [
            r["at"]
            for r in get_authentication_records(request, user)
            if r.get("method") == "password" and "at" in r
        ]
        timeout = account_settings.REAUTHENTICATION_TIMEOUT
        return not (fresh and time.time() - max(fresh) < timeout)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Count the attempt: on the device's own limit for a known device, else allauth's."""
        account = str(credentials.get("email") or credentials.get("username") or "")
        device = known_device(request, account)
        if device is None:
            super().pre_authenticate(request, **credentials)
            return
        self._login_failed_rl_usage = ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed_known_device",
            key=f"{device.id}:{account.strip().lower()}",
        )
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")

    def post_login(
        self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
    ) -> HttpResponse:
        """The sign-in is complete (both factors): remember the device, audit staff."""
        response: HttpResponse = super().post_login(request, user, **kwargs)
        remember_device(request, response, str(getattr(user, "email", "") or user.get_username()))
        request.session[SESSION_SINCE] = timezone.now().timestamp()
        redirect = str(kwargs.get("redirect_url") or "")
        staff_sign_in_record(
            request=request,
            user=user,
            via="admin" if redirect.startswith("/admin/") else "portal",
            second_factor=session_passed_mfa(request, user),
        )
        return response

"""Test helpers: enrol a user's authenticator app and compute its current code."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
"""A fixed base32 secret for test users (never used outside tests)."""


def enrol(user: Any, secret: str = SECRET) -> Authenticator:
    """Give `user` an authenticator app with `secret` (idempotent)."""
    found = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return found or TOTP.activate(user, secret).instance


def code(secret: str = SECRET, user: Any = None, *, offset: int = 0) -> str:
    """The code an authenticator app shows now for `secret`.

    allauth refuses a code used once (within its window). Tests that sign the same user
    in twice within 30 seconds pass `user`: the used-code marker is forgotten first.
    """
    value = format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))
    if user is not None:
        cache.delete(f"allauth.mfa.totp.used?user={user.pk}&code={value}")
    return value


def verified_account(person: Any, email: str | None = None) -> Any:
    """Give a partner person an account whose email is verified (as accepting an invitation does)."""
    from django.contrib.auth.models import User

    from partnercenter.identity.services import email_verified_set

    address = email or person.email
    user = User.objects.create_user(username=address.lower(), email=address.lower())
    email_verified_set(user=user, email=address.lower())
    person.user = user
    person.save(update_fields=["user"])
    return user

"""Personal API tokens: created once (the secret is shown once), stored hashed, revocable."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.utils import timezone

from partnercenter.api.errors import Forbidden, InvalidToken
from partnercenter.api.models import ApiToken, Scope

TOKEN_PREFIX = "pc_"
"""Every token starts with this, so secret scanners (and people) recognise one."""


def token_digest(secret: str) -> str:
    """The stored form of a token: SHA-256 is enough for 256-bit random secrets (no salt needed)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _staff_token_rules(
    user: User | AbstractBaseUser, expires_at: datetime | None
) -> datetime | None:
    """Staff tokens: only after enrolling two-factor, and expiring within 90 days.

    A staff token without an expiry gets the longest allowed one.
    """
    if not getattr(user, "is_staff", False):
        return expires_at
    from partnercenter.identity.selectors import totp_enrolled

    if settings.PARTNERCENTER_STAFF_MFA_REQUIRED and not totp_enrolled(user):
        raise InvalidToken(
            "Staff need two-factor authentication before creating an API token: "
            "set up an authenticator app under Security first.",
            field="user",
        )
    days = settings.PARTNERCENTER_STAFF_TOKEN_MAX_DAYS
    latest = timezone.now() + timedelta(days=days)
    if expires_at is None:
        return latest
    if expires_at > latest + timedelta(minutes=5):
        raise InvalidToken(f"A staff token expires within {days} days.", field="expires_at")
    return expires_at


@transaction.atomic
def token_create(
    *,
    user: User | AbstractBaseUser,
    name: str,
    scopes: Sequence[str],
    expires_at: datetime | None,
) -> tuple[ApiToken, str]:
    """Create a personal token for `user`; return it and its secret, which is never stored.

    "write" implies "read": a token that may post may also read what it posted.
    """
    name = name.strip()
    if not name:
        raise InvalidToken("Give the token a name.", field="name")
    if len(name) > 100:
        raise InvalidToken("The name is at most 100 characters.", field="name")
    unknown = [s for s in scopes if s not in Scope.values]
    if unknown or not scopes:
        raise InvalidToken(
            f"Scopes must be among {', '.join(Scope.values)}; got {', '.join(scopes) or 'none'}.",
            field="scopes",
        )
    if expires_at is not None:
        if timezone.is_naive(expires_at):
            raise InvalidToken("The expiry needs a time zone.", field="expires_at")
        if expires_at <= timezone.now():
            raise InvalidToken("The expiry must be in the future.", field="expires_at")
    expires_at = _staff_token_rules(user, expires_at)
    wanted = set(scopes)
    if Scope.WRITE in wanted:
        wanted.add(Scope.READ)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user_id=user.pk,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=token_digest(secret),
        scopes=sorted(wanted),
        expires_at=expires_at,
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, user: AbstractBaseUser) -> ApiToken:
    """Revoke a token at once; only its owner (or staff) may. Revoking twice changes nothing."""
    if token.user_id != user.pk and not getattr(user, "is_staff", False):
        raise Forbidden("This token belongs to someone else.", field="token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token

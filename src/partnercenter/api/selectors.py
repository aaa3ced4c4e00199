"""Reading tokens: the one a secret names, and a user's list."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from partnercenter.api.models import ApiToken
from partnercenter.api.services import TOKEN_PREFIX, token_digest


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token (not revoked, not expired) whose secret this is, else None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__person", "user__person__partner")
        .filter(digest=token_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= timezone.now()):
        return None
    if not token.user.is_active:
        return None
    if token.user.is_staff:
        # Staff tokens last at most 90 days, including any made before that rule.
        days = settings.PARTNERCENTER_STAFF_TOKEN_MAX_DAYS
        if token.created_at <= timezone.now() - timedelta(days=days):
            return None
    return token


def tokens_of(user: AbstractBaseUser) -> QuerySet[ApiToken]:
    """Every token of the user, revoked and expired ones too, newest first."""
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at")

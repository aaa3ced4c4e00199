"""Writes about accounts: verified addresses, ending sessions, deactivating a user."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record


@transaction.atomic
def email_verified_set(*, user: Any, email: str) -> EmailAddress:
    """Record `email` as the user's verified, primary address (the person proved it).

    Called when an invitation is accepted: the link reached that mailbox. Any other
    address of the user stops being primary.
    """
    email = email.strip()
    EmailAddress.objects.filter(user=user, primary=True).exclude(email__iexact=email).update(
        primary=False
    )
    address, _ = EmailAddress.objects.update_or_create(
        user=user, email__iexact=email, defaults={"email": email, "verified": True, "primary": True}
    )
    return address


def user_sessions_end(*, user: Any) -> int:
    """Delete every stored session signed in as `user`; returns how many ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def user_deactivate(*, user: Any, actor: Any, reason: str) -> int:
    """Switch the account off and end its sessions at once; returns the sessions ended.

    A deactivated user is refused by every authentication backend anyway; ending the
    sessions makes sure none comes back if the account is switched on again.
    """
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = user_sessions_end(user=user)
    audit_record(
        actor=actor,
        action="user.deactivate",
        target=("user", user.pk, str(user.email or user.get_username())),
        details={"reason": reason, "sessions_ended": ended},
    )
    return ended

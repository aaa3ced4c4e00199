"""Reads about accounts: verified email addresses, two-factor enrolment, the session's factors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models.functions import Lower
from django.http import HttpRequest

from partnercenter.partners.models import Person


def totp_enrolled(user: Any) -> bool:
    """Whether the user has an authenticator app (TOTP) enrolled."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_passed_mfa(request: HttpRequest, user: Any) -> bool:
    """Whether this session proved the second factor.

    Either allauth recorded an `mfa` step (the sign-in challenge or a re-check), or the
    user enrolled their authenticator during this session (typing a code to activate it)
    after signing in with the password.
    """
    records = get_authentication_records(request, user)
    if any(r.get("method") == "mfa" for r in records):
        return True
    signed_in = [r["at"] for r in records if r.get("method") == "password" and "at" in r]
    if not signed_in:
        return False
    since = datetime.fromtimestamp(min(signed_in), tz=UTC)
    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP, created_at__gte=since
    ).exists()


def email_is_verified(email: str) -> bool:
    """Whether some account has proved `email` (an allauth EmailAddress marked verified)."""
    return EmailAddress.objects.filter(email__iexact=email.strip(), verified=True).exists()


def person_by_verified_email(email: str) -> Person | None:
    """The partner person whose account holds `email` as a verified address, if any.

    A person is matched only through their account's verified address: an email typed
    onto a person (never proven) matches nobody.
    """
    address = (
        EmailAddress.objects.filter(email__iexact=email.strip(), verified=True)
        .select_related("user")
        .first()
    )
    if address is None:
        return None
    return Person.objects.select_related("partner").filter(user=address.user).first()


def verified_emails(person: Person) -> list[str]:
    """The person's account's verified addresses, lower-case (none without an account)."""
    if person.user_id is None:
        return []
    return [
        e.lower()
        for e in EmailAddress.objects.filter(user_id=person.user_id, verified=True).values_list(
            "email", flat=True
        )
    ]


def known_verified_emails(addresses: set[str]) -> set[str]:
    """Which of `addresses` (lower-case) a partner person's account holds as verified."""
    return set(
        EmailAddress.objects.filter(
            verified=True, user_id__in=Person.objects.filter(user__isnull=False).values("user_id")
        )
        .annotate(key=Lower("email"))
        .filter(key__in=addresses)
        .values_list("key", flat=True)
    )

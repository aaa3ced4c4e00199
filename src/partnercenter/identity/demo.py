"""Demo accounts: verified email addresses for everyone, and the demo staff's authenticator.

The demo staff account is pre-enrolled with an authenticator app (TOTP) and recovery
codes so a newcomer can sign in to the back office: `partnercenter demo_logins` prints
the secret (add it to any authenticator app), the current code and the recovery codes.
Development only: the secret is random per installation and printed in clear.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user_model
from django.db import transaction

from partnercenter.partners.demo import STAFF_EMAIL


@dataclass(frozen=True)
class DemoSecondFactor:
    """What a newcomer needs to pass the demo staff's two-factor check."""

    secret: str
    code_now: str
    recovery_codes: list[str]


@transaction.atomic
def demo_identity(*, today: date) -> None:
    """Verified addresses for every demo account; the demo staff's TOTP (idempotent)."""
    user_model = get_user_model()
    for user in user_model.objects.exclude(email="").order_by("pk"):
        if not EmailAddress.objects.filter(email__iexact=user.email).exists():
            EmailAddress.objects.create(
                user=user,
                email=user.email.lower(),
                verified=True,
                primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
            )
    staff = user_model.objects.filter(username=STAFF_EMAIL).first()
    if staff is None:
        return
    if not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(staff, generate_totp_secret())
    # The role logins (staffroles.demo) share the demo staff's secret, so the one secret
    # `demo_logins` prints opens every demo staff account.
    secret = decrypt(
        Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP).data["secret"]
    )
    for other in user_model.objects.filter(is_staff=True).exclude(pk=staff.pk):
        if not Authenticator.objects.filter(user=other, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(other, secret)
    if not Authenticator.objects.filter(
        user=staff, type=Authenticator.Type.RECOVERY_CODES
    ).exists():
        RecoveryCodes.activate(staff)


def demo_second_factor() -> DemoSecondFactor | None:
    """The demo staff's TOTP secret, the code it gives now, and the unused recovery codes."""
    totp = Authenticator.objects.filter(
        user__username=STAFF_EMAIL, type=Authenticator.Type.TOTP
    ).first()
    if totp is None:
        return None
    secret = decrypt(totp.data["secret"])
    codes = Authenticator.objects.filter(
        user__username=STAFF_EMAIL, type=Authenticator.Type.RECOVERY_CODES
    ).first()
    recovery = RecoveryCodes(codes).get_unused_codes() if codes is not None else []
    now = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    return DemoSecondFactor(secret=secret, code_now=now, recovery_codes=recovery)

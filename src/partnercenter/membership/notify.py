"""Emails to a partner's admins through the outbox, keyed so a reason is mailed once."""

from __future__ import annotations

from typing import Any

from partnercenter.membership.selectors import partner_admin_emails
from partnercenter.notifications.models import Message
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Partner


def admins_notify(
    *, partner: Partner, kind: str, reason: str, context: dict[str, Any] | None = None
) -> int:
    """Queue a `kind` email to each admin of the partner, keyed by `reason`; returns how many
    are new (the same reason again queues nothing)."""
    new = 0
    for email in partner_admin_emails(partner):
        key = f"{kind}:{partner.pk}:{reason}:{email}"
        if Message.objects.filter(key=key).exists():
            continue
        message_queue(
            kind=kind,
            to=email,
            partner=partner,
            key=key,
            context={"partner": partner, **(context or {})},
        )
        new += 1
    return new

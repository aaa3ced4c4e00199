"""Queueing and sending emails through the outbox.

Callers queue inside their own transaction (`message_queue`); the message is
sent after commit by a background job (`messages_send`, and the scheduler's hourly
sweep), retried with backoff,
so a failed SMTP server never loses a message nor fails the action that caused it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from partnercenter.notifications.models import Message, MessageStatus
from partnercenter.partners.models import Partner

log = logging.getLogger("partnercenter.notifications")

MAX_ATTEMPTS = 5
"""A message is given up (failed) after this many attempts."""


def _render(kind: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    base = f"notifications/email/{kind}"
    ctx = {"site_url": settings.PARTNERCENTER_SITE_URL, **context}
    subject = " ".join(render_to_string(f"{base}_subject.txt", ctx).split())
    text = render_to_string(f"{base}.txt", ctx).strip() + "\n"
    try:
        html = render_to_string(f"{base}.html", ctx)
    except TemplateDoesNotExist:
        html = render_to_string("notifications/email/_default.html", {**ctx, "text": text})
    return subject, text, html


def message_queue(
    *,
    kind: str,
    to: str,
    context: Mapping[str, Any],
    key: str,
    partner: Partner | None = None,
) -> Message:
    """Render the `kind` templates and store the message; it is sent after commit.

    Templates: `notifications/email/<kind>_subject.txt`, `<kind>.txt` and
    optionally `<kind>.html` (else the text is wrapped in a plain HTML layout).
    The same `key` again returns the first message and sends nothing new.
    """
    existing = Message.objects.filter(key=key).first()
    if existing is not None:
        return existing
    subject, text, html = _render(kind, context)
    message, created = Message.objects.get_or_create(
        key=key,
        defaults={
            "partner": partner,
            "kind": kind,
            "to_email": to,
            "subject": subject[:255],
            "body_text": text,
            "body_html": html,
            "next_attempt_at": timezone.now(),
        },
    )
    if created:
        _enqueue_send_once_on_commit()
    return message


def _enqueue_send_once_on_commit() -> None:
    """One send job per transaction, however many messages it stores (an announcement to
    a thousand people queues one job, not a thousand); one sender sends them all."""
    conn = transaction.get_connection()
    if conn.in_atomic_block and any(hook[1] is _enqueue_send for hook in conn.run_on_commit):
        return
    transaction.on_commit(_enqueue_send)


def _enqueue_send() -> None:
    from partnercenter.notifications.tasks import messages_send_job

    try:
        messages_send_job.enqueue()
    except Exception:  # the scheduler's sweep sends it later; queueing never fails an action
        log.exception("could not enqueue messages_send_job")


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=2 ** max(0, attempts - 1))


LEASE = timedelta(minutes=10)
"""A claimed message is not taken by another sender for this long (a crashed sender's
message is picked up again afterwards)."""


def messages_send(*, now: datetime | None = None, limit: int = 200) -> int:
    """Send every due pending message; failures are retried with backoff. Returns sent count.

    Each message is claimed by a conditional UPDATE before it is sent (atomic on SQLite
    and PostgreSQL alike), so the worker and the scheduler's sweep running at once never
    send one twice; no transaction is held open while the mail server answers.
    """
    now = now or timezone.now()
    sent = 0
    due = list(
        Message.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("id", "next_attempt_at")[:limit]
    )
    for message_id, due_at in due:
        claimed = Message.objects.filter(
            pk=message_id, status=MessageStatus.PENDING, next_attempt_at=due_at
        ).update(next_attempt_at=now + LEASE)
        if not claimed:
            continue  # another sender took it
        message = Message.objects.get(pk=message_id)
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to_email],
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        message.attempts += 1
        try:
            email.send(fail_silently=False)
        except Exception as exc:
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = MessageStatus.FAILED
            else:
                message.next_attempt_at = now + _backoff(message.attempts)
            log.warning("message %s not sent: %s", message.pk, message.last_error)
        else:
            message.status = MessageStatus.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            sent += 1
        message.save(
            update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"]
        )
    return sent

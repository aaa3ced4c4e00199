"""The outbox: queued once per key, sent after commit, retried with backoff, given up at last."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from partnercenter.notifications.models import Message, MessageStatus
from partnercenter.notifications.services import MAX_ATTEMPTS, message_queue, messages_send

pytestmark = pytest.mark.django_db
FAILING = "tests.notifications.failing_backend.FailingBackend"


@pytest.fixture(autouse=True)
def _locmem(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def queue(key: str = "k1") -> Message:
    return message_queue(
        kind="membership_restored",
        to="max@acme.example",
        key=key,
        context={"partner": {"name": "Acme"}, "how": "paid plan"},
    )


def test_the_same_key_is_queued_once() -> None:
    first, second = queue(), queue()
    assert first.pk == second.pk and Message.objects.count() == 1
    assert first.subject == "Your Exponential partner membership is active again"
    assert first.body_text.rstrip().endswith("exponential.earth") or "7x" in first.body_text
    assert "<html" in first.body_html.lower() or first.body_html


def test_many_messages_in_one_transaction_queue_one_send_job(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for n in range(5):
            queue(f"many-{n}")

    assert Message.objects.filter(key__startswith="many-").count() == 5
    assert len(callbacks) == 1
    assert DBTaskResult.objects.count() == 1


def test_sent_once_even_when_swept_twice() -> None:
    message = queue()
    assert messages_send() == 1 and messages_send() == 0
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["max@acme.example"]


def test_a_failure_is_retried_with_growing_backoff(settings: Any) -> None:
    settings.EMAIL_BACKEND = FAILING
    message = queue()
    now = timezone.now()
    waits = []
    for attempt in range(1, 4):
        assert messages_send(now=now) == 0
        message.refresh_from_db()
        assert message.status == MessageStatus.PENDING and message.attempts == attempt
        assert "SMTPServerDisconnected" in message.last_error
        waits.append(message.next_attempt_at - now)
        # Not due again before its backoff has passed.
        assert messages_send(now=now + waits[-1] - timedelta(seconds=1)) == 0
        message.refresh_from_db()
        assert message.attempts == attempt
        now = message.next_attempt_at
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert messages_send(now=now) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.last_error == ""


def test_given_up_after_the_last_attempt(settings: Any) -> None:
    settings.EMAIL_BACKEND = FAILING
    message = queue()
    now = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        messages_send(now=now)
        message.refresh_from_db()
        now = message.next_attempt_at
    assert message.status == MessageStatus.FAILED and message.attempts == MAX_ATTEMPTS
    assert messages_send(now=now + timedelta(days=1)) == 0
    message.refresh_from_db()
    assert message.attempts == MAX_ATTEMPTS


def test_the_command_sends_the_due_messages() -> None:
    import io

    from django.core.management import call_command

    queue("a")
    queue("b")
    out = io.StringIO()
    call_command("messages_send", stdout=out)
    assert out.getvalue().strip() == "sent 2"


def test_a_message_claimed_by_another_sender_is_not_sent_again() -> None:
    message = queue()
    now = timezone.now()
    # Another sender claimed it a moment ago (its lease moved the next attempt on).
    Message.objects.filter(pk=message.pk).update(next_attempt_at=now + timedelta(minutes=10))
    assert messages_send(now=now) == 0 and mail.outbox == []

"""`partnercenter messages_send`: send the due messages of the outbox now."""

from typing import Any

from django.core.management.base import BaseCommand

from partnercenter.notifications.services import messages_send


class Command(BaseCommand):
    help = "Send the outbox's due messages (the background worker does this after each queueing)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"sent {messages_send()}")

"""Reading the outbox: a partner's message history."""

from __future__ import annotations

from django.db.models import QuerySet

from partnercenter.notifications.models import Message
from partnercenter.partners.models import Partner


def messages_of_partner(partner: Partner) -> QuerySet[Message]:
    """Every message sent (or to be sent) about a partner, newest first."""
    return Message.objects.filter(partner=partner).order_by("-created_at", "-id")

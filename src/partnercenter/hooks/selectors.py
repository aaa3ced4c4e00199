"""Reading the inbox for staff."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from partnercenter.hooks.models import Delivery, DeliveryStatus


def deliveries(*, status: str = "", source: str = "", actor: str = "") -> QuerySet[Delivery]:
    """The inbox, newest first, filtered by status, source and actor."""
    qs = Delivery.objects.all().order_by("-id")
    if status:
        qs = qs.filter(status=status)
    if source:
        qs = qs.filter(source=source)
    if actor:
        qs = qs.filter(actor=actor.lower())
    return qs


def inbox_counts() -> dict[str, int]:
    """How many deliveries are in each status (every status present, zero if none)."""
    counts = {s: 0 for s in DeliveryStatus.values}
    for row in Delivery.objects.values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts

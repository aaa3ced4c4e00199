"""The webhook inbox: every verified delivery, stored once, with what became of it."""

from __future__ import annotations

from django.db import models

from partnercenter.partners.models import Person


class DeliveryStatus(models.TextChoices):
    """Where a delivery stands."""

    RECEIVED = "received", "Received"
    """Stored and acknowledged; waiting for the background job."""
    PROCESSED = "processed", "Processed"
    """Turned into ledger entries (or, for a refund before its order, remembered)."""
    PARKED = "parked", "Parked"
    """The sender's person is not linked to a partner yet; processed once linked."""
    IGNORED = "ignored", "Ignored"
    """Verified but earns nothing (an event type the edition does not map, a ping)."""
    FAILED = "failed", "Failed"
    """Processing refused it; `error` says why. Staff may replay it."""


class Delivery(models.Model):
    """One signed delivery from a sender, unique by (source, delivery_id).

    The row is written before the sender gets its 2xx, so an acknowledged
    delivery is never lost; the unique key makes retries and duplicates no-ops.
    `actor` is the sender's name for the person (community username, GitHub
    login, buyer e-mail), kept to find parked deliveries when someone is linked.
    """

    source = models.CharField(max_length=16)
    delivery_id = models.CharField(max_length=200)
    event = models.CharField(max_length=100)
    payload = models.JSONField()
    actor = models.CharField(max_length=254, blank=True)
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.RECEIVED
    )
    error = models.TextField(blank=True)
    attempts = models.IntegerField(default=0)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    entries = models.IntegerField(default=0, help_text="Ledger entries this delivery created.")
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["source", "delivery_id"], name="delivery_unique_id"),
        ]
        indexes = [
            models.Index(fields=["status", "id"], name="delivery_status_idx"),
            models.Index(fields=["source", "actor"], name="delivery_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.delivery_id} ({self.status})"


class StoreOrder(models.Model):
    """What the store told us about one order (or subscription invoice), whatever the order.

    Refunds may arrive before the payment; this row remembers the amount paid
    and the most refunded so far, and serialises the processing of one order's
    deliveries (a row lock), so the ledger always nets to paid − refunded.
    """

    order_id = models.CharField(max_length=200, unique=True)
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    activity = models.CharField(max_length=64, blank=True)
    amount_cents = models.BigIntegerField(null=True, blank=True)
    refunded_cents = models.BigIntegerField(default=0)
    paid_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.order_id

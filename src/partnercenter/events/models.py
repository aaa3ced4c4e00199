"""Events 7x runs for partners: registrations of partner people and the attendance staff mark.

Attendance of an event held in Partner Center posts "Partner event participation" once per
person and event through the ledger; the ledger entry is the record of the points.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from partnercenter.partners.models import Partner, Person


class EventKind(models.TextChoices):
    """What sort of event it is."""

    PARTNER_MEETING = "partner_meeting", "Quarterly partner meeting"
    """The quarterly meeting of 7x with its partners."""
    TRAINING = "training", "Training"
    """A course run by 7x."""
    CONFERENCE = "conference", "Conference"
    """A conference with talks (often over several days)."""
    WEBINAR = "webinar", "Webinar"
    """An online session."""


class Event(models.Model):
    """An event partners can register people for; `held_in_partner_center` means attendance is
    recorded here (and a self-report of it is refused as a duplicate)."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The last day (the same as starts_on for one day).")
    place = models.CharField(max_length=200, blank=True, help_text="Venue and city.")
    online_url = models.URLField(max_length=500, blank=True)
    capacity = models.PositiveIntegerField(help_text="People who can register in total.")
    description = models.TextField(blank=True)
    held_in_partner_center = models.BooleanField(
        default=True, help_text="Attendance is marked here and posts points."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="events_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["starts_on"], name="event_starts_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on})"

    @property
    def occasion(self) -> str:
        """The ledger's `occasion` of this event: one posting per person, whatever its length."""
        return f"event:{self.pk}"


class Registration(models.Model):
    """A person of a partner registered for an event; cancelling keeps the row (cancelled_at)."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations")
    registered_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="registrations_made"
    )
    registered_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["registered_at", "id"]
        constraints = [
            # One live registration per person and event (cancelled ones may repeat).
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(cancelled_at__isnull=True),
                name="registration_one_live",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.event}"


class Attendance(models.Model):
    """Staff saw this person at the event; `entry` is the ledger posting it made (if any)."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="attendances")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendances_marked"
    )
    marked_at = models.DateTimeField()
    entry = models.ForeignKey(
        "ledger.Entry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["marked_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} attended {self.event}"

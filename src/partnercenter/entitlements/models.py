"""What the plans promise, counted: usage ledger, support tickets, guidance meetings, quarter checks."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from partnercenter.partners.models import Partner, Person


class Entitlement(models.TextChoices):
    """The counted promises of a plan."""

    TICKETS = "tickets", "Support tickets"
    MEETINGS = "meetings", "Guidance meetings"


class Usage(models.Model):
    """One use (+1) or give-back (−1) of an entitlement; append-only at the database.

    "Remaining" is the plan's allowance minus the SUM of the period's records, so
    a refund is a reversing row, never an edit. `key` makes each write idempotent.
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="usage")
    entitlement = models.CharField(max_length=16, choices=Entitlement.choices)
    plan = models.CharField(max_length=32, help_text="The plan in force when used.")
    period_start = models.DateTimeField()
    amount = models.SmallIntegerField(help_text="+1 a use, −1 a give-back.")
    reason = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True)
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["partner", "entitlement", "period_start"], name="usage_period_idx")
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__in=(1, -1)), name="usage_amount_one")
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.entitlement} {self.amount:+d}"


class Queue(models.TextChoices):
    """Where a ticket is answered: with a response-time promise or by the community."""

    SLA = "sla", "SLA"
    COMMUNITY = "community", "Community"


class TicketStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"
    INVALID = "invalid", "Closed as invalid"


class Ticket(models.Model):
    """A support request of a partner person, counted against the plan's ticket quota.

    `response_due_at` is fixed at opening from the plan's `response_hours`;
    `breached_at` is stamped when the breach happens (the scheduler) or at the late reply.
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="tickets")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tickets")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    opened_at = models.DateTimeField()
    plan = models.CharField(max_length=32)
    queue = models.CharField(max_length=16, choices=Queue.choices)
    response_due_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=TicketStatus.choices, default=TicketStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["status", "response_due_at"], name="ticket_due_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"


class TicketMessage(models.Model):
    """One message of a ticket's thread: from a partner person or from staff."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="messages")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    body = models.TextField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    @property
    def from_staff(self) -> bool:
        return self.staff_id is not None


class MeetingSlot(models.Model):
    """A guidance meeting time staff offer; capacity one."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_slots"
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    capacity = models.PositiveSmallIntegerField(default=1)
    topic = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} ({self.duration_minutes} min)"


class MeetingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"
    HELD = "held", "Held"
    NO_SHOW = "no_show", "No-show"


class Meeting(models.Model):
    """A partner's booking of a slot; at most one live (not cancelled) booking per slot."""

    slot = models.ForeignKey(MeetingSlot, on_delete=models.PROTECT, related_name="meetings")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="meetings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="meetings")
    plan = models.CharField(max_length=32)
    status = models.CharField(
        max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.BOOKED
    )
    booked_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=~models.Q(status="cancelled"),
                name="meeting_one_live_per_slot",
            )
        ]


class RevenueCheck(models.Model):
    """A calendar quarter's revenue against the plan's requirement, recorded at quarter end."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="revenue_checks")
    quarter_start = models.DateField()
    plan = models.CharField(max_length=32)
    required_cents = models.BigIntegerField()
    revenue_cents = models.BigIntegerField()
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["-quarter_start", "partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "quarter_start"], name="revenue_check_once")
        ]

    @property
    def shortfall_cents(self) -> int:
        return max(0, self.required_cents - self.revenue_cents)

    @property
    def quarter_label(self) -> str:
        return f"Q{(self.quarter_start.month - 1) // 3 + 1} {self.quarter_start.year}"

"""What partners ask of 7x and what 7x tells them: roadmap requests and votes, requests for
benefits that are services, announcements sent to segments, optional-mailing preferences."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from partnercenter.partners.models import Partner, Person


class RoadmapStatus(models.TextChoices):
    """Where 7x stands on a roadmap request (set by staff, with a public note)."""

    NEW = "new", "New"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined"


class RoadmapRequest(models.Model):
    """A product wish filed by a partner whose plan brings roadmap requests; others vote on it."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="roadmap_requests")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roadmap_requests")
    plan = models.CharField(max_length=32, help_text="The plan that gave the right to file.")
    title = models.CharField(max_length=200)
    description = models.TextField()
    status = models.CharField(
        max_length=16, choices=RoadmapStatus.choices, default=RoadmapStatus.NEW
    )
    status_note = models.TextField(blank=True, help_text="Public: every partner reads it.")
    created_at = models.DateTimeField()
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"


class RoadmapVote(models.Model):
    """One partner's vote for a request (one per partner, cast by one of its people)."""

    request = models.ForeignKey(RoadmapRequest, on_delete=models.PROTECT, related_name="votes")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="roadmap_votes")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roadmap_votes")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "partner"], name="roadmap_vote_once")
        ]


class RoadmapStatusChange(models.Model):
    """Each status decision staff made (the history; its id keys the filer's email)."""

    request = models.ForeignKey(
        RoadmapRequest, on_delete=models.PROTECT, related_name="status_changes"
    )
    old_status = models.CharField(max_length=16, choices=RoadmapStatus.choices)
    new_status = models.CharField(max_length=16, choices=RoadmapStatus.choices)
    note = models.TextField(blank=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class ServiceStatus(models.TextChoices):
    """A service request's progress: open → in progress → done / declined."""

    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined"


class ServiceRequest(models.Model):
    """A partner asks for a benefit that is a service (`service = true` in the edition)."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="service_requests")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="service_requests")
    benefit = models.CharField(max_length=64, help_text="A benefit code of the edition.")
    level = models.CharField(max_length=32, help_text="The partner's level when it asked.")
    message = models.TextField()
    status = models.CharField(
        max_length=16, choices=ServiceStatus.choices, default=ServiceStatus.OPEN
    )
    note = models.TextField(blank=True, help_text="Staff's note; the partner reads it.")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.benefit} for {self.partner_id}"


class AnnouncementKind(models.TextChoices):
    """What staff send: briefings and announcements reach everyone in the segment; an
    optional mailing skips people who unsubscribed and carries an unsubscribe link."""

    BRIEFING = "briefing", "Briefing"
    ANNOUNCEMENT = "announcement", "Announcement"
    MAILING = "mailing", "Optional mailing"


class AnnouncementStatus(models.TextChoices):
    """Sending runs in a background job (`engagement.tasks.announcement_deliver_job`)."""

    SENDING = "sending", "Sending"
    """Staff pressed Send; the job has not finished delivering."""
    SENT = "sent", "Sent"
    """Every partner's delivery and every person's email are queued."""


class Announcement(models.Model):
    """A message sent to a segment of active partners (levels × profiles × countries).

    While `status` is sending, `partners_count` is how many partners the segment had when
    staff pressed Send; once sent, the counts are what the job delivered.
    """

    kind = models.CharField(max_length=16, choices=AnnouncementKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    levels = models.JSONField(default=list, blank=True, help_text="Level codes; [] = any.")
    profiles = models.JSONField(default=list, blank=True, help_text="Profile codes; [] = any.")
    countries = models.JSONField(default=list, blank=True, help_text="ISO codes; [] = any.")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    sent_at = models.DateTimeField()
    partners_count = models.PositiveIntegerField(default=0)
    emails_count = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=8, choices=AnnouncementStatus.choices, default=AnnouncementStatus.SENT
    )
    delivered_at = models.DateTimeField(
        null=True, blank=True, help_text="When the background job finished delivering."
    )
    key = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text="The form's one-time key: a second submit of the same form sends nothing.",
    )

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class AnnouncementDelivery(models.Model):
    """The announcement in one partner's portal message history."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.PROTECT, related_name="deliveries"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="announcement_deliveries"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "partner"], name="announcement_delivery_once"
            )
        ]


class MailingOptOut(models.Model):
    """A person who unsubscribed from optional mailings (deleted when they re-subscribe)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="mailing_opt_out")
    at = models.DateTimeField()
    via = models.CharField(max_length=16, help_text="link (the email) or portal.")

"""Applications to join the program, from the public form or the API."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django_countries import countries


class ApplicationStatus(models.TextChoices):
    """Where an application stands."""

    UNCONFIRMED = "unconfirmed", "Waiting for email confirmation"
    """Sent, but the contact has not opened the confirmation link: staff do not see it."""
    SUBMITTED = "submitted", "Submitted"
    """The email is confirmed: waiting in the staff queue."""
    APPROVED = "approved", "Approved"
    """A partner (status applicant) was created and the contact invited as partner admin."""
    REJECTED = "rejected", "Rejected"
    """Staff said no, with a reason mailed to the contact."""


OPEN_STATUSES = (ApplicationStatus.UNCONFIRMED, ApplicationStatus.SUBMITTED)
"""Applications nobody has decided yet (a second one for the same company is flagged)."""


class Application(models.Model):
    """A company asking to become a partner.

    Nothing is merged: a second application for a company or email domain already
    known is stored and flagged (`duplicate_reason`, `duplicate_of_*`) for staff to judge.
    """

    company = models.CharField(max_length=200)
    country = models.CharField(max_length=2, help_text="ISO 3166 alpha-2.")
    website = models.URLField(blank=True)
    profile = models.CharField(max_length=32, help_text="A profile code of the edition.")
    edition_id = models.CharField(max_length=64, help_text="The edition the profile is from.")
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField()
    student = models.BooleanField(default=False, help_text="An educational enrolment.")
    description = models.TextField(max_length=2000)
    accepts_terms = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.UNCONFIRMED
    )
    submitted_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reject_reason = models.TextField(blank=True)
    partner = models.OneToOneField(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
    )
    duplicate_of_partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duplicate_of_application = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duplicate_reason = models.CharField(
        max_length=300, blank=True, help_text="What this application matches, in words."
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "confirmed_at"], name="application_queue_idx")]

    def __str__(self) -> str:
        return f"{self.company} ({self.get_status_display()})"

    @property
    def country_name(self) -> str:
        return str(dict(countries).get(self.country, self.country))

    @property
    def is_duplicate(self) -> bool:
        return bool(self.duplicate_reason)

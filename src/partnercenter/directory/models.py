"""What a partner writes about itself for its public page (the directory reads the rest).

`Listing` holds the approved, live content: the only content the directory, the partner
page and the logo URL read. A partner's edits are a `ListingRevision` that waits for
staff (moderation); approving it copies it into the listing, so the previous approved
version stays live until then.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from partnercenter.partners.models import Partner, Person


class Listing(models.Model):
    """A partner's approved public page content: description, services, case studies, logo.

    Whether the partner is listed is not stored here: it follows its status and level
    (`directory.selectors.listed_partners`). `search_text` is the lower-cased name,
    description and services, for the directory's search.
    """

    partner = models.OneToOneField(Partner, on_delete=models.PROTECT, related_name="listing")
    description = models.TextField(blank=True)
    services = models.JSONField(default=list, blank=True)
    case_studies = models.JSONField(default=list, blank=True)
    """Approved case-study texts: a list of {"title", "text"}."""
    logo_png = models.BinaryField(null=True, blank=True, editable=False)
    """The logo, re-encoded as PNG (metadata stripped, at most 512 px a side)."""
    logo_sha = models.CharField(max_length=64, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    """When staff approved what is live (content from before moderation: when it was migrated)."""
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Listing of {self.partner}"


class RevisionStatus(models.TextChoices):
    """Where a proposed change of the public page stands."""

    PENDING = "pending", "Waiting for review"
    """Staff have not decided; the approved listing stays live meanwhile."""
    APPROVED = "approved", "Approved"
    """Staff approved it; it was copied into the listing and is live."""
    REJECTED = "rejected", "Rejected"
    """Staff refused it with a reason mailed to the partner admins."""
    SUPERSEDED = "superseded", "Replaced"
    """The partner saved a newer proposal (or its live content again) before a decision."""


class LogoChange(models.TextChoices):
    """What a revision does to the logo."""

    KEEP = "keep", "Keep the current logo"
    """The approved logo stays as it is."""
    REPLACE = "replace", "New logo"
    """The revision's re-encoded logo replaces the approved one."""
    REMOVE = "remove", "Remove the logo"
    """The approved logo goes."""


class ListingRevision(models.Model):
    """A partner's proposed public page: live only once staff approve it.

    At most one is pending per partner (a constraint); saving again supersedes it.
    The logo is kept here already re-encoded, so approving publishes exactly what staff saw.
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="listing_revisions")
    description = models.TextField(blank=True)
    services = models.JSONField(default=list, blank=True)
    case_studies = models.JSONField(default=list, blank=True)
    logo_change = models.CharField(
        max_length=8, choices=LogoChange.choices, default=LogoChange.KEEP
    )
    logo_png = models.BinaryField(null=True, blank=True, editable=False)
    logo_sha = models.CharField(max_length=64, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="listing_revisions"
    )
    submitted_at = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=RevisionStatus.choices, default=RevisionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why staff rejected it (mailed and shown).")

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(status="pending"),
                name="listing_one_pending_revision",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="revision_queue_idx")]

    def __str__(self) -> str:
        return f"Public page revision #{self.pk} of {self.partner} ({self.status})"

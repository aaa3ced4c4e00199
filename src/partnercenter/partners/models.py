"""Partners (organisations), their people, and people's certifications."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.functional import cached_property


class PartnerStatus(models.TextChoices):
    """Where a partner stands in its membership."""

    APPLICANT = "applicant", "Applicant"
    """Applied; not yet reviewed for levels."""
    ACTIVE = "active", "Active"
    """A member; reviewed every month. "Under notice" is an active partner with `ends_on` set."""
    LAPSED = "lapsed", "Lapsed"
    """Neither paid nor on the points path past the grace period, or not renewed: still
    reviewed (the points path can bring it back), but no benefits, listing, leads or
    commissions until membership returns."""
    SUSPENDED = "suspended", "Suspended"
    """Temporarily out of reviews and benefits."""
    TERMINATED = "terminated", "Terminated"
    """The contract has ended."""


class Partner(models.Model):
    """A partner organisation. `current_level` is a cache written only by the tier review."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    profile = models.CharField(max_length=32, help_text="A profile code of the edition.")
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 alpha-2.")
    website = models.URLField(blank=True)
    status = models.CharField(
        max_length=16, choices=PartnerStatus.choices, default=PartnerStatus.APPLICANT
    )
    partner_since = models.DateField(null=True, blank=True)
    student = models.BooleanField(default=False, help_text="Enrolled as an educational partner.")
    plan = models.CharField(max_length=32, blank=True, help_text="A plan code of the edition.")
    plan_paid_until = models.DateField(
        null=True, blank=True, help_text="The paid plan is active through this date."
    )
    activated_on = models.DateField(
        null=True, blank=True, help_text="The day the membership first became active."
    )
    valid_until = models.DateField(
        null=True,
        blank=True,
        help_text="The membership runs through this date unless renewed (edition validity).",
    )
    contract_signed_on = models.DateField(
        null=True,
        blank=True,
        help_text="The latest contract was signed by the partner on this day.",
    )
    notice_given_on = models.DateField(null=True, blank=True)
    notice_given_by = models.CharField(
        max_length=16, blank=True, help_text="'partner' or 'vendor': who gave notice."
    )
    ends_on = models.DateField(
        null=True, blank=True, help_text="Under notice: the membership ends on this day."
    )
    lapsed_on = models.DateField(null=True, blank=True)
    terminated_on = models.DateField(null=True, blank=True)
    status_reason = models.TextField(
        blank=True, help_text="Why the status last changed (termination, suspension, lapse)."
    )
    current_level = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status"], name="partner_status_idx")]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def current_level_as_of(self) -> date | None:
        """The date of the partner's latest tier review (its latest decision), or None.

        Derived, not stored: a stored date made the monthly review rewrite every
        partner's row (issue 14); the unique (partner, as_of, edition) index of the
        decisions answers it. A query annotated with `reviewed_as_of()` under this
        name sets it for many partners in one query.
        """
        latest: date | None = self.decisions.aggregate(latest=models.Max("as_of"))["latest"]  # type: ignore[attr-defined]
        return latest


def reviewed_as_of() -> Any:
    """A subquery giving each partner's latest review date, to annotate as `current_level_as_of`.

    The decisions live in the review app (which builds on this one), hence the lookup by name.
    """
    decision = apps.get_model("review", "TierDecision")
    return models.Subquery(
        decision.objects.filter(partner_id=models.OuterRef("pk"))
        .order_by("-as_of")
        .values("as_of")[:1]
    )


class Role(models.TextChoices):
    """What a person may do in the partner portal."""

    ADMIN = "admin", "Partner admin"
    """Manages the team and the partner's profile."""
    MEMBER = "member", "Member"
    """Sees the partner's standing and reports activities."""


class Person(models.Model):
    """Someone who works for a partner; may sign in to the portal through `user`."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="people")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "email"], name="person_unique_email"),
        ]
        # The people who can sign in, by user: every signed-in request joins its user to its
        # person (identity.backends). Most people have no user; once SQLite has ANALYZEd the
        # table, its statistics count those NULLs as one value shared by every row, and
        # SQLite scans all people instead of using the unique index (9 ms a request at
        # 100,000 people, issue 14). An index of the non-NULL ones only is never mistaken.
        indexes = [
            models.Index(
                fields=["user"], condition=models.Q(user__isnull=False), name="person_user_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.partner})"

    def _linked_login(self, provider: str) -> str:
        if self.pk is None:
            return ""
        # Iterating .all() uses prefetch_related("linked_accounts") when a list prefetched it.
        return next((a.login for a in self.linked_accounts.all() if a.provider == provider), "")

    @property
    def github_login(self) -> str:
        """The linked GitHub login, or "" — read-only: links live in `linkedaccounts`."""
        return self._linked_login("github")

    @property
    def community_username(self) -> str:
        """The linked community username, or "" — read-only: links live in `linkedaccounts`."""
        return self._linked_login("community")


class Certification(models.Model):
    """A person's certification of a type from the edition; counts for the partner while valid."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certifications")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="certifications")
    type = models.CharField(max_length=32, help_text="A certification code of the edition.")
    kind = models.CharField(max_length=16, help_text="profile or sales, from the edition.")
    earned_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-earned_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "type", "earned_on"], name="certification_unique"
            ),
        ]
        indexes = [models.Index(fields=["partner", "kind"], name="certification_partner_idx")]

    def __str__(self) -> str:
        return f"{self.type} — {self.person.name}"


class Notice(models.Model):
    """A message for a partner that may carry a deadline (e.g. change the logo within 30 days)."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=32)
    message = models.TextField()
    due_on = models.DateField(null=True, blank=True)
    on = models.DateField(
        null=True,
        blank=True,
        help_text="The day it is about (a review's date): one notice per partner, kind and day.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "kind", "on"],
                condition=models.Q(on__isnull=False),
                name="notice_unique_per_day",
            ),
        ]


class CertificationRevocation(models.Model):
    """A certification withdrawn from a day on, with the reason: history is recorded, not edited.

    Append-only at the database. The review counts a certification on day D only if it
    was valid on D and no revocation has `revoked_on <= D`, so past answers never change.
    """

    certification = models.OneToOneField(
        Certification, on_delete=models.PROTECT, related_name="revocation"
    )
    revoked_on = models.DateField(help_text="The certification stops counting from this day.")
    reason = models.TextField()
    reversed_points = models.BooleanField(
        default=False, help_text="Its 1,000 points were reversed in the ledger (e.g. fraud)."
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-revoked_on", "-id"]

    def __str__(self) -> str:
        return f"Revocation of {self.certification_id} from {self.revoked_on}"

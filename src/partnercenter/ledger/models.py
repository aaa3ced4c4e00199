"""The points ledger: append-only entries and the monthly rollup kept beside them."""

from __future__ import annotations

from django.db import models

from partnercenter.partners.models import Partner, Person


class Source(models.TextChoices):
    """Where an entry came from."""

    MONITORED = "monitored", "Monitored"
    """A signed event from the community site, GitHub or the store."""
    REPORTED = "reported", "Reported"
    """A partner's submission approved by staff."""
    SYSTEM = "system", "System"
    """Posted by Partner Center (certifications, anniversaries)."""
    ADJUSTMENT = "adjustment", "Adjustment"
    """A staff correction with a mandatory reason."""
    IMPORT = "import", "Import"
    """Brought in from the system 7x used before Partner Center (`partnercenter import points`),
    with its original date; capped and reviewed like any other posting."""


class Entry(models.Model):
    """One posting of points (and revenue). Never updated or deleted: the database refuses it.

    Corrections are new entries that point at the entry they reverse.
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="entries")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    activity = models.CharField(max_length=64)
    points = models.IntegerField()
    revenue_cents = models.BigIntegerField(default=0)
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    source = models.CharField(max_length=16, choices=Source.choices)
    reason = models.TextField()
    occasion = models.CharField(
        max_length=100,
        blank=True,
        help_text="What a per-person activity was (an event, a certification); counts once per person.",
    )
    idempotency_key = models.CharField(max_length=200, unique=True)
    edition_id = models.CharField(max_length=64)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )

    class Meta:
        db_table = "ledger_entry"
        verbose_name_plural = "entries"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["partner", "occurred_at"], name="entry_partner_occurred_idx"),
            models.Index(fields=["occurred_at"], name="entry_occurred_idx"),
            models.Index(fields=["partner", "activity"], name="entry_partner_activity_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.activity} {self.points:+,d} points — {self.partner}"


class MonthlyRollup(models.Model):
    """Σ points and revenue of a partner's entries by the month they occurred (UTC).

    Written in the same transaction as each posting, so the review reads one row
    per partner per month instead of every entry. `ledger.services.rollups_rebuild`
    recomputes it from the entries.
    """

    # The covering index below serves look-ups by partner.
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="rollups", db_index=False
    )
    month = models.DateField(help_text="The first day of the month.")
    points = models.BigIntegerField(default=0)
    revenue_cents = models.BigIntegerField(default=0)

    class Meta:
        db_table = "ledger_monthly"
        constraints = [
            models.UniqueConstraint(fields=["partner", "month"], name="rollup_unique_month"),
        ]
        indexes = [
            # The review sums points and revenue per partner over months: answered from the
            # index alone, without visiting the table.
            models.Index(
                fields=["partner", "month", "points", "revenue_cents"], name="rollup_cover_idx"
            ),
        ]

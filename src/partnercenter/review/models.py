"""Tier decisions (the history of levels) and review runs."""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from partnercenter.partners.models import Partner


class StoredJSONField(models.JSONField):  # type: ignore[type-arg]
    """JSON kept as written: a `json` column on PostgreSQL instead of `jsonb` (text on SQLite).

    The review writes 100,000 explanations a month and nothing queries into them
    (only `facts` is filtered on, by the directory), so PostgreSQL need not
    convert each one to `jsonb` on insert; `json` only checks the syntax and keeps
    the text (smaller, too: ~0.7 kB a row against ~1.1 kB as `jsonb`). Reads give
    the same Python values as a `JSONField`; key lookups into it are not supported.
    """

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if connection.vendor == "postgresql":
            if not prepared:
                value = self.get_prep_value(value)
            return None if value is None else json.dumps(value, cls=self.encoder)
        return super().get_db_prep_value(value, connection, prepared)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        # psycopg already parses `json` columns (Django reads only `jsonb` as text).
        if value is None or isinstance(value, str):
            return super().from_db_value(value, expression, connection)
        return value


class Direction(models.TextChoices):
    """How a decision moved the partner's level."""

    UP = "up", "Up"
    """A higher level than before (or a first level)."""
    DOWN = "down", "Down"
    """A lower level than before (or no level any more)."""
    SAME = "same", "Same"
    """No change."""


class ReviewStatus(models.TextChoices):
    """The life of a review run."""

    QUEUED = "queued", "Queued"
    """Waiting for the background worker."""
    RUNNING = "running", "Running"
    """Partners are being evaluated; `processed` grows."""
    DONE = "done", "Done"
    """Finished; counts are final."""
    FAILED = "failed", "Failed"
    """Stopped with an error (see `error`)."""


class ReviewRun(models.Model):
    """One tier review as of a date: progress and result counts."""

    as_of = models.DateField()
    edition_id = models.CharField(max_length=64, blank=True)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.QUEUED
    )
    total = models.IntegerField(default=0)
    processed = models.IntegerField(default=0)
    up = models.IntegerField(default=0)
    down = models.IntegerField(default=0)
    same = models.IntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Review as of {self.as_of} ({self.status})"


class DecisionShape(models.Model):
    """What every partner in one bucket of an edition's thresholds is told, their numbers left
    out: the explanation (every level's requirements, needed / met) and the next level's unmet
    requirements. A review writes a few dozen, each once (`digest`), and never changes one;
    each decision points to its shape and fills in its own `facts` (`explanation.explanation_of`).
    """

    digest = models.CharField(max_length=64, unique=True)
    """sha256 of the three fields below: a shape is stored once, whichever review meets it."""
    template = models.TextField()
    """The explanation as JSON, [[level, qualifies, [[kind, needed, has, met], ...]], ...],
    with `%d` for each `has`."""
    fill = models.JSONField()
    """The requirement kind whose number fills each `%d`, in order."""
    missing = models.JSONField()
    """[[kind, needed], ...]: the next level's unmet requirements."""

    def __str__(self) -> str:
        return f"Decision shape {self.digest[:12]}"


class TierDecision(models.Model):
    """A partner's level as of a date under an edition, with the full explanation.

    Unique per (partner, as_of, edition): running a review twice changes nothing.
    The explanation (every level's requirements with needed / has / met) and the missing
    requirements are the `shape`'s, filled in with `facts` (`explanation.explanation_of`,
    `explanation.missing_of`); decisions written before shapes existed keep them spelled out
    in `explanation` and `missing` (shape empty).
    """

    # No separate index on partner: the unique (partner, as_of, edition) index serves it.
    # No database constraint on `partner` and `run` either: checking them costs a quarter of
    # the monthly review (a lock on the referenced row for each of 100,000 rows, issue 14).
    # The review writes only partners it has just read; partners are never deleted (PROTECT
    # refuses it, tests/review/test_setwise.py); a deleted run's decisions lose their run.
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="decisions", db_index=False,
        db_constraint=False,
    )  # fmt: skip
    as_of = models.DateField()
    edition_id = models.CharField(max_length=64)
    facts = models.JSONField()
    level = models.CharField(max_length=32, blank=True)
    previous_level = models.CharField(max_length=32, blank=True)
    direction = models.CharField(max_length=8, choices=Direction.choices)
    changed = models.BooleanField(default=False)
    next_level = models.CharField(max_length=32, blank=True)
    shape = models.ForeignKey(
        DecisionShape, null=True, blank=True, on_delete=models.PROTECT, db_index=False,
        db_constraint=False, related_name="+",
    )  # fmt: skip
    # No database constraint: each of 100,000 rows a review writes would lock its shape's row
    # for the check (a handful of rows shared by every chunk); shapes are never deleted.
    missing = StoredJSONField(null=True, blank=True)
    explanation = StoredJSONField(null=True, blank=True)
    logo_deadline = models.DateField(null=True, blank=True)
    run = models.ForeignKey(
        ReviewRun, null=True, blank=True, on_delete=models.SET_NULL, db_index=False,
        db_constraint=False,
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "as_of", "edition_id"], name="decision_unique_as_of"
            ),
        ]
        indexes = [models.Index(fields=["as_of", "direction"], name="decision_as_of_idx")]

    def __str__(self) -> str:
        return f"{self.partner} as of {self.as_of}: {self.level or 'no level'} ({self.direction})"


class ReviewLock(models.Model):
    """Held while a (non-dry) review of a date writes: one review per date at a time.

    The unique `as_of` is the lock (it works the same on SQLite and PostgreSQL).
    The review refreshes `beat_at` after every chunk; a lock whose heartbeat is
    older than `STALE_AFTER` belonged to a crashed process and is taken over.
    """

    as_of = models.DateField(unique=True)
    run = models.ForeignKey(ReviewRun, null=True, blank=True, on_delete=models.SET_NULL)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Review of {self.as_of} running since {self.started_at:%Y-%m-%d %H:%M}"

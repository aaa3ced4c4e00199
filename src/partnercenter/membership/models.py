"""What the scheduler ran: one row per job and period, so each job runs at most once per period."""

from __future__ import annotations

from django.db import models


class RunStatus(models.TextChoices):
    """Where a scheduled job's run is."""

    RUNNING = "running", "Running"
    """Started; not finished yet (or the process died: retried when stale)."""
    DONE = "done", "Done"
    """Finished; the period is not run again."""
    FAILED = "failed", "Failed"
    """Raised an error (kept in `error`); retried on the next tick."""


class SchedulerRun(models.Model):
    """One job's run for one period (a day `2026-12-01`, a month `2026-12`, an hour).

    Unique on (job, period): a second scheduler, or a second `--once`, finds the row
    and does nothing. A failed run keeps its error and is retried on the next tick.
    """

    job = models.CharField(max_length=100)
    period = models.CharField(max_length=32)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING)
    attempts = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="scheduler_run_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period} ({self.status})"

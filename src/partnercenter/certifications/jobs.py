"""The scheduler's jobs of certifications (registered in `membership.scheduler.JOBS`)."""

from __future__ import annotations

from datetime import date

from partnercenter.certifications.reminders import expiry_reminders_send, level_warnings_send


def expiry_reminders_job(as_of: date) -> dict[str, int]:
    """Reminders before certifications expire (60 and 14 days in the shipped edition)."""
    return expiry_reminders_send(as_of=as_of)


def level_warnings_job(as_of: date) -> dict[str, int]:
    """Warnings before a review that would lower a partner's level (14 days before)."""
    return level_warnings_send(as_of=as_of)

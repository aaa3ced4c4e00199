"""The scheduler's jobs of the membership lifecycle (and the monthly review, the outbox sweep).

Each is `(as_of: date) -> dict[str, int]`: counts of what it did, for `scheduler --json`.
"""

from __future__ import annotations

from datetime import date

from partnercenter.membership.services import (
    logo_deadline_reminders_send,
    memberships_lapse,
    renewal_reminders_send,
    terminations_due,
)


def review_day(as_of: date) -> date:
    """The day of this month's review (the edition's `review_day_of_month`)."""
    from partnercenter.programs.selectors import edition_at

    edition = edition_at(as_of)
    return as_of.replace(day=min(edition.review_day_of_month, 28))


def monthly_review_job(as_of: date) -> dict[str, int]:
    """The month's tier review as of its review day: anniversaries first, then every active
    and lapsed partner; recorded as a review run the back office shows."""
    from partnercenter.partners.services import anniversaries_post
    from partnercenter.review.models import ReviewRun
    from partnercenter.review.services import review_run

    day = review_day(as_of)
    posted = anniversaries_post(as_of=day)
    run = ReviewRun.objects.create(as_of=day, dry_run=False)
    result = review_run(as_of=day, run=run, collect_changes=False)
    return {
        "anniversaries": posted,
        "reviewed": result.total,
        "up": result.up,
        "down": result.down,
        "same": result.same,
    }


def lapse_job(as_of: date) -> dict[str, int]:
    """Lapse memberships that ran out; restore those that came back."""
    return memberships_lapse(as_of=as_of)


def renewal_reminders_job(as_of: date) -> dict[str, int]:
    """Renewal reminders 60/30/7 days before validity ends."""
    return renewal_reminders_send(as_of=as_of)


def terminations_job(as_of: date) -> dict[str, int]:
    """Terminate partners whose notice ends today (or ended while the scheduler was down)."""
    return terminations_due(as_of=as_of)


def logo_reminders_job(as_of: date) -> dict[str, int]:
    """Logo-deadline reminders."""
    return logo_deadline_reminders_send(as_of=as_of)


def outbox_sweep_job(as_of: date) -> dict[str, int]:
    """Send what the outbox still holds (the worker normally sends right after commit)."""
    from partnercenter.notifications.services import messages_send

    return {"sent": messages_send()}

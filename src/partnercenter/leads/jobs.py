"""The scheduler's job of leads: forward offers whose answer time ran out."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from django.utils import timezone

from partnercenter.leads.services import leads_expire


def leads_expire_job(as_of: date) -> dict[str, int]:
    """Offers unanswered by now (or by the end of `as_of`, for a past day) are forwarded."""
    end_of_day = datetime.combine(as_of, time.max, tzinfo=UTC)
    return {"leads_forwarded": leads_expire(now=min(timezone.now(), end_of_day))}

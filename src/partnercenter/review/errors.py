"""Named refusals of the tier review."""

from __future__ import annotations

from datetime import date, datetime

from partnercenter.errors import Refusal
from partnercenter.review.models import ReviewRun


class ReviewError(Refusal):
    """A review that cannot start; nothing was written."""

    code = "review_error"
    field = "as_of"


class ReviewAlreadyRunning(ReviewError):
    """A (non-dry) review of the same date is queued or running: one per date at a time."""

    code = "review_running"

    def __init__(self, as_of: date, started: datetime, run: ReviewRun | None) -> None:
        ref = f" (run #{run.pk}, /backoffice/review/runs/{run.pk}/)" if run else ""
        super().__init__(
            f"A review for {as_of:%-d %B %Y} is already running "
            f"(started {started:%Y-%m-%d %H:%M} UTC){ref}."
        )
        self.as_of, self.started, self.run = as_of, started, run


class ReviewAlreadyDone(ReviewError):
    """The date was reviewed already; a second run would write nothing."""

    code = "review_done"

    def __init__(self, as_of: date, run: ReviewRun) -> None:
        super().__init__(
            f"A review for {as_of:%-d %B %Y} is already done: see run #{run.pk} "
            f"(/backoffice/review/runs/{run.pk}/, /api/v1/reviews/{run.pk})."
        )
        self.as_of, self.run = as_of, run

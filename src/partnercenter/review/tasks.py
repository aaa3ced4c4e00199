"""The tier review as a background job (django-tasks; run `partnercenter db_worker`)."""

from __future__ import annotations

from django_tasks import task

from partnercenter.partners.services import anniversaries_post
from partnercenter.review.errors import ReviewAlreadyRunning
from partnercenter.review.models import ReviewRun, ReviewStatus
from partnercenter.review.services import review_run


@task()
def review_job(run_id: int) -> dict[str, int]:
    """Run a queued ReviewRun; its row shows progress and the final counts."""
    run = ReviewRun.objects.get(pk=run_id)
    if run.status == ReviewStatus.DONE:
        return {"up": run.up, "down": run.down, "same": run.same}
    try:
        if not run.dry_run:
            anniversaries_post(as_of=run.as_of)
        result = review_run(as_of=run.as_of, dry_run=run.dry_run, run=run, collect_changes=False)
    except ReviewAlreadyRunning:
        return {}  # another review of the date holds the lock; this run says so (failed)
    except Exception as exc:
        ReviewRun.objects.filter(pk=run_id).update(status=ReviewStatus.FAILED, error=str(exc))
        raise
    return {"up": result.up, "down": result.down, "same": result.same}

"""The scheduler: a registry of jobs, each run at most once per period, failures retried.

A job is a dotted path to `(as_of: date) -> dict[str, int]` and a cadence (monthly on
the review day, daily, hourly). `run_due` runs what is due for a day; a `SchedulerRun`
row per (job, period) makes a second run, or a second scheduler, do nothing. Jobs are
imported when they run, so one broken job is reported as failed and the others still run.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from partnercenter.membership.models import RunStatus, SchedulerRun

log = logging.getLogger("partnercenter.scheduler")

STALE_AFTER = timedelta(hours=2)
"""A run still "running" after this long is taken to have died with its process: retried."""


@dataclass(frozen=True)
class Job:
    """One scheduled job: its name, the function's dotted path and how often it runs."""

    name: str
    path: str
    cadence: str
    """"monthly" (on the review day), "daily" or "hourly"."""


JOBS: tuple[Job, ...] = (
    Job("review", "partnercenter.membership.jobs.monthly_review_job", "monthly"),
    Job("billing_run", "partnercenter.billing.jobs.billing_run_job", "daily"),
    Job("invoice_reminders", "partnercenter.billing.jobs.invoice_reminders_job", "daily"),
    Job("unpaid_plans_lapse", "partnercenter.billing.jobs.unpaid_plans_lapse_job", "daily"),
    Job("terminations", "partnercenter.membership.jobs.terminations_job", "daily"),
    Job("memberships_lapse", "partnercenter.membership.jobs.lapse_job", "daily"),
    Job("renewal_reminders", "partnercenter.membership.jobs.renewal_reminders_job", "daily"),
    Job("logo_reminders", "partnercenter.membership.jobs.logo_reminders_job", "daily"),
    Job("leads_expire", "partnercenter.leads.jobs.leads_expire_job", "hourly"),
    Job("outbox_sweep", "partnercenter.membership.jobs.outbox_sweep_job", "hourly"),
    Job("referrals_expire", "partnercenter.commissions.jobs.referrals_expire_job", "daily"),
    Job("commission_statements", "partnercenter.commissions.jobs.statements_job", "monthly"),
    Job("sla_breaches", "partnercenter.entitlements.jobs.sla_breaches_job", "hourly"),
    Job("quarter_revenue", "partnercenter.entitlements.jobs.quarter_revenue_job", "daily"),
    Job(
        "certification_expiry_reminders",
        "partnercenter.certifications.jobs.expiry_reminders_job",
        "daily",
    ),
    Job("level_warnings", "partnercenter.certifications.jobs.level_warnings_job", "daily"),
    Job(
        "full_event_attendance", "partnercenter.events.full_attendance.full_attendance_job", "daily"
    ),
)
"""In order: the review and billing first, so lapses and reminders see their results;
terminations before lapses (a partner ending today is not lapsed first)."""


def period_of(job: Job, as_of: date, now: datetime) -> str | None:
    """The period key of a job on `as_of` (None: not due yet this period)."""
    if job.cadence == "monthly":
        from partnercenter.membership.jobs import review_day

        return as_of.strftime("%Y-%m") if as_of >= review_day(as_of) else None
    if job.cadence == "hourly":
        return f"{as_of.isoformat()}T{now.hour:02d}"
    return as_of.isoformat()


def resolve(path: str) -> Callable[[date], dict[str, int]]:
    """The job function at a dotted path (an ImportError or AttributeError if it is gone)."""
    module_name, _, attr = path.rpartition(".")
    function = getattr(importlib.import_module(module_name), attr)
    if not callable(function):
        raise TypeError(f"{path} is not a function")
    return function  # type: ignore[no-any-return]


def _claim(job: Job, period: str, now: datetime) -> SchedulerRun | None:
    """Take the (job, period) run: a new row, or a failed/stale one to retry; None if done
    or running elsewhere."""
    try:
        with transaction.atomic():
            return SchedulerRun.objects.create(job=job.name, period=period, started_at=now)
    except IntegrityError:
        pass
    with transaction.atomic():
        run = SchedulerRun.objects.select_for_update().get(job=job.name, period=period)
        retry = run.status == RunStatus.FAILED or (
            run.status == RunStatus.RUNNING and run.started_at < now - STALE_AFTER
        )
        if not retry:
            return None
        run.status = RunStatus.RUNNING
        run.attempts += 1
        run.started_at = now
        run.finished_at = None
        run.error = ""
        run.save(update_fields=["status", "attempts", "started_at", "finished_at", "error"])
        return run


def run_job(job: Job, as_of: date, now: datetime | None = None) -> dict[str, Any]:
    """Run one job for its period on `as_of` if due and not done; say what happened."""
    now = now or timezone.now()
    try:
        period = period_of(job, as_of, now)
        if period is None:
            return {"status": "not_due"}
        function = resolve(job.path)
        run = _claim(job, period, now)
    except Exception as exc:  # no edition yet, a broken import, a locked database: next tick
        log.exception("scheduler could not start job %s", job.name)
        return {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}
    if run is None:
        return {"status": "already_done", "period": period}
    try:
        result = function(as_of)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        log.exception("scheduler job %s (%s) failed", job.name, period)
        SchedulerRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            error=(error + "\n\n" + traceback.format_exc())[:10000],
        )
        return {"status": "failed", "period": period, "error": error}
    result = {str(k): int(v) for k, v in (result or {}).items()}
    SchedulerRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, finished_at=timezone.now(), result=result
    )
    return {"status": "done", "period": period, "result": result}


def run_due(*, as_of: date, now: datetime | None = None) -> dict[str, dict[str, Any]]:
    """Run every due job for `as_of`, in registry order; one failing never stops the others."""
    return {job.name: run_job(job, as_of, now) for job in JOBS}

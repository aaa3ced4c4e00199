"""`partnercenter scheduler --once --as-of D [--json]`: what is due runs once per period."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from partnercenter.membership import scheduler
from partnercenter.membership.models import RunStatus, SchedulerRun
from partnercenter.membership.services import notice_give
from partnercenter.partners.models import Partner
from partnercenter.review.models import ReviewRun

pytestmark = pytest.mark.django_db


def run_once(day: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("scheduler", "--once", "--as-of", day, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_once_runs_every_due_job_and_a_second_run_does_nothing(member: Partner) -> None:
    notice_give(partner=member, by="partner", on=date(2026, 11, 1))
    first = run_once("2026-12-01")
    jobs = first["jobs"]
    assert first["as_of"] == "2026-12-01"
    assert jobs["review"] == {
        "status": "done",
        "period": "2026-12",
        "result": {"anniversaries": 0, "reviewed": 1, "up": 0, "down": 0, "same": 1},
    }
    assert jobs["terminations"]["result"] == {"terminated": 1}
    assert jobs["memberships_lapse"]["status"] == "done"
    assert jobs["outbox_sweep"]["status"] == "done"
    for name in ("billing_run", "invoice_reminders", "unpaid_plans_lapse"):
        assert jobs[name]["status"] == "done"
    member.refresh_from_db()
    assert member.status == "terminated"
    assert ReviewRun.objects.filter(as_of=date(2026, 12, 1), status="done").count() == 1

    second = run_once("2026-12-01")["jobs"]
    assert {v["status"] for v in second.values()} == {"already_done"}
    assert ReviewRun.objects.count() == 1


def test_the_monthly_review_waits_for_its_day_and_runs_once_a_month(member: Partner) -> None:
    # The shipped edition reviews on the 1st: any later day of the month catches up once.
    assert run_once("2026-12-05")["jobs"]["review"]["status"] == "done"
    assert run_once("2026-12-20")["jobs"]["review"]["status"] == "already_done"
    assert run_once("2026-12-20")["jobs"]["memberships_lapse"]["period"] == "2026-12-20"
    assert run_once("2027-01-01")["jobs"]["review"]["period"] == "2027-01"


def test_a_failing_job_is_recorded_retried_and_does_not_stop_the_others(
    member: Partner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(as_of: date) -> dict[str, int]:
        raise RuntimeError("disk full")

    monkeypatch.setattr("partnercenter.membership.jobs.renewal_reminders_send", boom)
    jobs = run_once("2026-12-01")["jobs"]
    assert jobs["renewal_reminders"] == {
        "status": "failed",
        "period": "2026-12-01",
        "error": "RuntimeError: disk full",
    }
    assert jobs["terminations"]["status"] == "done"
    failed = SchedulerRun.objects.get(job="renewal_reminders")
    assert failed.status == RunStatus.FAILED and "disk full" in failed.error
    monkeypatch.undo()
    again = run_once("2026-12-01")["jobs"]
    assert again["renewal_reminders"]["status"] == "done"
    assert again["terminations"]["status"] == "already_done"
    failed.refresh_from_db()
    assert failed.status == RunStatus.DONE and failed.attempts == 2


def test_a_job_whose_module_is_missing_fails_and_records_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    job = scheduler.Job("ghost", "partnercenter.nothing_here.jobs.ghost_job", "daily")
    monkeypatch.setattr(scheduler, "JOBS", (job,))
    out = io.StringIO()
    call_command("scheduler", "--once", "--as-of", "2026-12-01", stdout=out)
    assert "ghost" in out.getvalue() and "failed" in out.getvalue()
    assert not SchedulerRun.objects.exists()


def test_a_bad_date_is_a_message() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--as-of"):
        call_command("scheduler", "--once", "--as-of", "tomorrow")


def test_as_of_needs_once() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="only with --once"):
        call_command("scheduler", "--as-of", "2026-12-01")


def test_without_an_edition_every_job_fails_and_nothing_is_recorded(db: object) -> None:
    jobs = run_once("2026-12-01")["jobs"]
    assert jobs["review"]["status"] == "failed" and "edition" in jobs["review"]["error"].lower()
    assert not SchedulerRun.objects.filter(job="review").exists()

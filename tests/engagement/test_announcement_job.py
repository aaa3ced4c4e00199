"""Announcements are delivered by a background job (issue 10): the request sends nothing,
the job is queued after commit, and running it twice sends nobody twice."""

from __future__ import annotations

from typing import Any

from django_tasks_db.models import DBTaskResult

from partnercenter.audit.models import AuditEvent
from partnercenter.engagement.announcements import (
    announcement_check,
    announcement_deliver,
    announcement_send,
)
from partnercenter.engagement.models import Announcement, AnnouncementDelivery
from partnercenter.engagement.tasks import announcement_deliver_job
from partnercenter.notifications.models import Message


def _draft() -> Any:
    return announcement_check(kind="briefing", subject="Q3", body="Hello.")


def test_sending_queues_the_job_and_delivers_nothing_in_the_request(
    pair: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # when staff send to everyone active
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        a = announcement_send(draft=_draft(), staff=pair.staff)
    # then the row says sending to 2 partners; no delivery and no email yet; the job waits
    assert a.status == "sending" and a.partners_count == 2 and a.emails_count == 0
    assert not AnnouncementDelivery.objects.exists()
    assert not Message.objects.filter(kind="announcement").exists()
    assert len(callbacks) == 1
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("announcement_deliver_job") and queued.args_kwargs["args"] == [
        a.pk
    ]


def test_the_job_run_twice_sends_once(pair: Any) -> None:
    a = announcement_send(draft=_draft(), staff=pair.staff)

    first = announcement_deliver_job.call(a.pk)
    second = announcement_deliver_job.call(a.pk)

    assert first == second == {"partners": 2, "emails": 4}
    assert Message.objects.filter(kind="announcement").count() == 4
    assert AnnouncementDelivery.objects.count() == 2
    done = Announcement.objects.get()
    assert done.status == "sent" and done.delivered_at is not None
    assert AuditEvent.objects.filter(action="announcement.delivered").count() == 1


def test_a_job_that_died_before_finishing_sends_nobody_twice_on_retry(pair: Any) -> None:
    # given a job that queued every chunk (one person each) and died before marking it sent
    a = announcement_send(draft=_draft(), staff=pair.staff)
    first = Message.objects.none()
    try:
        from unittest import mock

        with mock.patch(
            "partnercenter.engagement.announcements.Announcement.objects.select_for_update",
            side_effect=RuntimeError("worker killed"),
        ):
            announcement_deliver(announcement_id=a.pk, chunk=1)
    except RuntimeError:
        first = Message.objects.filter(kind="announcement")
    assert first.count() == 4 and Announcement.objects.get().status == "sending"
    keys = set(first.values_list("key", flat=True))
    # when the worker retries, then nobody gets a second email
    announcement_deliver(announcement_id=a.pk, chunk=1)
    assert set(Message.objects.filter(kind="announcement").values_list("key", flat=True)) == keys
    assert Message.objects.filter(kind="announcement").count() == 4
    assert Announcement.objects.get().status == "sent"


def test_a_double_submit_queues_one_announcement(
    pair: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        a = announcement_send(draft=_draft(), staff=pair.staff, key="form-1")
    with django_capture_on_commit_callbacks(execute=True):
        b = announcement_send(draft=_draft(), staff=pair.staff, key="form-1")
    assert a.pk == b.pk and Announcement.objects.count() == 1
    assert DBTaskResult.objects.count() == 1

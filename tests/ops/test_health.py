"""`/healthz` and `/readyz`: liveness, and readiness by database, migrations, worker, queue."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from partnercenter.ops import health
from partnercenter.ops.tasks import heartbeat

pytestmark = pytest.mark.django_db


def _job(status: str, *, enqueued_ago: float = 0, finished_ago: float | None = None) -> Any:
    now = timezone.now()
    row = heartbeat.enqueue()
    DBTaskResult.objects.filter(pk=row.id).update(
        status=status,
        enqueued_at=now - timedelta(seconds=enqueued_ago),
        finished_at=None if finished_ago is None else now - timedelta(seconds=finished_ago),
    )
    return row


def test_healthz_stays_plain_ok():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_ready_when_the_database_answers_and_a_worker_finished_a_job_recently():
    # given a heartbeat a worker finished 5 seconds ago
    _job(TaskResultStatus.SUCCESSFUL, enqueued_ago=6, finished_ago=5)
    # when the probe asks
    response = Client().get("/readyz")
    # then every part is ok
    body = response.json()
    assert response.status_code == 200, body
    assert body["ready"] is True and body["failed"] == []
    assert {"database", "migrations", "worker", "queue"} <= body.keys()
    assert body["worker"]["last_job_finished_seconds_ago"] == pytest.approx(5, abs=2)


def test_not_ready_without_a_worker_seen_in_the_last_minute():
    _job(TaskResultStatus.SUCCESSFUL, enqueued_ago=300, finished_ago=120)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["worker"]


def test_not_ready_when_no_worker_ever_ran():
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["worker"]["last_job_finished_seconds_ago"] is None


def test_not_ready_when_the_oldest_queued_job_waits_too_long(settings):
    settings.PARTNERCENTER_READY_QUEUE_AGE = 60
    _job(TaskResultStatus.SUCCESSFUL, finished_ago=1)
    _job(TaskResultStatus.READY, enqueued_ago=61)
    body = Client().get("/readyz").json()
    assert body["failed"] == ["queue"]
    assert body["queue"]["waiting"] == 1
    assert body["queue"]["oldest_age_seconds"] == pytest.approx(61, abs=2)


def test_not_ready_when_the_database_is_down():
    # given a database that refuses connections
    with mock.patch.object(health, "connections") as conns:
        conns.__getitem__.return_value.cursor.side_effect = OperationalError("connection refused")
        response = Client().get("/readyz")
    # then 503 naming the database; the rest is not checked
    body = response.json()
    assert response.status_code == 503
    assert body["failed"] == ["database", "migrations", "worker", "queue"]
    assert "connection refused" in body["database"]["error"]


def test_not_ready_with_unapplied_migrations():
    _job(TaskResultStatus.SUCCESSFUL, finished_ago=1)
    with mock.patch.object(
        health, "_migrations", return_value={"ok": False, "unapplied": 1, "first": "x.0002"}
    ):
        body = Client().get("/readyz").json()
    assert body["failed"] == ["migrations"]


# A real transaction: `db_worker` closes its database connection when it stops, which a
# test wrapped in one transaction (PostgreSQL) cannot survive.
@pytest.mark.django_db(transaction=True)
def test_the_scheduler_queues_one_heartbeat_at_a_time_and_a_worker_runs_it():
    from django.core.management import call_command

    # given no worker: heartbeats do not pile up
    assert health.heartbeat_enqueue() is True
    assert health.heartbeat_enqueue() is False
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    # when a worker drains the queue
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    # then the worker has been seen
    ready, parts = health.readiness()
    assert parts["worker"]["ok"] is True
    assert ready is True, parts

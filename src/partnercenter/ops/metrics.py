"""Prometheus metrics: our counters, and `/metrics` for a scraper.

Requests, responses and latencies come from django-prometheus's middleware. Ours:

- `partnercenter_webhook_deliveries_total{source,duplicate}`: deliveries accepted;
- `partnercenter_jobs_total{task,status}`: background jobs finished (SUCCESSFUL/FAILED),
  counted in the worker from django-tasks' `task_finished`;
- `partnercenter_review_duration_seconds`: how long a background tier review took;
- `partnercenter_queue_oldest_age_seconds` and `partnercenter_queue_jobs{status}`: read
  from the job table at scrape time, so they are right whichever process asks.

Under gunicorn every worker process has its own counters; with PROMETHEUS_MULTIPROC_DIR
set (gunicorn.conf.py sets it) prometheus_client writes them to files there and
`/metrics` adds them up (`child_exit` in gunicorn.conf.py marks dead workers). db_worker
processes on the same host with the same PROMETHEUS_MULTIPROC_DIR are added up too.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

# A db_worker may start before gunicorn has made the shared folder: make it, or
# prometheus_client fails on the first value it writes there.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

WEBHOOK_DELIVERIES = Counter(
    "partnercenter_webhook_deliveries",
    "Webhook deliveries accepted (signed and stored), by source and whether a duplicate.",
    ["source", "duplicate"],
)
JOBS = Counter(
    "partnercenter_jobs",
    "Background jobs finished by a db_worker, by task and final status.",
    ["task", "status"],
)
REVIEW_DURATION = Histogram(
    "partnercenter_review_duration_seconds",
    "Wall time of a background tier review (from start to finish in the worker).",
    buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600),
)


def deliveries_received(*, source: str, duplicate: bool) -> None:
    """Count one accepted webhook delivery."""
    WEBHOOK_DELIVERIES.labels(source=source, duplicate=str(duplicate).lower()).inc()


def job_finished(*, task_path: str, status: str, seconds: float | None) -> None:
    """Count a finished background job; a tier review also records its duration."""
    JOBS.labels(task=task_path.rsplit(".", 1)[-1], status=status.lower()).inc()
    if task_path.endswith("review_job") and seconds is not None:
        REVIEW_DURATION.observe(seconds)


def _on_task_finished(sender: Any, task_result: Any, **_: Any) -> None:
    started, finished = task_result.started_at, task_result.finished_at
    seconds = (finished - started).total_seconds() if started and finished else None
    job_finished(
        task_path=task_result.task.module_path, status=str(task_result.status), seconds=seconds
    )


def connect_task_metrics() -> None:
    """Listen to django-tasks' `task_finished` (the library's hook; metrics only)."""
    from django_tasks.signals import task_finished

    task_finished.connect(_on_task_finished, dispatch_uid="partnercenter.ops.metrics")


class QueueCollector(Collector):
    """Queue depth and the oldest waiting job's age, read from the database per scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django.db import DatabaseError

        from partnercenter.ops.health import queue_state

        up = GaugeMetricFamily(
            "partnercenter_database_up", "1 when the job table could be read for this scrape."
        )
        try:
            state = queue_state()
        except DatabaseError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        age = GaugeMetricFamily(
            "partnercenter_queue_oldest_age_seconds",
            "Age of the oldest job waiting for a worker (0 when none waits).",
        )
        age.add_metric([], state.oldest_age_seconds)
        yield age
        jobs = GaugeMetricFamily(
            "partnercenter_queue_jobs", "Jobs in the job table by status.", labels=["status"]
        )
        for status, count in sorted(state.by_status.items()):
            jobs.add_metric([status.lower()], count)
        yield jobs


def exposition() -> bytes:
    """The text a scraper reads: every process's counters plus the queue gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        base = generate_latest(registry)
    else:
        base = generate_latest(REGISTRY)
    queue = CollectorRegistry()
    queue.register(QueueCollector())
    return base + generate_latest(queue)


def _allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "PARTNERCENTER_METRICS_TOKEN", "")
    if token:
        header = request.headers.get("Authorization", "")
        if header == f"Bearer {token}":
            return True
    user = getattr(request, "user", AnonymousUser())
    if user.is_authenticated and user.is_staff:
        return True
    if token:
        return False
    try:
        return ipaddress.ip_address(str(request.META.get("REMOTE_ADDR", ""))).is_loopback
    except ValueError:
        return False


def metrics_view(request: HttpRequest) -> HttpResponse:
    """`/metrics`: for a Bearer token (PARTNERCENTER_METRICS_TOKEN), staff, or loopback."""
    if not _allowed(request):
        return JsonResponse(
            {
                "code": "forbidden",
                "message": "Metrics need the metrics token, a staff session or a local address.",
                "field": "",
            },
            status=403,
        )
    response = HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response

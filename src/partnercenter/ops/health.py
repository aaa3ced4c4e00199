"""Liveness and readiness: `/healthz` (the process answers) and `/readyz` (it can work).

`/readyz` answers JSON with four parts and 503 when any part fails:

- database: a `SELECT 1` succeeds;
- migrations: none unapplied (a deploy that forgot `migrate` is not ready);
- worker: a `db_worker` finished a job within PARTNERCENTER_READY_WORKER_SECONDS. The
  scheduler enqueues a tiny `heartbeat` job every 20 seconds (when none waits), so a
  live worker finishes one at least that often, even with no other work;
- queue: the oldest job waiting for a worker is younger than PARTNERCENTER_READY_QUEUE_AGE.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

HEARTBEAT_EVERY_SECONDS = 20


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


@dataclass(frozen=True)
class QueueState:
    """What the job table says: jobs by status and the oldest waiting job's age."""

    by_status: dict[str, int] = field(default_factory=dict)
    oldest_age_seconds: float = 0.0
    last_finished_age_seconds: float | None = None


def queue_state() -> QueueState:
    """Read the django-tasks-db job table (one aggregate per question)."""
    from django.db.models import Count, Max, Min
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    by_status = {
        row["status"]: row["n"]
        for row in DBTaskResult.objects.values("status").annotate(n=Count("id")).order_by()
    }
    oldest = DBTaskResult.objects.ready().aggregate(t=Min("enqueued_at"))["t"]
    last = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
    ).aggregate(t=Max("finished_at"))["t"]
    return QueueState(
        by_status=by_status,
        oldest_age_seconds=max((now - oldest).total_seconds(), 0.0) if oldest else 0.0,
        last_finished_age_seconds=(now - last).total_seconds() if last else None,
    )


def _database() -> dict[str, Any]:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}".strip()[:300]}
    return {"ok": True}


def _migrations() -> dict[str, Any]:
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{m.app_label}.{m.name}" for m, _backwards in plan]
    if pending:
        return {"ok": False, "unapplied": len(pending), "first": pending[0]}
    return {"ok": True}


def readiness() -> tuple[bool, dict[str, Any]]:
    """Each part's verdict; a part after a failed database is reported as not checked."""
    parts: dict[str, Any] = {"database": _database()}
    if not parts["database"]["ok"]:
        skipped = {"ok": False, "error": "database unreachable"}
        parts.update(migrations=skipped, worker=skipped, queue=skipped)
        return False, parts
    try:
        parts["migrations"] = _migrations()
        state = queue_state()
    except DatabaseError as exc:
        failed = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
        parts.setdefault("migrations", failed)
        parts.update(worker=failed, queue=failed)
        return False, parts
    seen = state.last_finished_age_seconds
    window = settings.PARTNERCENTER_READY_WORKER_SECONDS
    parts["worker"] = {
        "ok": seen is not None and seen <= window,
        "last_job_finished_seconds_ago": None if seen is None else round(seen, 1),
        "limit_seconds": window,
    }
    limit = settings.PARTNERCENTER_READY_QUEUE_AGE
    parts["queue"] = {
        "ok": state.oldest_age_seconds <= limit,
        "oldest_age_seconds": round(state.oldest_age_seconds, 1),
        "waiting": state.by_status.get("READY", 0),
        "limit_seconds": limit,
    }
    return all(part["ok"] for part in parts.values()), parts


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness probe: 200 with every part ok, else 503 naming the failed parts."""
    ready, parts = readiness()
    body = {
        "ready": ready,
        "failed": [name for name, part in parts.items() if not part["ok"]],
        **parts,
    }
    return JsonResponse(body, status=200 if ready else 503)


def heartbeat_enqueue() -> bool:
    """Queue one heartbeat job unless one already waits (so a stopped worker is not buried)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from partnercenter.ops.tasks import heartbeat

    waiting = DBTaskResult.objects.filter(
        task_path=heartbeat.module_path, status=TaskResultStatus.READY
    ).exists()
    if waiting:
        return False
    heartbeat.enqueue()
    return True


def heartbeats_prune(*, keep: timedelta = timedelta(hours=1)) -> int:
    """Delete finished heartbeat rows older than `keep` (they only prove a worker lived)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from partnercenter.ops.tasks import heartbeat

    deleted, _ = DBTaskResult.objects.filter(
        task_path=heartbeat.module_path,
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=timezone.now() - keep,
    ).delete()
    return deleted

"""The heartbeat job: proof that a `db_worker` is running (read by `/readyz`)."""

from __future__ import annotations

from django_tasks import task


@task()
def heartbeat() -> str:
    """Does nothing but finish; its `finished_at` is the worker's last sign of life.

    Also drops heartbeat rows older than an hour, so they do not pile up.
    """
    from partnercenter.ops.health import heartbeats_prune

    heartbeats_prune()
    return "ok"

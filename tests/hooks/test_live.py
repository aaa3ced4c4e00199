"""Live: a real server and real worker processes over a database they share.

K recorded deliveries, each fired 50 times concurrently → exactly K effects;
the worker killed mid-batch and restarted → exactly K effects. On SQLite in
`make test`; the PostgreSQL variants run when DATABASE_URL names PostgreSQL (CI).
"""

from __future__ import annotations

import signal
import time

import pytest
from django.db import connection

from partnercenter.hooks.bench_server import fire, local_server
from tests.hooks.conftest import community_delivery, github_delivery, store_delivery

COPIES = 50

pytestmark = pytest.mark.django_db(transaction=True)


def _recorded(k: int) -> list[tuple[str, bytes, dict[str, str]]]:
    """K distinct deliveries of the three sources; each refund follows its order in the list."""
    out = []
    for i in range(k):
        kind = i % 4
        if kind == 0:
            source, (body, headers) = "community", community_delivery(delivery_id=f"c{i}")
        elif kind == 1:
            source, (body, headers) = "github", github_delivery(number=i, delivery_id=f"g{i}")
        elif kind == 2:
            source, (body, headers) = "store", store_delivery(order_id=f"o{i}", delivery_id=f"p{i}")
        else:
            source, (body, headers) = (
                "store",
                store_delivery(
                    "order.refunded",
                    order_id=f"o{i - 1}",
                    delivery_id=f"r{i}",
                    amount_refunded_cents=345,
                ),
            )
        wire = {name[5:].replace("_", "-").title(): v for name, v in headers.items()}
        wire["Content-Type"] = "application/json"
        out.append((f"/hooks/{source}", body, wire))
    return out


def _expected_points(k: int) -> int:
    per_kind = {0: 10, 1: 50}
    points = 0
    for i in range(k):
        if i % 4 in per_kind:
            points += per_kind[i % 4]
        elif i % 4 == 2:
            points += 120 if i + 1 < k else 123  # $123.45, less $3.45 when its refund is sent
    return points


def _fire_and_drain(live_db, k: int, drains: int) -> None:
    live_db.helper("setup", "0")
    jobs = [job for job in _recorded(k) for _ in range(COPIES)]
    with local_server(env={"DATABASE_URL": live_db.url}, workers=2) as url:
        results = fire(url, jobs, threads=50)
    statuses = [status for status, _ in results]
    assert set(statuses) <= {200, 202}, sorted(set(statuses))
    assert statuses.count(202) == k
    workers = [live_db.popen("hooks_process") for _ in range(drains)]
    for worker in workers:
        assert worker.wait(timeout=300) == 0
    assert live_db.scalar("SELECT COUNT(*) FROM hooks_delivery") == k
    assert live_db.scalar("SELECT COUNT(*) FROM hooks_delivery WHERE status <> 'processed'") == 0
    assert live_db.scalar("SELECT SUM(points) FROM ledger_entry") == _expected_points(k)
    effects = "SELECT COUNT(*) FROM ledger_entry WHERE activity IN ('forum_post', 'bug_report')"
    assert live_db.scalar(effects) == k // 2


def _kill_and_restart(live_db, k: int) -> None:
    live_db.helper("setup", str(k))
    processed = "SELECT COUNT(*) FROM hooks_delivery WHERE status = 'processed'"
    worker = live_db.popen("hooks_process", "--batch", "5")
    deadline = time.monotonic() + 120
    while live_db.scalar(processed) < k // 4 and time.monotonic() < deadline:
        time.sleep(0.02)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    at_kill = live_db.scalar(processed)
    assert 0 < at_kill < k, f"the worker should die mid-batch ({at_kill} of {k} done)"
    assert live_db.command("hooks_process").returncode == 0
    assert live_db.scalar(processed) == k
    assert live_db.scalar("SELECT COUNT(*) FROM ledger_entry") == k
    assert live_db.scalar("SELECT COUNT(DISTINCT idempotency_key) FROM ledger_entry") == k


def test_each_delivery_fired_50_times_concurrently_has_one_effect(live_db):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL variant covers this database")
    _fire_and_drain(live_db, k=8, drains=2)


def test_worker_killed_mid_batch_and_restarted_has_one_effect_each(live_db):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL variant covers this database")
    _kill_and_restart(live_db, k=300)


@pytest.mark.postgres
def test_postgres_each_delivery_fired_50_times_concurrently(live_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    _fire_and_drain(live_db, k=16, drains=3)


@pytest.mark.postgres
def test_postgres_worker_killed_mid_batch_and_restarted(live_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    _kill_and_restart(live_db, k=300)


@pytest.mark.slow
def test_many_deliveries_fired_50_times_concurrently(live_db):
    _fire_and_drain(live_db, k=100, drains=3)

"""Ingest: the acknowledgement is one durable write; batch processors post each delivery once."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.services import deliveries_drain, deliveries_process_batch
from partnercenter.ledger.models import Entry
from tests.hooks.conftest import community_delivery


@pytest.mark.django_db
def test_the_acknowledgement_writes_one_row_and_queues_nothing(post, alice):
    # Given a signed delivery, when the sender posts it
    with CaptureQueriesContext(connection) as queries:
        response = post("community", community_delivery(delivery_id="one-write"))
    # then it is acknowledged after one statement: the inbox insert (no session, no job row)
    assert response.status_code == 202
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) == 1, statements
    assert statements[0].startswith("INSERT INTO hooks_delivery ")
    assert Delivery.objects.get().status == DeliveryStatus.RECEIVED
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db
def test_a_batch_processor_posts_each_delivery_exactly_once(post, alice):
    # Given seven received deliveries
    for i in range(7):
        assert post("community", community_delivery(delivery_id=f"b{i}")).status_code == 202
    # when a batch of three is processed, then the three oldest are posted, the rest wait
    assert deliveries_process_batch(size=3) == (3, 3)
    done = Delivery.objects.filter(status=DeliveryStatus.PROCESSED)
    assert sorted(done.values_list("delivery_id", flat=True)) == ["b0", "b1", "b2"]
    assert Entry.objects.count() == 3
    # and draining the rest (twice) posts each of the others once, nothing again
    assert deliveries_drain(batch=3) == 4
    assert deliveries_drain(batch=3) == 0
    assert deliveries_process_batch(size=3) == (0, 0)
    keys = sorted(Entry.objects.values_list("idempotency_key", flat=True))
    assert keys == [f"community:b{i}" for i in range(7)]
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processors_at_once_on_postgres_double_nothing(post, alice, acme):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite runs one writer at a time")
    # Given 240 received deliveries of one partner (every posting takes its lock)
    for i in range(240):
        assert post("community", community_delivery(delivery_id=f"t{i}")).status_code == 202
    start = threading.Barrier(2)
    counts: list[int] = []

    def processor() -> None:
        try:
            start.wait()
            counts.append(deliveries_drain(batch=20))
        finally:
            connections.close_all()

    # when two processors drain the inbox at the same moment
    threads = [threading.Thread(target=processor) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    # then every delivery is processed once and posted once, none twice
    assert sum(counts) == 240, counts
    assert Delivery.objects.exclude(status=DeliveryStatus.PROCESSED).count() == 0
    assert Entry.objects.filter(partner=acme).count() == 240
    assert Entry.objects.values("idempotency_key").distinct().count() == 240


@pytest.mark.slow  # ~25 s on a loaded 2-core machine (a real gunicorn): `make test-slow`
@pytest.mark.django_db(transaction=True)
def test_bench_ingest_prints_the_fixed_keys_with_nothing_lost_or_doubled(live_db):
    # Given a migrated database, when a tiny `bench ingest` runs against a real gunicorn
    done = live_db.command(
        "bench",
        "ingest",
        "--deliveries",
        "50",
        "--connections",
        "4",
        "--workers",
        "1",
        "--server-threads",
        "2",
        check=False,
    )
    # then it prints one JSON object last, with the fixed keys, every delivery in the ledger
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout[done.stdout.rindex("\n{") :])
    for key in ("database", "acked_per_s", "hello_per_s", "ratio_to_hello", "p99_ms"):
        assert key in figures
    assert (figures["lost"], figures["doubled"]) == (0, 0)
    assert figures["acked"] == 50 + figures["warmup_deliveries"]
    assert figures["hello_per_s"] > 0

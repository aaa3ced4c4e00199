"""K recorded deliveries, each fired 50 times concurrently at a live server: exactly K effects.

Runs on SQLite in `make test`; the PostgreSQL variant (with concurrent drains)
runs when DATABASE_URL names PostgreSQL, as CI does.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
import requests
from django.db import connection

from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.services import deliveries_drain
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Person
from partnercenter.partners.services import partner_create
from partnercenter.programs.services import edition_load
from tests.conftest import SHIPPED_EDITION
from tests.hooks.conftest import community_delivery, github_delivery, store_delivery

COPIES = 50


def _recorded(k: int) -> list[tuple[str, bytes, dict[str, str]]]:
    """K distinct deliveries across the three sources, with refunds that may beat their order."""
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
        wire = {k[5:].replace("_", "-").title(): v for k, v in headers.items()}
        out.append((source, body, wire))
    return out


def _expected_points(k: int) -> int:
    points = 0
    for i in range(k):
        kind = i % 4
        if kind == 0:
            points += 10
        elif kind == 1:
            points += 50
        elif kind == 2:
            # 123.45 USD paid; refunded 3.45 when its refund is in the batch too.
            points += 120 if i + 1 < k else 123
    return points


def _fire(base_url: str, k: int) -> list[int]:
    recorded = _recorded(k)
    jobs = [r for r in recorded for _ in range(COPIES)]
    session_per_thread: dict[int, requests.Session] = {}

    def send(job: tuple[str, bytes, dict[str, str]]) -> int:
        import threading

        session = session_per_thread.setdefault(threading.get_ident(), requests.Session())
        source, body, headers = job
        headers = dict(headers, **{"Content-Type": "application/json"})
        return session.post(f"{base_url}/hooks/{source}", data=body, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        return list(pool.map(send, jobs))


def _world() -> None:
    edition_load(path=SHIPPED_EDITION)
    acme = partner_create(slug="acme", name="Acme", profile="it", partner_since=date(2024, 1, 1))
    Person.objects.create(
        partner=acme,
        name="Alice",
        email="alice@acme.test",
        community_username="alice",
        github_login="alice-gh",
    )


def _check(k: int, statuses: list[int]) -> None:
    assert set(statuses) <= {200, 202}, sorted(set(statuses))
    assert statuses.count(202) == k
    assert Delivery.objects.count() == k
    assert Delivery.objects.exclude(status=DeliveryStatus.PROCESSED).count() == 0
    assert sum(Entry.objects.values_list("points", flat=True)) == _expected_points(k)
    # One effect per delivery: forum posts, bug reports, orders; each refund one reversal + net.
    assert Entry.objects.filter(activity__in=["forum_post", "bug_report"]).count() == k // 2


@pytest.mark.django_db(transaction=True)
def test_each_delivery_fired_50_times_concurrently_has_one_effect(live_server):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL variant below covers this database")
    _world()
    k = 8
    statuses = _fire(live_server.url, k)
    deliveries_drain()
    _check(k, statuses)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_concurrent_deliveries_and_concurrent_drains(live_server):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    _world()
    k = 12
    statuses = _fire(live_server.url, k)

    def drain(_: int) -> int:
        try:
            return deliveries_drain()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(drain, range(4)))
    _check(k, statuses)

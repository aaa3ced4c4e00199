"""Fixtures for webhook tests: a partner with linked people, and signed-delivery helpers."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from partnercenter.hooks.conf import secret_for
from partnercenter.hooks.signing import sign_github, sign_timestamped
from partnercenter.partners.models import Person
from tests.linkedaccounts.factories import link

Signed = tuple[bytes, dict[str, str]]


def community_delivery(
    event: str = "forum.post_created",
    username: str = "alice",
    delivery_id: str | None = None,
    occurred_at: str = "2025-03-01T10:00:00Z",
    timestamp: int | None = None,
) -> Signed:
    body = json.dumps(
        {
            "id": delivery_id or f"cmty_{uuid.uuid4().hex[:12]}",
            "type": event,
            "username": username,
            "occurred_at": occurred_at,
            "title": "How do I cache a view?",
        }
    ).encode()
    sig = sign_timestamped(secret_for("community"), body, timestamp)
    return body, {"HTTP_X_COMMUNITY_SIGNATURE": sig}


def store_delivery(
    event: str = "order.paid",
    order_id: str = "ord_1",
    delivery_id: str | None = None,
    timestamp: int | None = None,
    **data: Any,
) -> Signed:
    data.setdefault("buyer_email", "alice@acme.test")
    if event.endswith(".refunded"):
        data.setdefault("amount_refunded_cents", 0)
    else:
        data.setdefault("amount_cents", 12_345)
        data.setdefault("currency", "USD")
        data.setdefault("paid_at", "2025-03-02T09:00:00Z")
    body = json.dumps(
        {
            "id": delivery_id or f"evt_{uuid.uuid4().hex[:12]}",
            "type": event,
            "created": int(time.time()),
            "data": {"order_id": order_id, **data},
        }
    ).encode()
    return body, {"HTTP_X_STORE_SIGNATURE": sign_timestamped(secret_for("store"), body, timestamp)}


def github_delivery(
    login: str = "alice-gh",
    repo: str = "7x/exponential",
    number: int = 42,
    action: str = "opened",
    delivery_id: str | None = None,
    event: str = "issues",
) -> Signed:
    body = json.dumps(
        {
            "action": action,
            "issue": {
                "number": number,
                "title": "Crash when saving a draft",
                "html_url": f"https://github.com/{repo}/issues/{number}",
                "user": {"login": login, "id": 1},
                "created_at": "2025-03-03T08:00:00Z",
            },
            "repository": {"full_name": repo, "id": 7},
            "sender": {"login": login, "id": 1},
        }
    ).encode()
    return body, {
        "HTTP_X_GITHUB_EVENT": event,
        "HTTP_X_GITHUB_DELIVERY": delivery_id or str(uuid.uuid4()),
        "HTTP_X_HUB_SIGNATURE_256": sign_github(secret_for("github"), body),
    }


@pytest.fixture
def acme(make_partner: Callable[..., Any]) -> Any:
    return make_partner("acme", status="active")


@pytest.fixture
def alice(acme: Any) -> Person:
    from tests.identity.totp import verified_account

    alice = Person.objects.create(partner=acme, name="Alice", email="alice@acme.test")
    verified_account(alice)  # store orders match a verified address only
    return link(alice, community="alice", github="Alice-GH")


@pytest.fixture
def post() -> Callable[[str, Signed], Any]:
    client = Client()

    def send(source: str, signed: Signed) -> Any:
        body, headers = signed
        return client.post(
            f"/hooks/{source}", data=body, content_type="application/json", **headers
        )

    return send


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.hooks.live import sqlite_template

    return sqlite_template(tmp_path_factory.mktemp("livedb"))


@pytest.fixture
def live_db(request: pytest.FixtureRequest, tmp_path: Any) -> Any:
    """A database shared with subprocesses: the PostgreSQL test database, or a SQLite file."""
    from django.db import connection

    from tests.hooks.live import postgres_test_db, sqlite_copy

    if connection.vendor == "postgresql":
        # The test is marked django_db(transaction=True): its database is the test database.
        return postgres_test_db()
    return sqlite_copy(request.getfixturevalue("_sqlite_template"), tmp_path)

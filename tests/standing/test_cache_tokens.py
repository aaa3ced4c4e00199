"""A partner's token on the database cache changes with the transaction that changes its rows:
written once, inside the transaction (issue 14: the second write after the commit was a third
of a re-tier's cache cost). Another connection sees the new token exactly when it sees the
commit; on a cache outside the database, the token is written again after the commit."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from partnercenter.ops.conf import cache_from_url
from partnercenter.standing import cache as standing_cache

KEY = standing_cache._version_key(7)


@pytest.fixture(autouse=True)
def _database_cache(settings: Any) -> None:
    """The default cache of a deployment (the suite runs on a memory cache)."""
    settings.CACHES = {"default": cache_from_url("")}


def _token_elsewhere() -> Any:
    """The token as another process reads it: another thread, with its own connection."""
    seen: list[Any] = []

    def read() -> None:
        try:
            seen.append(cache.get(KEY))
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    return seen[0]


def _cache_writes(queries: CaptureQueriesContext) -> int:
    return sum(
        1
        for q in queries.captured_queries
        if "partnercenter_cache" in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT"))
    )


@pytest.mark.django_db
def test_inside_a_transaction_the_token_is_written_once() -> None:
    cache.set(KEY, "before", timeout=None)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        standing_cache.standing_changed(7)
        assert not connection.run_on_commit  # nothing left to write after the commit
    assert _cache_writes(queries) == 1
    assert cache.get(KEY) not in (None, "before")


@pytest.mark.django_db(transaction=True)
def test_another_connection_sees_the_new_token_when_the_transaction_commits() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a second connection to the in-memory SQLite test database shares its locks")
    cache.set(KEY, "before", timeout=None)
    with transaction.atomic():
        standing_cache.standing_changed(7)
        mine = cache.get(KEY)
        # Not committed yet: this transaction reads its new token, everyone else the old one
        assert mine != "before" and _token_elsewhere() == "before"
    assert _token_elsewhere() == mine


@pytest.mark.django_db
def test_on_a_cache_outside_the_database_the_token_is_written_again_after_the_commit(
    settings: Any,
) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with transaction.atomic():
        standing_cache.standing_changed(7)
        assert len(connection.run_on_commit) == 1

"""The shared cache: Django's database cache by default, so throttles count across processes."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnercenter import ratelimit
from partnercenter.applications import throttle as applications_throttle
from partnercenter.ops import cache as db_cache
from partnercenter.ops.cache import DatabaseCache
from partnercenter.ops.conf import CACHE_TABLE, cache_from_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "partnercenter.ops.cache.DatabaseCache"),
        ("db://other_cache", "partnercenter.ops.cache.DatabaseCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://cache:6379/0", "django.core.cache.backends.redis.RedisCache"),
        ("memcached://cache:11211", "django.core.cache.backends.memcached.PyMemcacheCache"),
    ],
)
def test_the_cache_is_chosen_by_url_and_the_database_by_default(url, backend):
    assert cache_from_url(url)["BACKEND"] == backend


def test_an_unknown_cache_url_is_refused_by_name():
    with pytest.raises(ValueError, match="PARTNERCENTER_CACHE_URL"):
        cache_from_url("ftp://x")


def test_the_migration_created_the_cache_table():
    assert CACHE_TABLE in connection.introspection.table_names()


def _client() -> DatabaseCache:
    """A cache client as another process would open it: its own object on the same table."""
    return DatabaseCache(CACHE_TABLE, {})


# The sign-in limits (allauth's, on this cache) across two clients: tests/identity.


def test_the_applications_limit_counts_across_two_cache_clients():
    web1, web2 = _client(), _client()
    with mock.patch.object(ratelimit, "cache", web1):
        for _ in range(applications_throttle.limit()):
            applications_throttle.count("198.51.100.8")
    with mock.patch.object(ratelimit, "cache", web2):
        assert applications_throttle.retry_after("198.51.100.8") > 0


def test_the_api_rate_limit_reads_django_s_cache():
    """ninja's throttle stores its history in `django.core.cache.cache` (the shared one)."""
    from django.core.cache import cache

    from partnercenter.api.auth import PerTokenThrottle

    assert PerTokenThrottle.cache is cache


def _rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {CACHE_TABLE}")
        return int(cursor.fetchone()[0])


def test_a_write_does_not_count_the_whole_table_but_every_thousandth_does():
    # Given a cache client that has written once (its first write counts, as Django's does)
    cache = _client()
    cache.set("first", 1)
    assert cache.counts_skipped == 0
    # When it writes again
    cache.set("second", 2)
    cache.add("third", 3)
    cache.touch("second", 60)
    # Then the count Django asks for each write was answered without running it (Django's
    # query log shows the statement it asked for; the database ran `SELECT 0`), and the
    # values are stored
    assert cache.counts_skipped == 3
    assert (cache.get("first"), cache.get("second"), cache.get("third")) == (1, 2, 3)
    # And the write after CULL_EVERY - 1 more counts (and culls) again
    for i in range(db_cache.CULL_EVERY - 4):
        cache.set(f"k{i}", i)
    with CaptureQueriesContext(connection) as queries:
        cache.set("counted", 1)
    assert cache.counts_skipped == db_cache.CULL_EVERY - 1
    assert [q for q in queries.captured_queries if q["sql"].startswith("DELETE")]


def test_expired_rows_go_and_the_table_is_culled_past_its_maximum(monkeypatch):
    # Given a client that counts every third write, allowing 5 entries, and an expired entry
    monkeypatch.setattr(db_cache, "CULL_EVERY", 3)
    cache = DatabaseCache(CACHE_TABLE, {"OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 2}})
    cache.set("stale", 1, timeout=0)  # written already expired (and this write counts)
    cache.set("a", 1)
    assert _rows() == 2
    # When it writes past its maximum
    for i in range(9):
        cache.set(f"k{i}", i)
    # Then the counting writes deleted the expired entry and culled the table, as Django does
    assert cache.get("stale") is None and _rows() <= 7
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {CACHE_TABLE} WHERE cache_key LIKE %s", ["%stale"])
        assert cursor.fetchone()[0] == 0

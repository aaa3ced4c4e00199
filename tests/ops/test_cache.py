"""The shared cache: Django's database cache by default, so throttles count across processes."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from partnercenter import ratelimit
from partnercenter.applications import throttle as applications_throttle
from partnercenter.ops.conf import CACHE_TABLE, cache_from_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "django.core.cache.backends.db.DatabaseCache"),
        ("db://other_cache", "django.core.cache.backends.db.DatabaseCache"),
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

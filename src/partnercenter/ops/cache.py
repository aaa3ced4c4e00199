"""Django's database cache without a count of its whole table on every write.

Django's `DatabaseCache` runs `SELECT COUNT(*)` over the cache table on each `set`, `add`
and `touch`, to cull when the table passes MAX_ENTRIES. Partner Center keeps a rendered
page part per partner and day (`standing.cache`) and replaces a token on every posting, so
at 100,000 partners the table holds hundreds of thousands of rows: on PostgreSQL that count
took 50–80 ms at 500,000 rows (issue 14, docs/benchmarks.md), paid by every posting, re-tier
and page that misses. Here a write counts (and culls, as Django does) only once every
`CULL_EVERY` writes of a process, and then also deletes the expired rows, so the table holds
about what is live. Everything else is Django's.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router
from django.utils import timezone

CULL_EVERY = 1000
"""Writes between two counts (and culls) in one process."""


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache; the table is counted once every `CULL_EVERY` writes."""

    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        self.table = table
        self.writes = 0
        self.counts_skipped = 0
        """Counts Django asked for and this cache answered without running (tests check it:
        Django's count statement is matched by its text)."""

    def _base_set(self, mode: str, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT) -> Any:
        django: Any = super()
        connection = connections[router.db_for_write(self.cache_model_class)]
        table = connection.ops.quote_name(self.table)
        self.writes += 1
        if self.writes % CULL_EVERY == 1:
            now = timezone.now().replace(microsecond=0)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {table} WHERE expires < %s",
                    [connection.ops.adapt_datetimefield_value(now)],
                )
            return django._base_set(mode, key, value, timeout)
        count = f"SELECT COUNT(*) FROM {table}"

        def without_count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            if sql != count:
                return execute(sql, params, many, context)
            # Django culls only when the count passes MAX_ENTRIES: 0 never does.
            self.counts_skipped += 1
            return execute("SELECT 0", params, many, context)

        with connection.execute_wrapper(without_count):
            return django._base_set(mode, key, value, timeout)

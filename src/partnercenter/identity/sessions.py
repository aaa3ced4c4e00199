"""The session engine: Django's database sessions, loaded in one raw statement.

Every signed-in request loads its session first. Django's database store builds an ORM
query for it on each request (`Session.objects.get(...)`), about as costly as the round
trip itself on PostgreSQL; this store reads the same row with the same conditions (the
key, not expired) in one raw statement. Saving, creating, flushing and clearing
are Django's. The table, the rows and their encoding are unchanged, so every existing
session keeps working (issue 14, docs/benchmarks.md "Pages").
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

_SQL = (
    f"SELECT session_key, session_data, expire_date FROM {Session._meta.db_table} "
    "WHERE session_key = %s AND expire_date > %s"
)


class SessionStore(DatabaseStore):
    """Django's database session store with the load done by one raw look-up."""

    def _get_session_from_db(self) -> Any:
        """The unexpired session row of this key, or None (and the key is forgotten, as
        Django's store does, so a new one is made when the session is saved)."""
        key = self.session_key
        row = None
        if key:
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            with connection.cursor() as cursor:
                cursor.execute(_SQL, [key, now])
                row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return Session(session_key=row[0], session_data=row[1], expire_date=row[2])

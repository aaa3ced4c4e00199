"""The database refuses UPDATE and DELETE on `ledger_entry` (triggers on SQLite and PostgreSQL).

The only way past the guard is `maintenance()`, used by the test harness when it
empties a whole database between tests; application code never calls it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

_unlocked = False

SQLITE_TRIGGERS = [
    """CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
       WHEN NOT ledger_maintenance()
       BEGIN SELECT RAISE(ABORT, 'ledger_entry is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
       WHEN NOT ledger_maintenance()
       BEGIN SELECT RAISE(ABORT, 'ledger_entry is append-only: DELETE refused'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS ledger_entry_no_update",
    "DROP TRIGGER IF EXISTS ledger_entry_no_delete",
]
POSTGRES_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION ledger_entry_append_only() RETURNS trigger AS $$
       BEGIN
         IF current_setting('partnercenter.ledger_maintenance', true) = 'on' THEN
           RETURN OLD;
         END IF;
         RAISE EXCEPTION 'ledger_entry is append-only: % refused', TG_OP;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
       FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS ledger_entry_append_only ON ledger_entry",
    "DROP FUNCTION IF EXISTS ledger_entry_append_only()",
]


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "ledger_maintenance", 0, lambda: 1 if _unlocked else 0, deterministic=False
        )


def install(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRES_TRIGGERS}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


def uninstall(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


@contextmanager
def maintenance() -> Iterator[None]:
    """Let whole-database maintenance (a test flush) remove entries. Never for application code."""
    global _unlocked
    _unlocked = True
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET partnercenter.ledger_maintenance = 'on'")
        yield
    finally:
        _unlocked = False
        if connection.vendor == "postgresql" and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("RESET partnercenter.ledger_maintenance")


def append_only_statements(vendor: str, table: str, *, updates: bool = False) -> list[str]:
    """Triggers that make `table` append-only like the ledger (same maintenance switch).

    With `updates=True` rows may still be updated (e.g. a status column) but never
    deleted. Used by other apps' migrations for records that are history:
    documents, signed contracts.
    """
    ops = "DELETE" if updates else "UPDATE OR DELETE"
    if vendor == "sqlite":
        out = [
            f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
               WHEN NOT ledger_maintenance()
               BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END"""
        ]
        if not updates:
            out.append(
                f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
                   WHEN NOT ledger_maintenance()
                   BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END"""
            )
        return out
    if vendor == "postgresql":
        return [
            f"""CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
               BEGIN
                 IF current_setting('partnercenter.ledger_maintenance', true) = 'on' THEN
                   RETURN OLD;
                 END IF;
                 RAISE EXCEPTION '{table} is append-only: % refused', TG_OP;
               END $$ LANGUAGE plpgsql""",
            f"""CREATE TRIGGER {table}_append_only BEFORE {ops} ON {table}
               FOR EACH ROW EXECUTE FUNCTION {table}_append_only()""",
        ]
    return []


def append_only_drop_statements(vendor: str, table: str) -> list[str]:
    """Undo `append_only_statements`."""
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_update",
            f"DROP TRIGGER IF EXISTS {table}_no_delete",
        ]
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_append_only()",
        ]
    return []


def append_only_migration_operations(table: str, *, updates: bool = False) -> list[Any]:
    """`migrations.RunPython` operations installing (and removing) the triggers on `table`."""
    from django.db import migrations

    def forward(apps: Any, schema_editor: Any) -> None:
        for sql in append_only_statements(schema_editor.connection.vendor, table, updates=updates):
            schema_editor.execute(sql, params=None)

    def backward(apps: Any, schema_editor: Any) -> None:
        for sql in append_only_drop_statements(schema_editor.connection.vendor, table):
            schema_editor.execute(sql, params=None)

    return [migrations.RunPython(forward, backward)]

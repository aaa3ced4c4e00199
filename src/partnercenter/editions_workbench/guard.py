"""The database keeps published editions as they were published (triggers, SQLite and PostgreSQL).

An edition published from a draft is history: its row in `programs_programedition` refuses
UPDATE of its rules, text or date and refuses DELETE, and the draft it came from refuses
UPDATE of its text. Editions loaded from files by `program load` are not covered (in
development `program load --replace` rewrites them). The ledger's maintenance switch
(`ledger.guard.maintenance`, the test harness's flush) is the only way past.
"""

from __future__ import annotations

from typing import Any

EDITION_COLUMNS = (
    "program_id",
    "edition_id",
    "effective_from",
    "source",
    "sha256",
    "contract_template",
)
DRAFT_COLUMNS = ("source", "contract_template", "edition_id")

_PUBLISHED = "EXISTS (SELECT 1 FROM editions_workbench_editiondraft d WHERE d.edition_id = OLD.id)"

SQLITE = [
    f"""CREATE TRIGGER published_edition_no_update
       BEFORE UPDATE OF {", ".join(EDITION_COLUMNS)} ON programs_programedition
       WHEN NOT ledger_maintenance() AND {_PUBLISHED}
       BEGIN SELECT RAISE(ABORT, 'a published edition does not change: UPDATE refused'); END""",
    f"""CREATE TRIGGER published_edition_no_delete BEFORE DELETE ON programs_programedition
       WHEN NOT ledger_maintenance() AND {_PUBLISHED}
       BEGIN SELECT RAISE(ABORT, 'a published edition does not change: DELETE refused'); END""",
    f"""CREATE TRIGGER published_draft_no_update
       BEFORE UPDATE OF {", ".join(DRAFT_COLUMNS)} ON editions_workbench_editiondraft
       WHEN NOT ledger_maintenance() AND OLD.edition_id IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'a published edition draft does not change: UPDATE refused'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS published_edition_no_update",
    "DROP TRIGGER IF EXISTS published_edition_no_delete",
    "DROP TRIGGER IF EXISTS published_draft_no_update",
]


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)


POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION published_edition_immutable() RETURNS trigger AS $$
       BEGIN
         IF current_setting('partnercenter.ledger_maintenance', true) IS DISTINCT FROM 'on'
            AND {_PUBLISHED} THEN
           IF TG_OP = 'DELETE' THEN
             RAISE EXCEPTION 'a published edition does not change: DELETE refused';
           END IF;
           IF {_changed(EDITION_COLUMNS)} THEN
             RAISE EXCEPTION 'a published edition does not change: UPDATE refused';
           END IF;
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER published_edition_immutable BEFORE UPDATE OR DELETE
       ON programs_programedition FOR EACH ROW EXECUTE FUNCTION published_edition_immutable()""",
    f"""CREATE OR REPLACE FUNCTION published_draft_immutable() RETURNS trigger AS $$
       BEGIN
         IF current_setting('partnercenter.ledger_maintenance', true) IS DISTINCT FROM 'on'
            AND OLD.edition_id IS NOT NULL AND ({_changed(DRAFT_COLUMNS)}) THEN
           RAISE EXCEPTION 'a published edition draft does not change: UPDATE refused';
         END IF;
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER published_draft_immutable BEFORE UPDATE
       ON editions_workbench_editiondraft FOR EACH ROW
       EXECUTE FUNCTION published_draft_immutable()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS published_edition_immutable ON programs_programedition",
    "DROP FUNCTION IF EXISTS published_edition_immutable()",
    "DROP TRIGGER IF EXISTS published_draft_immutable ON editions_workbench_editiondraft",
    "DROP FUNCTION IF EXISTS published_draft_immutable()",
]


def install(apps: Any, schema_editor: Any) -> None:
    """Create the triggers for this database (none for other vendors)."""
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []):
        schema_editor.execute(sql, params=None)


def uninstall(apps: Any, schema_editor: Any) -> None:
    """Drop them again."""
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(sql, params=None)

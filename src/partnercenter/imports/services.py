"""Running an import: every row checked, all or nothing in one transaction, a dry run first.

The rows are applied one by one inside a single transaction, so the
check sees exactly what the import would do — caps reached by earlier rows of the same
file, partners created above — and the transaction is rolled back when any row is refused
or when it is only a dry run. Importing the same file twice creates nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, BinaryIO

from django.db import IntegrityError, transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.errors import Refusal
from partnercenter.imports.errors import ImportFileError, RowRefused, UnknownKind
from partnercenter.imports.kinds import CREATED, KINDS, Context, Kind
from partnercenter.imports.reading import csv_records


@dataclass(frozen=True)
class Problem:
    """Why a row (or the file, line None) was refused: the line, the column and the reason."""

    line: int | None
    field: str
    message: str


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    refused: int = 0
    problems: list[Problem] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (the CLI's `--json`)."""
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "written": self.written,
            "rows": self.rows,
            "created": self.created,
            "unchanged": self.unchanged,
            "refused": self.refused,
            "problems": [
                {"line": p.line, "field": p.field, "message": p.message} for p in self.problems
            ],
        }


def import_kind(name: str) -> Kind:
    """The import kind called `name`, or UnknownKind."""
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(f"Unknown import kind {name!r}: one of {', '.join(KINDS)}.") from None


def import_run(
    *,
    kind: str,
    stream: BinaryIO,
    dry_run: bool,
    today: date | None = None,
    max_rows: int | None = None,
    actor: Any = None,
) -> ImportReport:
    """Check every row of the CSV in `stream` and, unless `dry_run` or a row is refused, write it.

    Raises ImportFileError when the file as a whole cannot be read (nothing written). Row
    refusals are in the report's `problems`; with any of them nothing is written. `max_rows`
    bounds a file checked inside a web request (the command line has no bound). A written
    import is recorded in the audit trail as `actor`'s (a staff user, or the command line).
    """
    spec = import_kind(kind)
    report = ImportReport(kind=spec.name, dry_run=dry_run)
    records = csv_records(stream, columns=spec.names, optional=spec.optional)
    ctx = Context(today=today or timezone.now().date())
    try:
        with transaction.atomic():
            for line, row in records:
                report.rows += 1
                if max_rows is not None and report.rows > max_rows:
                    raise ImportFileError(
                        f"More than {max_rows:,} rows: import this file with "
                        "`partnercenter import` on the server.",
                        line=line,
                    )
                _apply_row(spec, ctx, line, row, report)
            if report.rows == 0:
                report.problems.append(Problem(None, "file", "The file has a header but no rows."))
            if report.problems or dry_run:
                transaction.set_rollback(True)
            else:
                report.written = True
                audit_record(
                    actor=actor,
                    action="import.apply",
                    details={"kind": spec.name, "rows": report.rows, "created": report.created},
                )
                if ctx.people_created:
                    # Deliveries parked for people nobody had linked yet (community, GitHub, store).
                    from partnercenter.hooks.services import deliveries_recheck_parked

                    transaction.on_commit(deliveries_recheck_parked)
    except IntegrityError:
        # Another writer (a second import, the application form) stored the same slug, email
        # or key between this run's look-up and its insert: the transaction is rolled back.
        raise ImportFileError(
            "Something else wrote the same partner, person or entry at the same time; "
            "nothing was written. Check the file again."
        ) from None
    return report


def _apply_row(
    spec: Kind, ctx: Context, line: int, row: dict[str, str], report: ImportReport
) -> None:
    """Apply one row and count it as created, unchanged or refused (with its problems)."""
    if "" in row:  # the reader could not split the row into the header's columns
        report.refused += 1
        report.problems.append(Problem(line, "", row[""]))
        return
    try:
        # No savepoint per row: a row is checked before it writes, and the services it
        # calls (entry_post, certification_record) roll back their own savepoint.
        outcome = spec.apply(ctx, line, row)
    except RowRefused as refused:
        report.refused += 1
        # In the order of the kind's columns, as the row reads.
        order = {name: i for i, name in enumerate(spec.names)}
        found = sorted(refused.problems, key=lambda fm: order.get(fm[0], len(order)))
        report.problems.extend(Problem(line, f, m) for f, m in found)
        return
    except Refusal as refusal:
        report.refused += 1
        report.problems.append(Problem(line, refusal.field, refusal.message))
        return
    if outcome == CREATED:
        report.created += 1
    else:
        report.unchanged += 1

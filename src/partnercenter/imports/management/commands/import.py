"""`partnercenter import partners|people|certifications|points FILE.csv [--dry-run] [--json]`.

Every row is checked; refused rows are printed as `FILE:LINE: field: message` (or in the
JSON report) and nothing is written — the import is all or nothing. Exit status 0 when
every row was accepted, 2 otherwise (the status of a usage error, like `program check`).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from partnercenter.audit.services import command_line_actor
from partnercenter.imports.errors import ImportFileError
from partnercenter.imports.kinds import KINDS, Kind
from partnercenter.imports.services import ImportReport, Problem, import_run
from partnercenter.programs.selectors import NoEdition

EXIT_REFUSED = 2
"""Exit status when the file or any row is refused (nothing was written)."""

FILE_RULES = """\
The file: CSV, comma-separated, UTF-8 (with or without BOM), a header row naming the
columns in any order; an optional column may be left out. Dates are YYYY-MM-DD.
Import partners first, then people, certifications and points. Examples:
docs/import-examples/ (and the back office's Import page)."""


def kind_help(kind: Kind) -> str:
    """The kind's columns, one a line (the subcommand's --help)."""
    return "\n".join([kind.summary, "", "Columns:", _columns_help(kind), "", FILE_RULES])


def _columns_help(kind: Kind) -> str:
    width = max(len(c.name) for c in kind.columns)
    return "\n".join(
        f"  {c.name:<{width}}  {c.help}{' (optional column)' if c.optional else ''}"
        for c in kind.columns
    )


class Command(BaseCommand):
    help = (
        "Bring existing partners in from CSV: partners, then people, certifications, points. "
        "Every row is checked; one refused row and nothing is written. Run with --dry-run first."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """Django's parser, with every kind's columns after the options (`import --help`)."""
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        kinds = [f"import {k.name} — {k.summary}\n{_columns_help(k)}" for k in KINDS.values()]
        parser.epilog = "\n\n".join([*kinds, FILE_RULES])
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(
            dest="kind", metavar="KIND", title="kinds", required=True
        )
        for kind in KINDS.values():
            sub = subparsers.add_parser(
                kind.name,
                help=kind.summary,
                description=kind_help(kind),
                formatter_class=argparse.RawDescriptionHelpFormatter,
            )
            sub.add_argument("file", metavar="FILE.csv", help="the CSV file to import")
            sub.add_argument(
                "--dry-run", action="store_true", help="check and report; write nothing"
            )
            sub.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path, as_json = options["file"], options["json"]
        try:
            with open(path, "rb") as stream:
                report = import_run(
                    kind=options["kind"],
                    stream=stream,
                    dry_run=options["dry_run"],
                    actor=command_line_actor(),
                )
        except ImportFileError as error:
            report = ImportReport(kind=options["kind"], dry_run=options["dry_run"])
            report.problems.append(Problem(error.line, error.field, error.message))
        except (OSError, NoEdition, DatabaseError) as error:
            message = _os_message(error) if isinstance(error, OSError) else _other_message(error)
            report = ImportReport(kind=options["kind"], dry_run=options["dry_run"])
            report.problems.append(Problem(None, "file", message))
        if as_json:
            self.stdout.write(json.dumps({"file": path, **report.as_dict()}, indent=2))
        else:
            self._print(path, report)
        if not report.ok:
            raise SystemExit(EXIT_REFUSED)

    def _print(self, path: str, report: ImportReport) -> None:
        for p in report.problems:
            where = f"{path}:{p.line}" if p.line is not None else path
            self.stderr.write(
                f"{where}: {p.field}: {p.message}" if p.field else f"{where}: {p.message}"
            )
        verdict = (
            "dry run, nothing written"
            if report.dry_run and report.ok
            else "imported"
            if report.written
            else "refused, nothing written"
        )
        to = "to create" if report.dry_run or not report.ok else "created"
        summary = (
            f"{path}: {report.kind}: {report.rows:,} row(s): {report.created:,} {to}, "
            f"{report.unchanged:,} unchanged, {report.refused:,} refused — {verdict}."
        )
        if not report.rows and not report.ok:
            summary = f"{path}: {report.kind}: refused, nothing written."
        (self.stdout if report.ok else self.stderr).write(summary)


def _other_message(error: Exception) -> str:
    if isinstance(error, DatabaseError):
        return (
            f"The database refused the import ({error}); is it migrated (`partnercenter migrate`)?"
        )
    return str(error)


def _os_message(error: OSError) -> str:
    reason = error.strerror or str(error)
    return f"Cannot read the file: {reason}."

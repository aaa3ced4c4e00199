"""`program load` and `program simulate`: the subcommands that need the database."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.management.base import CommandParser
from django.db import DatabaseError, transaction

from partnercenter.audit.services import audit_record, command_line_actor
from partnercenter.programs.services import EditionConflict, edition_load

if TYPE_CHECKING:
    from partnercenter.programs.management.commands.program import Command


def _load_arguments(parser: CommandParser) -> None:
    parser.add_argument("path", metavar="PATH", help="program edition file")
    parser.add_argument(
        "--replace",
        action="store_true",
        help="overwrite the stored text of the same edition id (development)",
    )


def load(command: Command, options: dict[str, Any]) -> None:
    from partnercenter.domain.loader import ProgramFileError
    from partnercenter.programs.management.commands.program import problem_lines

    try:
        with transaction.atomic():
            result = edition_load(path=options["path"], replace=options["replace"])
            if result.created:
                audit_record(
                    actor=command_line_actor(),
                    action="edition.load",
                    target=("edition", result.edition.edition_id, result.edition.program_name),
                    details={
                        "path": str(options["path"]),
                        "replace": options["replace"],
                        "effective_from": result.edition.effective_from,
                        "sha256": result.row.sha256,
                    },
                )
    except ProgramFileError as error:
        command.fail(problem_lines(error))
    except EditionConflict as error:
        command.fail([str(error)])
    except DatabaseError as error:  # a published edition's row refuses changes (its trigger)
        command.fail([f"{options['path']}: {error}"])
    e = result.edition
    verb = "Loaded" if result.created else "Already loaded:"
    command.stdout.write(
        f"{verb} {e.program_name} edition {e.edition_id}, effective {e.effective_from}."
    )


def _simulate_arguments(parser: CommandParser) -> None:
    parser.add_argument("path", metavar="PATH", help="candidate program edition file")
    parser.add_argument("--as-of", required=True, help="YYYY-MM-DD")
    parser.add_argument("--limit", type=int, default=200, help="list at most this many moves")


def simulate(command: Command, options: dict[str, Any]) -> None:
    from partnercenter.programs.selectors import NoEdition
    from partnercenter.review.cli_format import level_name, table
    from partnercenter.review.simulate import edition_simulate

    try:
        as_of = date.fromisoformat(options["as_of"])
    except ValueError:
        command.fail([f"--as-of: {options['as_of']!r} is not a date (use YYYY-MM-DD)."])
    candidate = command.load(options["path"])
    try:
        result = edition_simulate(candidate=candidate, as_of=as_of)
    except NoEdition as error:
        command.fail([str(error)])
    command.stdout.write(
        f"What-if as of {as_of}: edition {result.candidate_edition} against "
        f"{result.current_edition} (nothing written): {result.total} partners, "
        f"{result.up} up, {result.down} down, {result.same} same"
    )
    if result.moves:
        rows = [["partner", "name", "now", "would be", "move", "membership"]]
        for m in result.moves[: options["limit"]]:
            rows.append(
                [
                    m.slug,
                    m.name[:40],
                    level_name(candidate, m.previous),
                    level_name(candidate, m.level),
                    m.direction,
                    result.memberships.get(m.partner_id, "").replace("_", " "),
                ]
            )
        command.stdout.write("\n" + table(rows))
        if len(result.moves) > options["limit"]:
            command.stdout.write(f"… and {len(result.moves) - options['limit']} more")


def register() -> None:
    from partnercenter.programs.management.commands.program import subcommand

    subcommand("load", "Validate an edition file and store it in the database.", _load_arguments)(
        load
    )
    subcommand(
        "simulate",
        "What-if: evaluate every partner under another edition, writing nothing.",
        _simulate_arguments,
    )(simulate)

"""`partnercenter program ...`: work with program edition files from the command line.

    partnercenter program check PATH [PATH ...]
    partnercenter program evaluate PATH --points N --revenue USD --profile-certs N
                                        --sales-certs N [--student] [--paid-plan] [--json]
    partnercenter program diff OLD NEW

A file with mistakes is never a traceback: every problem is printed to stderr as
`PATH: field.path: message` and the command exits with status 2 (the status of a
usage error; argparse uses it too for a bad option value).

Extension point: each subcommand is a `Subcommand` in `SUBCOMMANDS` (name → how to
declare its arguments and how to run it). Add one with the `subcommand` decorator,
here or in a module imported here; the parser is built from the registry.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from partnercenter.domain.diff import diff_editions
from partnercenter.domain.evaluate import TierDecision, evaluate
from partnercenter.domain.loader import ProgramFileError, load_edition
from partnercenter.domain.program import Edition
from partnercenter.domain.requirements import REQUIREMENT_KINDS, Facts

_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")

EXIT_INVALID = 2
"""Exit status for a program file with mistakes or a bad option value."""

Handler = Callable[["Command", dict[str, Any]], None]
Arguments = Callable[[CommandParser], None]


@dataclass(frozen=True)
class Subcommand:
    """One `program <name>` subcommand: its help line, its arguments and what it does."""

    help: str
    arguments: Arguments
    handle: Handler


SUBCOMMANDS: dict[str, Subcommand] = {}
"""name → Subcommand; the parser offers them in this order."""


def subcommand(name: str, help: str, arguments: Arguments) -> Callable[[Handler], Handler]:
    """Register `handle(command, options)` as `program <name>`."""

    def register(handle: Handler) -> Handler:
        SUBCOMMANDS[name] = Subcommand(help=help, arguments=arguments, handle=handle)
        return handle

    return register


def problem_lines(error: ProgramFileError) -> list[str]:
    """One `PATH: field.path: message` line per problem."""
    return [f"{error.source}: {p.path}: {p.message}" for p in error.problems]


class Command(BaseCommand):
    help = "Check, evaluate and compare program edition files (TOML)."
    # Reads files only: no system checks, no database.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(
            dest="subcommand", metavar="SUBCOMMAND", title="subcommands", required=True
        )
        for name, sub in SUBCOMMANDS.items():
            sub.arguments(subparsers.add_parser(name, help=sub.help, description=sub.help))

    def handle(self, *args: Any, **options: Any) -> None:
        SUBCOMMANDS[options["subcommand"]].handle(self, options)

    # -- helpers for subcommands

    def fail(self, lines: list[str]) -> NoReturn:
        """Print each line to stderr and exit with status 2 (no traceback)."""
        for line in lines:
            self.stderr.write(line)
        raise SystemExit(EXIT_INVALID)

    def load(self, path: str) -> Edition:
        """The edition in `path`, or every problem of the file on stderr and exit status 2."""
        try:
            return load_edition(path)
        except ProgramFileError as error:
            self.fail(problem_lines(error))


# ------------------------------------------------------------------- check


def _check_arguments(parser: CommandParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="program edition file(s)")


@subcommand("check", "Validate program edition files; name every mistake.", _check_arguments)
def check(command: Command, options: dict[str, Any]) -> None:
    from partnercenter.programs.services import contract_template_path, edition_check_file

    problems: list[str] = []
    for path in options["paths"]:
        result = edition_check_file(path)
        problems += [f"{path}: {p.path}: {p.message}" for p in result.problems]
        template = contract_template_path(path)
        problems += [f"{template}: {p.path}: {p.message}" for p in result.contract_problems]
        edition = result.edition
        if edition is None or not result.ok:
            continue
        command.stdout.write(
            f"{path}: OK — edition {edition.edition_id}, {len(edition.levels)} levels, "
            f"{len(edition.activities)} activities, {len(edition.plans)} plans"
        )
    if problems:
        command.fail(problems)


# ---------------------------------------------------------------- evaluate


def _ungrouped(value: str) -> str:
    """ "20,000" → "20000": thousands separators as the document writes them, nothing looser."""
    text = value.strip()
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    return text


def _count(option: str) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(_ungrouped(value))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{value!r} is not a whole number (use digits, such as 12600)"
            ) from None
        if number < 0:
            raise argparse.ArgumentTypeError(f"must not be negative, not {number}")
        return number

    parse.__name__ = option  # argparse names the type in some messages
    return parse


def usd_to_cents(value: str) -> int:
    """ "15000" or "15000.50" (USD) → cents, exactly; a clear error for anything else."""
    text = _ungrouped(value.strip().removeprefix("$"))
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or "e" in text.lower():
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an amount in USD (use 15000 or 15000.50)"
        )
    if amount < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, not {value!r}")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise argparse.ArgumentTypeError(
            f"{value!r} has fractions of a cent (use at most 2 decimals)"
        )
    return int(cents)


def _evaluate_arguments(parser: CommandParser) -> None:
    parser.add_argument("path", metavar="PATH", help="program edition file")
    parser.add_argument(
        "--points", type=_count("--points"), default=0, metavar="N", help="points in the window"
    )
    parser.add_argument(
        "--revenue",
        type=usd_to_cents,
        default=0,
        dest="revenue_cents",
        metavar="USD",
        help="revenue in the window, in USD (15000 or 15000.50)",
    )
    parser.add_argument(
        "--profile-certs",
        type=_count("--profile-certs"),
        default=0,
        metavar="N",
        help="valid profile certifications (Developer, WCMS, Solution)",
    )
    parser.add_argument(
        "--sales-certs",
        type=_count("--sales-certs"),
        default=0,
        metavar="N",
        help="valid sales certifications",
    )
    parser.add_argument("--student", action="store_true", help="enrolled as a student partner")
    parser.add_argument("--paid-plan", action="store_true", help="has an active paid plan")
    parser.add_argument("--json", action="store_true", help="print the decision as JSON")


def _level_words(edition: Edition, code: str | None) -> str:
    if code is None:
        return "none"
    level = edition.level(code)
    return f"{level.name} ({level.category})"


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]


def decision_lines(edition: Edition, decision: TierDecision) -> list[str]:
    """The decision in words: level, each requirement of the next level, what is missing."""
    f = decision.facts
    revenue = REQUIREMENT_KINDS["revenue_cents"].amount(f.revenue_cents)
    lines = [
        f"Edition: {edition.program_id} {edition.edition_id}",
        f"Facts: {f.points:,} points, {revenue} revenue, {f.profile_certifications} profile and "
        f"{f.sales_certifications} sales certifications"
        + (", student" if f.student else "")
        + (", paid plan" if f.paid_plan else ""),
        f"Level: {_level_words(edition, decision.level)}"
        + (f"; member by {decision.membership.replace('_', ' ')}" if decision.membership else ""),
        f"Next level: {_level_words(edition, decision.next_level)}",
    ]
    if decision.next_level is not None:
        rows = [["requirement", "needed", "has", "met"]]
        for check in decision.level_check(decision.next_level).checks:
            kind = REQUIREMENT_KINDS[check.kind]
            rows.append(
                [
                    kind.label,
                    kind.amount(check.needed),
                    kind.amount(check.has),
                    "yes" if check.met else "no",
                ]
            )
        lines += _table(rows)
    sentence = decision.missing_sentence(edition)
    lines.append(f"Missing: {sentence}" if decision.missing else sentence)
    return lines


@subcommand(
    "evaluate",
    "The level a partner's facts earn under an edition, and what is missing for the next.",
    _evaluate_arguments,
)
def evaluate_command(command: Command, options: dict[str, Any]) -> None:
    edition = command.load(options["path"])
    facts = Facts(
        points=options["points"],
        revenue_cents=options["revenue_cents"],
        profile_certifications=options["profile_certs"],
        sales_certifications=options["sales_certs"],
        student=options["student"],
        paid_plan=options["paid_plan"],
    )
    decision = evaluate(facts, edition)
    if options["json"]:
        data = decision.as_dict()
        data["level_name"] = edition.level(decision.level).name if decision.level else None
        data["next_level_name"] = (
            edition.level(decision.next_level).name if decision.next_level else None
        )
        data["missing_sentence"] = decision.missing_sentence(edition)
        command.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for line in decision_lines(edition, decision):
        command.stdout.write(line)


# -------------------------------------------------------------------- diff


def _diff_arguments(parser: CommandParser) -> None:
    parser.add_argument("old", metavar="OLD", help="the earlier edition file")
    parser.add_argument("new", metavar="NEW", help="the later edition file")


@subcommand("diff", "What changed between two editions, in words.", _diff_arguments)
def diff(command: Command, options: dict[str, Any]) -> None:
    editions: list[Edition] = []
    problems: list[str] = []
    for path in (options["old"], options["new"]):
        try:
            editions.append(load_edition(path))
        except ProgramFileError as error:
            problems.extend(problem_lines(error))
    if problems:
        command.fail(problems)
    changes = diff_editions(*editions)
    for line in changes or ["No differences."]:
        command.stdout.write(line)


# Subcommands that need the database (load, simulate) live beside the models.
from partnercenter.programs.cli_db import register as _register_db_subcommands  # noqa: E402

_register_db_subcommands()

"""`partnercenter review --as-of DATE [--dry-run] [--background]`: the monthly tier review."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from partnercenter.audit.services import audit_record, command_line_actor
from partnercenter.partners.services import anniversaries_post
from partnercenter.programs.selectors import NoEdition, edition_at
from partnercenter.review.cli_format import parse_day, review_text
from partnercenter.review.errors import ReviewAlreadyRunning, ReviewError
from partnercenter.review.services import review_run, review_start


class Command(BaseCommand):
    help = "Review every active partner as of a date: write decisions and print the changes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="YYYY-MM-DD (default: today, UTC)")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change; write nothing"
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="queue the review for `partnercenter db_worker`",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        as_of = parse_day(opts["as_of"])
        try:
            edition = edition_at(as_of)
        except NoEdition as exc:
            raise CommandError(str(exc)) from None
        if opts["background"]:
            try:
                with transaction.atomic():
                    run = review_start(as_of=as_of, dry_run=opts["dry_run"])
                    if not opts["dry_run"]:
                        audit_record(
                            actor=command_line_actor(),
                            action="review.run",
                            target=("reviewrun", run.pk, f"as of {as_of}"),
                            details={"as_of": as_of, "background": True},
                        )
            except ReviewError as exc:
                raise CommandError(exc.message) from None
            self.stdout.write(
                f"Queued review run #{run.pk} as of {as_of}; `partnercenter db_worker` runs it."
            )
            return
        if not opts["dry_run"]:
            posted = anniversaries_post(as_of=as_of)
            if posted:
                self.stdout.write(f"Posted {posted} annual participation entries (anniversaries).")
        progress = _bar if sys.stderr.isatty() else None
        try:
            result = review_run(as_of=as_of, dry_run=opts["dry_run"], progress=progress)
        except ReviewAlreadyRunning as exc:
            raise CommandError(exc.message) from None
        if not opts["dry_run"]:
            counts = {"total": result.total, "up": result.up, "down": result.down}
            audit_record(
                actor=command_line_actor(),
                action="review.run",
                target=("review", as_of, f"as of {as_of}"),
                details={"as_of": as_of, **counts},
            )
        if progress:
            sys.stderr.write("\n")
        self.stdout.write(review_text(result, edition))


def _bar(done: int, total: int) -> None:
    width = 40
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} partners")
    sys.stderr.flush()

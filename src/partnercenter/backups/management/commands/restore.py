"""`partnercenter restore PATH`: restore a backup into the configured, empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from partnercenter.backups.errors import RestoreRefused
from partnercenter.backups.services import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `partnercenter backup` into the configured database, which "
        "must be empty. Refuses a file of the other database vendor, a damaged file and a "
        "backup made by a newer version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The backup file (its manifest PATH.json beside it).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that has tables. Everything in it is lost: only for a "
            "database you mean to throw away (a staging copy, a test).",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            result = backup_restore(path=Path(opts["path"]), force=opts["force"])
        except RestoreRefused as exc:
            raise CommandError(exc.message) from None
        except DatabaseError as exc:
            raise CommandError(f"The target database could not be used: {exc}") from None
        counts = ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in result.counts.items())
        self.stdout.write(
            f"Restored the backup of {result.manifest['created_at']} ({counts}); row counts match."
        )
        if result.pending_migrations:
            self.stdout.write(
                f"The code has {len(result.pending_migrations)} migrations the backup predates: "
                "run `partnercenter migrate`."
            )

"""`partnercenter backup PATH`: copy the whole database to PATH (and PATH.json), online."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from partnercenter.backups.errors import BackupRefused
from partnercenter.backups.services import backup_create


class Command(BaseCommand):
    help = (
        "Back up the whole database to PATH while the server runs (SQLite: the online backup "
        "API; PostgreSQL: pg_dump --format=custom), with a manifest PATH.json beside it. "
        "PATH may be a folder: the file is then named by the time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The new backup file (never overwritten), or a folder.")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            result = backup_create(path=Path(opts["path"]))
        except BackupRefused as exc:
            raise CommandError(exc.message) from None
        except DatabaseError as exc:
            raise CommandError(f"The database could not be read: {exc}") from None
        counts = ", ".join(
            f"{v:,} {k.replace('_', ' ')}" for k, v in result.manifest["counts"].items()
        )
        self.stdout.write(
            f"Backed up the {result.manifest['vendor']} database to {result.path} "
            f"({result.manifest['bytes']:,} bytes; {counts}); manifest {result.manifest_path}."
        )

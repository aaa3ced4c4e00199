"""Why a backup or a restore was refused (nothing was written)."""

from __future__ import annotations

from partnercenter.errors import Refusal


class BackupRefused(Refusal):
    """The backup could not be written (bad path, file exists, pg_dump failed)."""

    code = "backup_refused"
    field = "path"


class RestoreRefused(Refusal):
    """The file cannot be restored here (not a backup, other vendor, target not empty)."""

    code = "restore_refused"
    field = "path"

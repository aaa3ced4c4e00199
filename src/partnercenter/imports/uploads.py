"""Files uploaded in the back office, kept between the dry run and the import by their SHA-256.

The staff member checks a file and then imports the very same bytes without choosing it
again: the hash names what was checked, so an edited file cannot slip in between. Files
live in `VAR_DIR/imports/` (not the session or the database: they may be 20 MB) and are
removed after the import, or after a day.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from partnercenter.imports.errors import ImportFileError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
"""The largest file the back office accepts; bigger files go through `partnercenter import`."""

KEEP_SECONDS = 24 * 3600
"""A checked file not imported within a day is removed."""

_SHA = re.compile(r"[0-9a-f]{64}")


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_path(sha256: str) -> Path | None:
    """The stored file with this hash, or None (unknown, malformed or already removed)."""
    if not _SHA.fullmatch(sha256):
        return None
    path = _folder() / f"{sha256}.csv"
    return path if path.is_file() else None


def upload_store(*, chunks: Iterable[bytes]) -> str:
    """Store an uploaded file under its SHA-256 and return the hash; refuse it above the cap."""
    uploads_sweep()
    folder = _folder()
    digest = hashlib.sha256()
    size = 0
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise ImportFileError(
                        f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; "
                        "import it with `partnercenter import` on the server."
                    )
                digest.update(chunk)
                out.write(chunk)
        sha = digest.hexdigest()
        os.replace(temporary, folder / f"{sha}.csv")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha


def upload_remove(sha256: str) -> None:
    """Remove a stored file once it is imported."""
    path = upload_path(sha256)
    if path is not None:
        path.unlink(missing_ok=True)


def uploads_sweep(*, now: float | None = None) -> int:
    """Remove stored files older than a day; returns how many."""
    limit = (now or time.time()) - KEEP_SECONDS
    removed = 0
    for path in _folder().iterdir():
        if path.suffix in (".csv", ".part") and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed

"""Reading what the import offers: its kinds and their example files."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from partnercenter.imports.kinds import KINDS, Kind


def import_kinds() -> list[Kind]:
    """The kinds in the order they are imported (partners first)."""
    return list(KINDS.values())


def example_path(kind: str) -> Path | None:
    """The example file of a kind (`docs/import-examples/<kind>.csv`), if the kind exists."""
    if kind not in KINDS:
        return None
    path = Path(settings.BASE_DIR) / "docs" / "import-examples" / f"{kind}.csv"
    return path if path.is_file() else None

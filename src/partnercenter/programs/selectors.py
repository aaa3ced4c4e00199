"""Reading editions: the one in force on a date, parsed once per content hash."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.conf import settings
from django.db import connection

from partnercenter.domain.loader import parse_edition
from partnercenter.domain.program import Edition
from partnercenter.programs.models import ProgramEdition


class NoEdition(LookupError):
    """No edition of the program is loaded (run `partnercenter program load PATH`)."""


def program_id() -> str:
    """The program this installation runs."""
    return str(getattr(settings, "PARTNERCENTER_PROGRAM", "exponential"))


def edition_at(day: date) -> Edition:
    """The edition in force on `day`: the latest effective on or before it.

    Before the first edition's date, the first edition applies (history loaded
    before the program existed is still judged by its first rules). Called on
    every posting and review, so it reads two columns and parses each text once.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sha256, effective_from FROM programs_programedition "
            "WHERE program_id = %s ORDER BY effective_from",
            [program_id()],
        )
        rows = cursor.fetchall()
    if not rows:
        raise NoEdition("No program edition is loaded: run `partnercenter program load PATH`.")
    chosen = rows[0][0]
    for sha, effective in rows:
        if str(effective)[:10] <= day.isoformat():
            chosen = sha
    return _by_sha(chosen)


@lru_cache(maxsize=32)
def _by_sha(sha256: str) -> Edition:
    row = ProgramEdition.objects.filter(sha256=sha256).first()
    if row is None:
        raise NoEdition(f"Edition {sha256[:8]} vanished.")
    return parse_edition(row.source, row.filename or f"edition {row.edition_id}")


def editions() -> list[ProgramEdition]:
    return list(ProgramEdition.objects.filter(program_id=program_id()).order_by("effective_from"))


def edition_by_id(edition_id: str) -> Edition:
    """The stored edition `edition_id` (documents issued under it re-render with it)."""
    row = (
        ProgramEdition.objects.filter(program_id=program_id(), edition_id=edition_id)
        .only("sha256")
        .first()
    )
    if row is None:
        raise NoEdition(f"Edition {edition_id!r} is not loaded.")
    return _by_sha(row.sha256)

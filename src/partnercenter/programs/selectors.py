"""Reading editions: the one in force on a date, parsed once per content hash."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.conf import settings

from partnercenter.domain.loader import parse_edition
from partnercenter.domain.program import Edition
from partnercenter.programs.models import ProgramEdition


class NoEdition(LookupError):
    """No edition of the program is loaded (run `partnercenter program load PATH`)."""


def program_id() -> str:
    """The program this installation runs."""
    return str(getattr(settings, "PARTNERCENTER_PROGRAM", "exponential"))


@lru_cache(maxsize=32)
def _parse(sha256: str, source: str) -> Edition:
    return parse_edition(source, f"edition {sha256[:8]}")


def _to_edition(row: ProgramEdition) -> Edition:
    return _parse(row.sha256, row.source)


def edition_at(day: date) -> Edition:
    """The edition in force on `day`: the latest effective on or before it.

    Before the first edition's date, the first edition applies (history loaded
    before the program existed is still judged by its first rules).
    """
    rows = ProgramEdition.objects.filter(program_id=program_id())
    row = rows.filter(effective_from__lte=day).order_by("-effective_from").first()
    row = row or rows.order_by("effective_from").first()
    if row is None:
        raise NoEdition("No program edition is loaded: run `partnercenter program load PATH`.")
    return _to_edition(row)


def edition_by_id(edition_id: str) -> Edition:
    row = ProgramEdition.objects.filter(program_id=program_id(), edition_id=edition_id).first()
    if row is None:
        raise NoEdition(f"Edition {edition_id!r} is not loaded.")
    return _to_edition(row)


def editions() -> list[ProgramEdition]:
    return list(ProgramEdition.objects.filter(program_id=program_id()).order_by("effective_from"))

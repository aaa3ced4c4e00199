"""Loading editions into the database."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from partnercenter.domain.loader import Problem, ProgramFileError, parse_edition
from partnercenter.domain.program import Edition
from partnercenter.programs.models import ProgramEdition


class EditionConflict(Exception):
    """An edition with this id (or effective date) is already loaded with other content."""


@dataclass(frozen=True)
class LoadResult:
    edition: Edition
    row: ProgramEdition
    created: bool


@transaction.atomic
def edition_load(*, path: str | Path, replace: bool = False) -> LoadResult:
    """Validate an edition file and store it; loading the same file again changes nothing.

    Editions are history: a different text under an existing edition id or date
    is refused — publish a new edition instead. `replace` overwrites the stored
    text of the same edition id (for development, where the shipped file evolves;
    decisions already written keep the facts and explanation they were made with).
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProgramFileError(str(p), [Problem("(file)", f"cannot be read: {exc}")]) from None
    edition = parse_edition(text, str(p))
    digest = hashlib.sha256(text.encode()).hexdigest()
    existing = ProgramEdition.objects.filter(
        program_id=edition.program_id, edition_id=edition.edition_id
    ).first()
    if existing is not None and existing.sha256 != digest and replace:
        clash = (
            ProgramEdition.objects.filter(
                program_id=edition.program_id, effective_from=edition.effective_from
            )
            .exclude(pk=existing.pk)
            .first()
        )
        if clash is not None:
            raise EditionConflict(
                f"{p}: edition {clash.edition_id!r} already takes effect on {edition.effective_from}."
            )
        existing.source, existing.sha256, existing.filename = text, digest, p.name
        existing.effective_from = edition.effective_from
        existing.save()
        return LoadResult(edition, existing, created=True)
    if existing is not None:
        if existing.sha256 != digest:
            raise EditionConflict(
                f"{p}: edition {edition.edition_id!r} is already loaded with different content; "
                "publish changes as a new edition with a new id and effective_from "
                "(or, in development, `program load --replace PATH`)."
            )
        return LoadResult(edition, existing, created=False)
    clash = ProgramEdition.objects.filter(
        program_id=edition.program_id, effective_from=edition.effective_from
    ).first()
    if clash is not None:
        raise EditionConflict(
            f"{p}: edition {clash.edition_id!r} already takes effect on {edition.effective_from}."
        )
    row = ProgramEdition.objects.create(
        program_id=edition.program_id,
        edition_id=edition.edition_id,
        effective_from=edition.effective_from,
        source=text,
        sha256=digest,
        filename=p.name,
    )
    return LoadResult(edition, row, created=True)

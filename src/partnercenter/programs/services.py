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


CONTRACT_FILE = "contract.html"
"""An edition's contract template lives beside its TOML: `<edition file stem>/contract.html`."""


def contract_template_path(edition_path: str | Path) -> Path:
    """Where the contract template of the edition file `edition_path` lives."""
    p = Path(edition_path)
    return p.with_suffix("") / CONTRACT_FILE


def contract_template_problems(text: str, path: str | Path) -> list[Problem]:
    """Whether a contract template parses as a Django template (rendered later, per partner)."""
    from django.template import TemplateSyntaxError, engines

    try:
        engines["django"].from_string(text)
    except TemplateSyntaxError as exc:
        return [Problem("(template)", f"does not parse as a Django template: {exc}")]
    return []


def _read_contract(edition_path: Path) -> str | None:
    """The edition's contract template text, None when there is none; a broken one is refused."""
    path = contract_template_path(edition_path)
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProgramFileError(str(path), [Problem("(file)", f"cannot be read: {exc}")]) from None
    problems = contract_template_problems(text, path)
    if problems:
        raise ProgramFileError(str(path), problems)
    return text


@transaction.atomic
def edition_load(*, path: str | Path, replace: bool = False) -> LoadResult:
    """Validate an edition file and store it; loading the same file again changes nothing.

    The contract template beside it (`<stem>/contract.html`, if any) is stored with it.
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
    contract = _read_contract(p)
    digest = hashlib.sha256(text.encode()).hexdigest()
    existing = ProgramEdition.objects.filter(
        program_id=edition.program_id, edition_id=edition.edition_id
    ).first()
    template_stored = False
    if existing is not None and contract is not None and existing.contract_template != contract:
        # An edition loaded before contracts were stored gets its template; another
        # text under a stored template is a new edition (or, in development, --replace).
        if existing.contract_template and not replace:
            raise EditionConflict(
                f"{contract_template_path(p)}: the contract of edition {edition.edition_id!r} "
                "is already loaded with different content; publish it with a new edition "
                "(or, in development, `program load --replace PATH`)."
            )
        existing.contract_template = contract
        existing.save(update_fields=["contract_template"])
        template_stored = True
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
        _editions_changed()
        return LoadResult(edition, existing, created=True)
    if existing is not None:
        if existing.sha256 != digest:
            raise EditionConflict(
                f"{p}: edition {edition.edition_id!r} is already loaded with different content; "
                "publish changes as a new edition with a new id and effective_from "
                "(or, in development, `program load --replace PATH`)."
            )
        return LoadResult(edition, existing, created=template_stored)
    taken = edition_date_taken(edition)
    if taken is not None:
        raise EditionConflict(f"{p}: {taken}")
    row = edition_create(edition=edition, text=text, contract=contract or "", filename=p.name)
    return LoadResult(edition, row, created=True)


def _editions_changed() -> None:
    """Pages kept per partner (standing.cache) follow the editions stored."""
    from partnercenter.standing.cache import editions_changed

    editions_changed()


def edition_date_taken(edition: Edition) -> str | None:
    """Why `edition` cannot be added beside the stored ones (its date is taken), else None."""
    clash = ProgramEdition.objects.filter(
        program_id=edition.program_id, effective_from=edition.effective_from
    ).first()
    if clash is None:
        return None
    return f"edition {clash.edition_id!r} already takes effect on {edition.effective_from}."


def edition_create(*, edition: Edition, text: str, contract: str, filename: str) -> ProgramEdition:
    """Store a new edition row from checked text (the one insert `program load` and the back
    office's publish share); the caller has refused a taken id or date."""
    _editions_changed()
    return ProgramEdition.objects.create(
        program_id=edition.program_id,
        edition_id=edition.edition_id,
        effective_from=edition.effective_from,
        source=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        filename=filename,
        contract_template=contract,
    )


@dataclass(frozen=True)
class EditionCheck:
    """What `program check` says about an edition's text and its contract template."""

    edition: Edition | None
    problems: list[Problem]
    """The program file's problems, each named by field path."""
    contract_problems: list[Problem]
    """The contract template's problems (it must parse as a Django template)."""

    @property
    def ok(self) -> bool:
        return self.edition is not None and not self.contract_problems


def edition_check(*, text: str, contract: str | None, source: str) -> EditionCheck:
    """Check an edition's text (and its contract template, if any) without storing anything:
    the one check behind `program check` and the back office's edition drafts."""
    try:
        edition: Edition | None = parse_edition(text, source)
        problems: list[Problem] = []
    except ProgramFileError as error:
        edition, problems = None, list(error.problems)
    contract_problems = contract_template_problems(contract, source) if contract is not None else []
    return EditionCheck(edition, problems, contract_problems)


def edition_check_file(path: str | Path) -> EditionCheck:
    """`edition_check` of an edition file and the contract template beside it (if any)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        return EditionCheck(None, [Problem("(file)", f"cannot be read: {exc.strerror}")], [])
    except UnicodeDecodeError:
        return EditionCheck(None, [Problem("(file)", "is not UTF-8 text")], [])
    template = contract_template_path(p)
    contract = None
    if template.is_file():
        try:
            contract = template.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            result = edition_check(text=text, contract=None, source=str(p))
            return EditionCheck(
                None, result.problems, [Problem("(file)", f"cannot be read: {exc}")]
            )
    return edition_check(text=text, contract=contract, source=str(p))

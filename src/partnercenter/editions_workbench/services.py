"""Writing edition drafts: create (upload or copy), save, publish — each in the audit trail."""

from __future__ import annotations

import hashlib
import tomllib
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.domain.loader import ProgramFileError, parse_edition
from partnercenter.editions_workbench.errors import (
    DraftFileInvalid,
    DraftHasProblems,
    DraftPublished,
    EditionIdTaken,
    PublishDateRefused,
)
from partnercenter.editions_workbench.models import EditionDraft
from partnercenter.editions_workbench.selectors import draft_check, proposed_date, publish_problems
from partnercenter.editions_workbench.text import retarget
from partnercenter.programs.models import ProgramEdition
from partnercenter.programs.selectors import edition_at, program_id
from partnercenter.programs.services import edition_create

MAX_TEXT_BYTES = 256 * 1024
"""The largest program file or contract template a draft holds (the shipped ones are ~20 KB)."""


def text_decoded(data: bytes, *, field: str, what: str) -> str:
    """Uploaded bytes as text: at most `MAX_TEXT_BYTES`, UTF-8 (a BOM is dropped)."""
    if len(data) > MAX_TEXT_BYTES:
        raise DraftFileInvalid(
            f"The {what} is {len(data) / 1024:,.0f} KB; at most {MAX_TEXT_BYTES // 1024} KB.",
            field=field,
        )
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise DraftFileInvalid(
            f"The {what} is not UTF-8 text (byte {exc.start + 1} cannot be read); "
            "save it as UTF-8 and upload it again.",
            field=field,
        ) from None


def _sized(text: str, *, field: str, what: str) -> str:
    size = len(text.encode())
    if size > MAX_TEXT_BYTES:
        raise DraftFileInvalid(
            f"The {what} is {size / 1024:,.0f} KB; at most {MAX_TEXT_BYTES // 1024} KB.",
            field=field,
        )
    return text


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def draft_create(
    *, source: str, contract_template: str | None, filename: str, actor: Any, today: date
) -> EditionDraft:
    """A draft from an uploaded program file (and contract template, else the one in force).

    A file that is not TOML at all is refused (it is likely the wrong file); one that is
    TOML but breaks the program's rules is stored, and the draft page names each mistake.
    """
    _sized(source, field="program_file", what="program file")
    try:
        tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise DraftFileInvalid(
            f"The program file is not TOML: {exc}.", field="program_file"
        ) from None
    if contract_template is None:
        from partnercenter.contracts.selectors import contract_template_at

        contract_template = contract_template_at(today)
    else:
        _sized(contract_template, field="contract_file", what="contract template")
    draft = EditionDraft.objects.create(
        program_id=program_id(),
        source=source,
        contract_template=contract_template,
        filename=filename[:255],
        created_by=_user(actor),
        updated_by=_user(actor),
    )
    _record(actor, "edition_draft.create", draft, {"filename": filename, "from": "upload"})
    return draft


@transaction.atomic
def draft_copy_current(*, actor: Any, today: date) -> EditionDraft:
    """A draft that copies the edition in force (text and contract), proposed for the 1st of
    next month: the id and date in `[program]` already say so, the rest is to edit."""
    from partnercenter.contracts.selectors import edition_template

    current = edition_at(today)
    row = ProgramEdition.objects.get(program_id=program_id(), edition_id=current.edition_id)
    on = proposed_date(today)
    source = retarget(row.source, edition_id=current.edition_id, old=current.effective_from, new=on)
    draft = EditionDraft.objects.create(
        program_id=program_id(),
        source=source if source is not None else row.source,
        contract_template=edition_template(current.edition_id),
        based_on=current.edition_id,
        created_by=_user(actor),
        updated_by=_user(actor),
    )
    _record(actor, "edition_draft.create", draft, {"from": "copy", "based_on": current.edition_id})
    return draft


def _locked(draft_id: int) -> EditionDraft:
    draft = (
        EditionDraft.objects.select_for_update(of=("self",))
        .select_related("edition")
        .get(pk=draft_id)
    )
    if draft.published:
        assert draft.edition is not None and draft.published_at is not None
        raise DraftPublished(
            f"Draft #{draft.pk} was published as edition {draft.edition.edition_id!r} on "
            f"{draft.published_at:%-d %B %Y}; published editions cannot change. "
            "Start a new draft for the next edition.",
            field="",
        )
    return draft


@transaction.atomic
def draft_save(*, draft_id: int, source: str, contract_template: str, actor: Any) -> EditionDraft:
    """Save the draft's edited text (mistakes included: the page names them to fix)."""
    # A browser sends a textarea's lines ending in CRLF; the stored text ends them in LF.
    source = _sized(source.replace("\r\n", "\n"), field="source", what="program file")
    contract_template = _sized(
        contract_template.replace("\r\n", "\n"),
        field="contract_template",
        what="contract template",
    )
    draft = _locked(draft_id)
    if draft.source == source and draft.contract_template == contract_template:
        return draft
    draft.source, draft.contract_template = source, contract_template
    draft.updated_by = _user(actor)
    draft.save(update_fields=["source", "contract_template", "updated_by", "updated_at"])
    check = draft_check(draft)
    _record(
        actor,
        "edition_draft.save",
        draft,
        {
            "sha256": _digest(source),
            "problems": len(check.problems) + len(check.contract_problems),
        },
    )
    return draft


@transaction.atomic
def draft_publish(
    *, draft_id: int, effective_from: date, actor: Any, today: date
) -> ProgramEdition:
    """Publish the draft as a new, immutable edition taking effect `effective_from`.

    Refused, with nothing written: a draft published already, a date not after today or
    taken by another edition, an edition id in use, a text `program check` faults. A
    date other than the text's rewrites `program.effective_from` (and the id, when it is
    the date) so the stored text says what was published.
    """
    draft = _locked(draft_id)
    if effective_from <= today:
        raise PublishDateRefused(
            f"The effective date must be after today ({today:%-d %B %Y}); "
            f"{effective_from:%-d %B %Y} is not."
        )
    check = draft_check(draft)
    if not check.ok or check.edition is None:
        count = len(check.problems) + len(check.contract_problems)
        raise DraftHasProblems(
            f"The draft has {count} problem{'s' if count != 1 else ''}; fix them and save "
            "before publishing.",
            field="source",
        )
    edition, text = check.edition, draft.source
    if edition.effective_from != effective_from:
        moved = retarget(
            text, edition_id=edition.edition_id, old=edition.effective_from, new=effective_from
        )
        if moved is None:
            raise DraftHasProblems(
                "The text's [program] table has no `effective_from = YYYY-MM-DD` line to set; "
                "write the date there.",
                field="source",
            )
        try:
            edition = parse_edition(moved, draft.filename or f"draft #{draft.pk}")
        except ProgramFileError as error:  # pragma: no cover - only the date line changed
            raise DraftHasProblems(str(error), field="source") from None
        text = moved
    for problem in publish_problems(edition, effective_from, today):
        kind = EditionIdTaken if problem.path == "program.edition" else PublishDateRefused
        field = "source" if problem.path != "program.effective_from" else "effective_from"
        raise kind(f"{problem.path} {problem.message}.", field=field)
    try:
        with transaction.atomic():
            row = edition_create(
                edition=edition,
                text=text,
                contract=draft.contract_template,
                filename=f"{edition.edition_id}.toml",
            )
    except IntegrityError:
        raise PublishDateRefused(
            "Another edition with this id or date was published a moment ago; reload the page."
        ) from None
    draft.source, draft.edition = text, row
    draft.published_at, draft.published_by = timezone.now(), _user(actor)
    draft.save(update_fields=["source", "edition", "published_at", "published_by", "updated_at"])
    audit_record(
        actor=actor,
        action="edition.publish",
        target=("edition", edition.edition_id, edition.program_name),
        details={
            "draft": draft.pk,
            "effective_from": effective_from,
            "sha256": row.sha256,
            "based_on": draft.based_on,
        },
    )
    return row


def _user(actor: Any) -> Any:
    """The staff user behind `actor`, None for a label (the demo, a command)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def _record(actor: Any, action: str, draft: EditionDraft, details: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=("editiondraft", draft.pk, f"Edition draft #{draft.pk}"),
        details=details,
    )

"""Reading editions and drafts for the back office: the list, a draft's report, its contract."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet

from partnercenter.domain.diff import diff_editions
from partnercenter.domain.loader import Problem
from partnercenter.domain.program import Edition
from partnercenter.editions_workbench.models import EditionDraft
from partnercenter.programs.models import ProgramEdition
from partnercenter.programs.selectors import NoEdition, edition_at, program_id
from partnercenter.programs.services import EditionCheck, edition_check
from partnercenter.review.services import Change
from partnercenter.review.simulate import Simulation, edition_simulate

MOVES_SHOWN = 200
"""The what-if table lists this many moves; the counts always cover every partner."""

SAMPLE_PARTNER: dict[str, str] = {
    "name": "Sample Partner GmbH",
    "slug": "sample-partner",
    "country": "DE",
    "country_name": "Germany",
    "profile": "it",
    "profile_name": "IT",
    "website": "https://sample-partner.example",
    "contact_name": "Sam Sample",
    "contact_email": "sam@sample-partner.example",
}
"""The partner a contract preview is rendered for when no partner is active yet."""


def proposed_date(today: date) -> date:
    """The date a new edition is proposed for: the 1st of next month (the monthly review's
    day in the shipped edition, so one review runs wholly under one edition)."""
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


@dataclass(frozen=True)
class EditionRow:
    """One stored edition on the Editions page, with its state on `today`."""

    edition_id: str
    effective_from: date
    state: str
    """"in force", "scheduled" or "past"."""
    loaded_at: datetime
    filename: str
    draft_id: int | None


def editions_listing(today: date) -> list[EditionRow]:
    """Every stored edition, latest date first: scheduled, the one in force, then the past."""
    rows = list(
        ProgramEdition.objects.filter(program_id=program_id())
        .select_related("draft")
        .order_by("-effective_from")
    )
    try:
        in_force = edition_at(today).edition_id
    except NoEdition:
        in_force = ""
    out = []
    for row in rows:
        if row.edition_id == in_force:
            state = "in force"
        elif row.effective_from > today:
            state = "scheduled"
        else:
            state = "past"
        draft = getattr(row, "draft", None)
        out.append(
            EditionRow(
                row.edition_id,
                row.effective_from,
                state,
                row.loaded_at,
                row.filename,
                draft.pk if draft is not None else None,
            )
        )
    return out


def drafts_open() -> QuerySet[EditionDraft]:
    """Drafts not yet published, most recently edited first."""
    return EditionDraft.objects.filter(edition__isnull=True).select_related("updated_by")


def draft_label(draft: EditionDraft) -> str:
    """The edition id the draft's text names, best effort (for lists), or "—"."""
    try:
        value = tomllib.loads(draft.source).get("program", {}).get("edition")
    except (tomllib.TOMLDecodeError, AttributeError):
        return "—"
    return str(value) if isinstance(value, str) and value else "—"


def draft_check(draft: EditionDraft) -> EditionCheck:
    """What `program check` says about the draft's text and contract template."""
    source = draft.filename or f"draft #{draft.pk}"
    return edition_check(text=draft.source, contract=draft.contract_template, source=source)


def publish_problems(edition: Edition, on: date, today: date) -> list[Problem]:
    """Why `edition` could not be published to take effect `on` (beyond `program check`)."""
    out = []
    if edition.program_id != program_id():
        out.append(
            Problem(
                "program.id", f"is {edition.program_id!r}; this installation runs {program_id()!r}"
            )
        )
    if on <= today:
        out.append(
            Problem(
                "program.effective_from",
                f"is {on:%-d %B %Y}; an edition must take effect after today ({today:%-d %B %Y})",
            )
        )
    stored = ProgramEdition.objects.filter(program_id=edition.program_id)
    same_day = stored.filter(effective_from=on).first()
    if same_day is not None:
        out.append(
            Problem(
                "program.effective_from",
                f"edition {same_day.edition_id!r} already takes effect on {on:%-d %B %Y}",
            )
        )
    if stored.filter(edition_id=edition.edition_id).exists():
        out.append(
            Problem(
                "program.edition", f"edition {edition.edition_id!r} exists already; use a new id"
            )
        )
    return out


@dataclass(frozen=True)
class Move:
    """One partner the what-if moves: from which level to which, and how it would be a member."""

    slug: str
    name: str
    before: str
    after: str
    direction: str
    membership: str


@dataclass
class DraftReport:
    """Everything the draft page shows about a draft, computed without writing anything."""

    check: EditionCheck
    effective_from: date | None
    publish_problems: list[Problem] = field(default_factory=list)
    base: Edition | None = None
    """The edition the draft would follow: the one in force the day before it takes effect."""
    diff: list[str] = field(default_factory=list)
    simulation: Simulation | None = None
    moves: list[Move] = field(default_factory=list)
    """The first `MOVES_SHOWN` partners who would change level, in words."""

    @property
    def problem_count(self) -> int:
        return len(self.check.problems) + len(self.check.contract_problems)


def draft_report(draft: EditionDraft, today: date) -> DraftReport:
    """Problems by field path; when the text is sound, the diff against the edition it follows
    and, until published, the what-if as of its effective date (every partner counted,
    `MOVES_SHOWN` listed)."""
    check = draft_check(draft)
    edition = check.edition
    report = DraftReport(check, edition.effective_from if edition else None)
    if edition is None:
        return report
    if not draft.published:
        report.publish_problems = publish_problems(edition, edition.effective_from, today)
    try:
        report.base = edition_at(edition.effective_from - timedelta(days=1))
    except NoEdition:
        return report
    report.diff = diff_editions(report.base, edition)
    if draft.published:
        return report  # in force from its date: the what-if would compare it with itself
    report.simulation = edition_simulate(candidate=edition, as_of=edition.effective_from)
    names = {lv.code: lv.name for lv in report.base.levels}
    names.update({lv.code: lv.name for lv in edition.levels})
    report.moves = [
        _move(c, names, report.simulation) for c in report.simulation.moves[:MOVES_SHOWN]
    ]
    return report


def _move(change: Change, names: dict[str, str], simulation: Simulation) -> Move:
    return Move(
        change.slug,
        change.name,
        names.get(change.previous, change.previous) or "no level",
        names.get(change.level, change.level) or "no level",
        change.direction,
        simulation.memberships.get(change.partner_id, "").replace("_", " "),
    )


def sample_partner_details(edition: Edition) -> dict[str, Any]:
    """The details a contract preview prints: the first active partner's, else a sample's."""
    from partnercenter.contracts.rendering import partner_details
    from partnercenter.partners.models import Partner, PartnerStatus

    partner = Partner.objects.filter(status=PartnerStatus.ACTIVE).order_by("pk").first()
    if partner is None:
        return dict(SAMPLE_PARTNER)
    return partner_details(partner, edition)


def draft_contract_preview(draft: EditionDraft, today: date) -> bytes | None:
    """The draft's contract as a PDF for a sample partner (the contracts app renders it, as it
    will for partners), or None while the draft has problems."""
    from partnercenter.contracts.rendering import contract_pdf_render

    check = draft_check(draft)
    if not check.ok or check.edition is None or not draft.contract_template:
        return None
    return contract_pdf_render(
        draft.contract_template,
        edition=check.edition,
        details=sample_partner_details(check.edition),
        kind="joining",
        issued_on=today,
        code="PREVIEW",
    )

"""Drafts of an edition: created, saved, published once for a later date; refusals change nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User

from partnercenter.audit.models import AuditEvent
from partnercenter.editions_workbench.errors import (
    DraftFileInvalid,
    DraftHasProblems,
    DraftPublished,
    EditionIdTaken,
    PublishDateRefused,
)
from partnercenter.editions_workbench.models import EditionDraft
from partnercenter.editions_workbench.services import (
    MAX_TEXT_BYTES,
    draft_copy_current,
    draft_create,
    draft_publish,
    draft_save,
    text_decoded,
)
from partnercenter.programs.models import ProgramEdition
from partnercenter.programs.selectors import edition_at
from tests.editions_workbench.conftest import fixed, sample_text

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)
NEXT_MONTH = date(2026, 12, 1)


@pytest.fixture
def staff(edition: Any) -> User:
    return User.objects.create_user("pm@7x.example", "pm@7x.example", "x", is_staff=True)


def new_draft(staff: User, text: str | None = None) -> EditionDraft:
    return draft_create(
        source=text if text is not None else sample_text(),
        contract_template=None,
        filename="next.toml",
        actor=staff,
        today=TODAY,
    )


def state() -> tuple[int, int, list[tuple[str, str]]]:
    """Drafts, audit rows and stored editions: what a refusal must leave alone."""
    editions = list(ProgramEdition.objects.values_list("edition_id", "sha256"))
    return EditionDraft.objects.count(), AuditEvent.objects.count(), editions


def test_upload_stores_a_draft_with_the_contract_in_force(staff: User) -> None:
    # given the shipped edition; when staff upload the sample
    draft = new_draft(staff)
    # then a draft holds its text and the contract of the edition in force, recorded
    assert draft.source == sample_text()
    assert "Exponential Partner Program Contract" in draft.contract_template
    event = AuditEvent.objects.get(action="edition_draft.create")
    assert event.actor == staff and event.target_id == str(draft.pk)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"x" * (MAX_TEXT_BYTES + 1), "at most 256 KB"),
    ],
)
def test_bytes_that_are_not_small_utf8_text_are_refused(data: bytes, words: str) -> None:
    with pytest.raises(DraftFileInvalid) as refused:
        text_decoded(data, field="program_file", what="program file")
    assert words in refused.value.message and refused.value.field == "program_file"


def test_a_file_that_is_not_toml_is_refused_and_nothing_is_stored(staff: User) -> None:
    before = state()
    with pytest.raises(DraftFileInvalid) as refused:
        new_draft(staff, "%PDF-1.7 this is not a program")
    assert refused.value.field == "program_file" and "not TOML" in refused.value.message
    assert state() == before


def test_copy_of_the_current_edition_is_proposed_for_the_first_of_next_month(staff: User) -> None:
    draft = draft_copy_current(actor=staff, today=TODAY)
    assert draft.based_on == "2025-01-01"
    assert 'edition = "2026-12-01"' in draft.source
    assert "effective_from = 2026-12-01" in draft.source
    assert draft.contract_template == ProgramEdition.objects.get().contract_template


def test_saving_fixes_and_publishing_stores_an_edition_in_force_from_its_date(staff: User) -> None:
    draft = new_draft(staff)
    draft_save(draft_id=draft.pk, source=fixed(draft.source), contract_template=draft.contract_template, actor=staff)  # fmt: skip
    row = draft_publish(draft_id=draft.pk, effective_from=NEXT_MONTH, actor=staff, today=TODAY)
    # the text is set to the chosen date; the id, which was the date, follows it
    assert (row.edition_id, row.effective_from) == ("2026-12-01", NEXT_MONTH)
    assert "effective_from = 2026-12-01" in row.source
    assert row.contract_template == draft.contract_template
    assert edition_at(NEXT_MONTH).edition_id == "2026-12-01"
    assert edition_at(NEXT_MONTH - timedelta(days=1)).edition_id == "2025-01-01"
    assert edition_at(NEXT_MONTH).level("professional").requirements[0].needed == 4500
    draft.refresh_from_db()
    assert draft.published and draft.published_by == staff and draft.source == row.source
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["edition_draft.create", "edition_draft.save", "edition.publish"]


def test_a_later_edition_can_be_scheduled_after_another(staff: User) -> None:
    first = new_draft(staff, fixed(sample_text()))
    draft_publish(draft_id=first.pk, effective_from=NEXT_MONTH, actor=staff, today=TODAY)
    second = new_draft(staff, fixed(sample_text()))
    row = draft_publish(
        draft_id=second.pk, effective_from=date(2027, 3, 1), actor=staff, today=TODAY
    )
    assert row.edition_id == "2027-03-01"
    assert [e.edition_id for e in ProgramEdition.objects.order_by("effective_from")] == [
        "2025-01-01",
        "2026-12-01",
        "2027-03-01",
    ]


@pytest.mark.parametrize("on", [TODAY - timedelta(days=1), TODAY, date(2025, 1, 1)])
def test_an_effective_date_not_after_today_is_refused(staff: User, on: date) -> None:
    draft = new_draft(staff, fixed(sample_text()))
    before = state()
    with pytest.raises(PublishDateRefused) as refused:
        draft_publish(draft_id=draft.pk, effective_from=on, actor=staff, today=TODAY)
    assert refused.value.field == "effective_from" and "after today" in refused.value.message
    assert state() == before


def test_a_second_publish_of_the_same_draft_is_refused(staff: User) -> None:
    draft = new_draft(staff, fixed(sample_text()))
    draft_publish(draft_id=draft.pk, effective_from=NEXT_MONTH, actor=staff, today=TODAY)
    before = state()
    with pytest.raises(DraftPublished) as refused:
        draft_publish(draft_id=draft.pk, effective_from=date(2027, 2, 1), actor=staff, today=TODAY)
    assert "was published as edition '2026-12-01'" in refused.value.message
    with pytest.raises(DraftPublished):
        draft_save(draft_id=draft.pk, source="[program]\n", contract_template="", actor=staff)
    assert state() == before


def test_a_date_another_edition_takes_is_refused(staff: User) -> None:
    first = new_draft(staff, fixed(sample_text()))
    draft_publish(draft_id=first.pk, effective_from=NEXT_MONTH, actor=staff, today=TODAY)
    other = new_draft(
        staff, fixed(sample_text()).replace('edition = "2027-01-01"', 'edition = "b"')
    )
    before = state()
    with pytest.raises(PublishDateRefused) as refused:
        draft_publish(draft_id=other.pk, effective_from=NEXT_MONTH, actor=staff, today=TODAY)
    assert "'2026-12-01' already takes effect" in refused.value.message
    assert state() == before


def test_an_edition_id_in_use_is_refused(staff: User) -> None:
    text = fixed(sample_text()).replace('edition = "2027-01-01"', 'edition = "2025-01-01"')
    draft = new_draft(staff, text)
    before = state()
    with pytest.raises(EditionIdTaken) as refused:
        draft_publish(draft_id=draft.pk, effective_from=NEXT_MONTH, actor=staff, today=TODAY)
    assert "program.edition" in refused.value.message and refused.value.field == "source"
    assert state() == before


def test_a_draft_with_problems_is_not_published(staff: User) -> None:
    draft = new_draft(staff)
    before = state()
    with pytest.raises(DraftHasProblems) as refused:
        draft_publish(draft_id=draft.pk, effective_from=NEXT_MONTH, actor=staff, today=TODAY)
    assert "4 problems" in refused.value.message
    assert state() == before


def test_a_broken_contract_template_is_a_problem(staff: User) -> None:
    draft = new_draft(staff, fixed(sample_text()))
    draft_save(draft_id=draft.pk, source=draft.source, contract_template="{% if %}", actor=staff)
    with pytest.raises(DraftHasProblems):
        draft_publish(draft_id=draft.pk, effective_from=NEXT_MONTH, actor=staff, today=TODAY)


def test_saving_normalises_crlf_and_refuses_a_huge_text(staff: User) -> None:
    draft = new_draft(staff)
    saved = draft_save(draft_id=draft.pk, source="a\r\nb", contract_template="", actor=staff)
    assert saved.source == "a\nb"
    before = state()
    with pytest.raises(DraftFileInvalid) as refused:
        draft_save(draft_id=draft.pk, source="x" * (MAX_TEXT_BYTES + 1), contract_template="", actor=staff)  # fmt: skip
    assert refused.value.field == "source"
    assert state() == before


def test_the_database_keeps_a_published_edition_and_its_draft(staff: User) -> None:
    from django.db import DatabaseError, transaction

    draft = new_draft(staff, fixed(sample_text()))
    row = draft_publish(draft_id=draft.pk, effective_from=NEXT_MONTH, actor=staff, today=TODAY)
    loaded = ProgramEdition.objects.get(edition_id="2025-01-01")
    for attempt in (
        lambda: ProgramEdition.objects.filter(pk=row.pk).update(source="changed"),
        lambda: ProgramEdition.objects.filter(pk=row.pk).update(effective_from=date(2027, 5, 1)),
        lambda: ProgramEdition.objects.filter(pk=row.pk).delete(),
        lambda: EditionDraft.objects.filter(pk=draft.pk).update(source="changed"),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    row.refresh_from_db()
    assert row.source == EditionDraft.objects.get().source and row.effective_from == NEXT_MONTH
    # editions loaded from files stay as before (`program load --replace` in development)
    ProgramEdition.objects.filter(pk=loaded.pk).update(filename="renamed.toml")
    # an open draft is edited freely
    other = new_draft(staff)
    EditionDraft.objects.filter(pk=other.pk).update(source="[program]\n")


def test_program_load_replace_cannot_rewrite_a_published_edition(
    staff: User, tmp_path: Any
) -> None:
    import io

    from django.core.management import call_command

    draft = new_draft(staff, fixed(sample_text()))
    row = draft_publish(draft_id=draft.pk, effective_from=NEXT_MONTH, actor=staff, today=TODAY)
    changed = tmp_path / "2026-12-01.toml"
    changed.write_text(row.source.replace("points = 4500", "points = 4400"))
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("program", "load", "--replace", str(changed), stderr=err)
    assert "a published edition does not change" in err.getvalue()
    row.refresh_from_db()
    assert "points = 4500" in row.source

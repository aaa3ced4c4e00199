"""The Editions pages: upload, fix, read the report, publish; bad input named; staff only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from partnercenter.audit.models import AuditEvent
from partnercenter.editions_workbench.models import EditionDraft
from partnercenter.editions_workbench.selectors import proposed_date
from partnercenter.editions_workbench.services import MAX_TEXT_BYTES
from partnercenter.programs.models import ProgramEdition
from tests.editions_workbench.conftest import fixed, sample_text
from tests.submissions.factories import PASSWORD, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client, world: World) -> Client:
    client.force_login(world.staff)
    return client


def upload(client: Client, data: bytes, name: str = "next.toml", **extra: Any) -> Any:
    return client.post(
        "/backoffice/editions/upload/",
        {"program_file": SimpleUploadedFile(name, data, "application/toml"), **extra},
    )


def counts() -> tuple[int, int, int]:
    return EditionDraft.objects.count(), ProgramEdition.objects.count(), AuditEvent.objects.count()


def test_list_shows_the_edition_in_force_and_the_new_edition_forms(staff: Client) -> None:
    page = staff.get("/backoffice/editions/").content.decode()
    assert "2025-01-01" in page and "in force" in page
    assert "Upload a program file" in page and "Copy the current edition" in page
    detail = staff.get("/backoffice/editions/published/2025-01-01/").content.decode()
    assert "[program]" in detail and "does not change" in detail


def test_upload_fix_and_publish(staff: Client) -> None:
    response = upload(staff, sample_text().encode())
    draft = EditionDraft.objects.get()
    assert (
        response.status_code == 302 and response.url == f"/backoffice/editions/drafts/{draft.pk}/"
    )
    page = staff.get(response.url).content.decode()
    assert "4 problems" in page and "activities[1].tracking" in page
    saved = staff.post(
        response.url,
        {
            "source": fixed(sample_text()).replace("\n", "\r\n"),
            "contract_template": draft.contract_template,
        },
    )
    assert saved.status_code == 302
    page = staff.get(response.url).content.decode()
    assert "No problems" in page and "points in the window 5,000 → 4,500" in page
    assert "Who would move" in page and "Preview the contract (PDF)" in page
    pdf = staff.get(f"/backoffice/editions/drafts/{draft.pk}/contract.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    on = proposed_date(timezone.now().date())
    published = staff.post(
        f"/backoffice/editions/drafts/{draft.pk}/publish/", {"effective_from": on.isoformat()}
    )
    assert published.status_code == 302
    row = ProgramEdition.objects.get(effective_from=on)
    assert row.edition_id == on.isoformat()  # the id was the date: it follows the date
    page = staff.get("/backoffice/editions/").content.decode()
    assert "scheduled" in page
    # a second publish is refused, on the page, and changes nothing
    before = counts()
    again = staff.post(
        f"/backoffice/editions/drafts/{draft.pk}/publish/",
        {"effective_from": (on + timedelta(days=31)).isoformat()},
    )
    assert again.status_code == 400 and "published as edition" in again.content.decode()
    assert counts() == before


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"%PDF-1.7\n\x00\x01", "not TOML"),
        (b"\xff\xfe\x00p\x00r", "not UTF-8"),
        (b"#" * (MAX_TEXT_BYTES + 1), "at most 256 KB"),
    ],
)
def test_a_bad_file_is_named_and_nothing_is_stored(staff: Client, data: bytes, words: str) -> None:
    before = counts()
    response = upload(staff, data)
    assert response.status_code == 400
    assert (
        words in response.content.decode() and 'id="id_program_file"' in response.content.decode()
    )
    assert counts() == before


def test_a_bad_contract_file_is_named(staff: Client) -> None:
    before = counts()
    contract = SimpleUploadedFile("contract.html", b"\xff\xfe<h1>", "text/html")
    response = upload(staff, sample_text().encode(), contract_file=contract)
    assert (
        response.status_code == 400
        and "contract template is not UTF-8" in response.content.decode()
    )
    assert counts() == before


@pytest.mark.parametrize("days", [0, -1])
def test_a_date_not_after_today_is_refused_on_the_field(staff: Client, days: int) -> None:
    upload(staff, fixed(sample_text()).encode())
    draft = EditionDraft.objects.get()
    before = counts()
    on = timezone.now().date() + timedelta(days=days)
    response = staff.post(
        f"/backoffice/editions/drafts/{draft.pk}/publish/", {"effective_from": on.isoformat()}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "must be after today" in page
    assert counts() == before


def test_copy_starts_a_draft_for_next_month(staff: Client) -> None:
    response = staff.post("/backoffice/editions/copy/")
    draft = EditionDraft.objects.get()
    assert response.status_code == 302 and draft.based_on == "2025-01-01"
    page = staff.get(response.url).content.decode()
    assert "No problems" in page and "No differences in the rules." in page


@pytest.mark.parametrize(
    "url",
    [
        "/backoffice/editions/",
        "/backoffice/editions/published/2025-01-01/",
    ],
)
def test_partners_and_anonymous_visitors_are_kept_out(
    client: Client, world: World, url: str
) -> None:
    assert client.get(url).status_code == 302  # to sign in
    client.login(username="max@acme.example", password=PASSWORD)
    assert client.get(url).status_code == 403
    assert client.post("/backoffice/editions/copy/").status_code == 403
    assert EditionDraft.objects.count() == 0


def test_a_long_what_if_says_how_many_it_shows(
    staff: Client, world: World, make_partner: Any, monkeypatch: Any
) -> None:
    from partnercenter.editions_workbench import selectors
    from tests.editions_workbench.conftest import give_points

    monkeypatch.setattr(selectors, "MOVES_SHOWN", 1)
    for slug in ("climber-one", "climber-two"):
        give_points(make_partner(slug), 4600, timezone.now() - timedelta(days=30))
    upload(staff, fixed(sample_text()).encode())
    page = staff.get(f"/backoffice/editions/drafts/{EditionDraft.objects.get().pk}/")
    assert "Showing the first 1 of 2 partners who would change level." in page.content.decode()


@pytest.mark.parametrize("value", ["", "next month", "2026-02-30"])
def test_a_publish_date_that_is_not_a_date_is_named(staff: Client, value: str) -> None:
    upload(staff, fixed(sample_text()).encode())
    draft = EditionDraft.objects.get()
    before = counts()
    response = staff.post(
        f"/backoffice/editions/drafts/{draft.pk}/publish/", {"effective_from": value}
    )
    page = response.content.decode()
    assert response.status_code == 400 and 'id="id_effective_from"' in page
    assert "errorlist" in page
    assert counts() == before


def test_a_text_too_large_to_save_is_named_and_nothing_changes(staff: Client) -> None:
    upload(staff, sample_text().encode())
    draft = EditionDraft.objects.get()
    before = counts()
    response = staff.post(
        f"/backoffice/editions/drafts/{draft.pk}/",
        {"source": "#" * (MAX_TEXT_BYTES + 1), "contract_template": ""},
    )
    assert response.status_code == 400 and "at most 256 KB" in response.content.decode()
    assert counts() == before
    assert EditionDraft.objects.get().source == sample_text()

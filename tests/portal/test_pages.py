"""Every portal page renders for a partner person, with its data and only its partner's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partnercenter.partners.services import certification_record
from partnercenter.review.services import review_run
from partnercenter.submissions.services import submission_approve, submission_create
from tests.submissions.factories import PDF, World


def _signed_in(client: Client, world: World, who: str = "a_admin") -> Client:
    user = getattr(world, who).user
    client.force_login(user)
    return client


@pytest.fixture
def busy(world: World) -> World:
    """Partner A with a certification, an approved report, and two reviews."""
    certification_record(person=world.a_admin, type="sales", earned_on=date(2025, 2, 1))
    sub = submission_create(
        partner=world.a,
        person=world.a_member,
        activity="project",
        occurred_on=date(2025, 3, 3),
        description="Intranet for Example GmbH",
        evidence_file=SimpleUploadedFile("p.pdf", PDF),
        claimed_points=4000,
    )
    submission_approve(submission=sub, staff_user=world.staff)
    review_run(as_of=date(2025, 4, 1))
    review_run(as_of=date(2025, 5, 1))
    return world


@pytest.mark.parametrize(
    "url",
    [
        "/portal/",
        "/portal/ledger/",
        "/portal/ledger/?activity=project&source=reported&start=2025-01-01&end=2025-12-31",
        "/portal/levels/",
        "/portal/plan/",
        "/portal/activities/",
        "/portal/activities/new/",
        "/portal/team/",
        "/portal/profile/",
    ],
)
def test_pages_render(client: Client, busy: World, url: str) -> None:
    response = _signed_in(client, busy).get(url)

    assert response.status_code == 200
    assert b"Acme" in response.content
    assert b"Bravo" not in response.content


def test_dashboard_shows_progress_and_missing_words(client: Client, busy: World) -> None:
    body = _signed_in(client, busy).get("/portal/").content.decode()

    assert "<progress" in body
    assert "more points" in body
    assert "<svg" in body
    # The reason is name-free (the description may name people); it points at the submission.
    assert "Exponential Project (submission #" in body


def test_ledger_bad_filter_shows_field_error_and_lists_everything(
    client: Client, busy: World
) -> None:
    response = _signed_in(client, busy).get("/portal/ledger/?start=yesterday&source=magic")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a valid date" in body
    assert "Select a valid choice" in body
    assert "Exponential Project (submission #" in body


def test_ledger_csv_export(client: Client, busy: World) -> None:
    response = _signed_in(client, busy).get("/portal/ledger/?export=csv&activity=project")

    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    lines = text.strip().splitlines()
    assert lines[0].startswith("entry,partner,occurred_at")
    assert len(lines) == 2
    assert ",project," in lines[1]
    assert ",reported,4000," in lines[1]


def test_level_history_explains(client: Client, busy: World) -> None:
    body = _signed_in(client, busy).get("/portal/levels/").content.decode()

    assert "Points in the window" in body
    assert "1 May 2025" in body


def test_dashboard_shows_the_logo_deadline_after_a_drop(client: Client, world: World) -> None:
    from django.utils import timezone

    from partnercenter.partners.models import Notice

    due = timezone.now().date() + timedelta(days=20)
    Notice.objects.create(
        partner=world.a,
        kind="level_decreased",
        message="Your level changed from Basic to Starter.",
        due_on=due,
    )
    Notice.objects.create(
        partner=world.a, kind="level_decreased", message="Long ago.", due_on=date(2025, 5, 31)
    )
    Notice.objects.create(partner=world.b, kind="level_decreased", message="Bravo dropped.")

    body = _signed_in(client, world).get("/portal/").content.decode()

    assert "Your level dropped." in body
    assert f"Logo deadline: {due.day} {due:%B %Y}." in body
    assert "Bravo dropped" not in body
    assert "Long ago" not in body  # a deadline long past is history, not news


def test_ledger_shows_a_reversal_beside_its_entry(client: Client, busy: World) -> None:
    from partnercenter.ledger.models import Entry
    from partnercenter.ledger.services import entry_reverse

    entry = Entry.objects.get(activity="project")
    reversal = entry_reverse(entry=entry, reason="Project was cancelled").entry

    body = _signed_in(client, busy).get("/portal/ledger/").content.decode()

    assert f"Reversed by entry #{reversal.pk}: Project was cancelled" in body
    assert f"Reverses entry #{entry.pk}" in body


def test_bad_page_and_unknown_ids_never_fail(client: Client, busy: World) -> None:
    signed = _signed_in(client, busy)

    assert signed.get("/portal/ledger/?page=zzz").status_code == 200
    assert signed.get("/portal/activities/999999/").status_code == 404
    assert signed.get("/portal/activities/999999/evidence/").status_code == 404

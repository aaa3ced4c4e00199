"""Back-office pages render for staff with the program's data; writes go through the services."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from partnercenter.backoffice.services import adjustment_post
from partnercenter.ledger.models import Entry
from partnercenter.review.models import ReviewRun
from partnercenter.review.services import review_run
from partnercenter.submissions.models import Status, Submission
from partnercenter.submissions.services import submission_create
from tests.submissions.factories import World


@pytest.fixture
def staff(client: Client, world: World) -> Client:
    client.force_login(world.staff)
    return client


def _report(world: World, activity: str = "case_study", **kw: object) -> Submission:
    return submission_create(
        partner=world.a,
        person=world.a_member,
        activity=activity,
        occurred_on=date(2025, 3, 3),
        description="Case study of Example AG",
        evidence_url="https://example.com/case",
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    "url",
    [
        "/backoffice/",
        "/backoffice/queue/",
        "/backoffice/queue/?activity=case_study&partner=acme&age=0",
        "/backoffice/partners/",
        "/backoffice/partners/?q=ac&level=none&status=active&profile=it",
        "/backoffice/partners/acme/",
        "/backoffice/partners/acme/?explain=1",
        "/backoffice/review/",
        "/backoffice/review/?as_of=2025-05-01",
        "/backoffice/export/",
    ],
)
def test_pages_render(staff: Client, world: World, url: str) -> None:
    _report(world)
    review_run(as_of=date(2025, 4, 1))

    response = staff.get(url)

    assert response.status_code == 200


def _level_row(page: str, name: str) -> str:
    """The "now" count of `name` in the dashboard's partners-per-level table."""
    match = re.search(rf"<tr><td>{name}</td><td class=\"num\">([\d,]+)</td>", page)
    assert match, name
    return match.group(1)


def test_dashboard_level_counts_follow_a_review_at_once(staff: Client, world: World) -> None:
    # given the dashboard was opened (its per-level counts are kept) with nobody at a level
    before = staff.get("/backoffice/").content.decode()
    assert _level_row(before, "Professional") == "0"
    # when Acme earns a level and a review decides it
    adjustment_post(partner=world.a, staff_user=world.staff, points=5000, reason="Big", key="b")
    review_run(as_of=timezone.now().date() + timedelta(days=1))
    # then the next load counts it, not the kept figure
    after = staff.get("/backoffice/").content.decode()
    assert _level_row(after, "Professional") == "1"


def test_approve_from_n_plus_below_minimum_shows_field_error(staff: Client, world: World) -> None:
    sub = _report(world, activity="project", claimed_points=3000)

    response = staff.post(f"/backoffice/submissions/{sub.pk}/approve/", {"points": "100"})

    assert response.status_code == 400
    assert "at least 2,000 points" in response.content.decode()
    assert not Entry.objects.exists()
    response = staff.post(f"/backoffice/submissions/{sub.pk}/approve/", {"points": "2500"})
    assert response.status_code == 302
    assert Entry.objects.get().points == 2500


def test_reject_other_needs_text(staff: Client, world: World) -> None:
    sub = _report(world)

    response = staff.post(f"/backoffice/submissions/{sub.pk}/reject/", {"reason_code": "other"})
    assert response.status_code == 400
    response = staff.post(
        f"/backoffice/submissions/{sub.pk}/reject/",
        {"reason_code": "duplicate", "text": "Already posted in March."},
    )

    assert response.status_code == 302
    sub.refresh_from_db()
    assert (sub.status, sub.reject_reason) == (Status.REJECTED, "duplicate")


def test_bulk_approve(staff: Client, world: World) -> None:
    fixed = _report(world)
    ranged = _report(world, activity="training")

    staff.post("/backoffice/queue/approve/", {"ids": [fixed.pk, ranged.pk]})

    assert Submission.objects.get(pk=fixed.pk).status == Status.APPROVED
    assert Submission.objects.get(pk=ranged.pk).status == Status.PENDING


def test_adjustment_needs_reason_and_posts_once(staff: Client, world: World) -> None:
    response = staff.post("/backoffice/partners/acme/adjust/", {"points": "-300", "key": "k1"})
    assert response.status_code == 400
    assert not Entry.objects.exists()

    for _ in range(2):
        staff.post(
            "/backoffice/partners/acme/adjust/",
            {"points": "-300", "reason": "Duplicate event", "key": "k1"},
        )

    entry = Entry.objects.get()
    assert (entry.points, entry.source, entry.partner_id) == (-300, "adjustment", world.a.pk)


def test_record_certification(staff: Client, world: World) -> None:
    response = staff.post(
        "/backoffice/partners/acme/certify/",
        {"person": world.a_admin.pk, "type": "sales", "earned_on": "2025-02-01"},
    )

    assert response.status_code == 302
    assert Entry.objects.get().activity == "certification"
    response = staff.post(
        "/backoffice/partners/acme/certify/",
        {"person": world.b_admin.pk, "type": "sales", "earned_on": "2025-02-01"},
    )
    assert response.status_code == 400


def test_exports(staff: Client, world: World) -> None:
    sub = _report(world)
    staff.post(f"/backoffice/submissions/{sub.pk}/approve/", {})

    csv_text = b"".join(staff.get("/backoffice/partners/?export=csv").streaming_content)  # type: ignore[attr-defined]
    assert b"acme,Acme" in csv_text
    book = load_workbook(io.BytesIO(staff.get("/backoffice/partners/?export=xlsx").content))
    assert book.active.max_row == 3  # type: ignore[union-attr]
    ledger = b"".join(
        staff.get("/backoffice/export/ledger/?partner=acme").streaming_content  # type: ignore[attr-defined]
    )
    assert b"case_study" in ledger
    xlsx = staff.get("/backoffice/export/ledger/?format=xlsx&source=reported")
    assert load_workbook(io.BytesIO(xlsx.content)).active.max_row == 2  # type: ignore[union-attr]
    bad = staff.get("/backoffice/export/ledger/?start=nope")
    assert bad.status_code == 400


def test_export_form_suggests_partners_as_typed_not_all_of_them(
    staff: Client, world: World
) -> None:
    page = staff.get("/backoffice/export/")
    assert b'<datalist id="partner-slugs"></datalist>' in page.content
    assert b'hx-get="/backoffice/export/partners/"' in page.content

    found = staff.get("/backoffice/export/partners/?partner=acm")

    assert found.status_code == 200
    assert b'<option value="acme">Acme' in found.content
    assert b"<html" not in found.content
    assert b"<option" not in staff.get("/backoffice/export/partners/?partner=zzz").content
    again = staff.get("/backoffice/export/ledger/?partner=nope")
    assert again.status_code == 400
    assert b"No partner has this slug." in again.content


def test_review_run_starts_and_progress_polls(staff: Client, world: World) -> None:
    response = staff.post("/backoffice/review/run/", {"as_of": "2025-05-01"})
    run = ReviewRun.objects.get()
    assert response.status_code == 302

    partial = staff.get(f"/backoffice/review/runs/{run.pk}/", HTTP_HX_REQUEST="true")

    assert b"hx-get" in partial.content
    assert b"<html" not in partial.content
    bad = staff.post("/backoffice/review/run/", {"as_of": "soon"})
    assert bad.status_code == 400

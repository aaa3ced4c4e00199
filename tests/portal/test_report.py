"""Reporting an activity through the form: checked by content, errors on the field, nothing saved."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partnercenter.submissions.models import Status, Submission
from tests.submissions.factories import PDF, PNG, World


def _post(client: Client, world: World, **changes: object) -> object:
    client.force_login(world.a_member.user)  # type: ignore[arg-type]
    data: dict[str, object] = {
        "activity": "case_study",
        "occurred_on": "2025-03-03",
        "description": "Case study for Example SA",
        "evidence_url": "",
    }
    data.update(changes)
    return client.post("/portal/activities/new/", data)


def test_report_with_a_png_then_withdraw(client: Client, world: World) -> None:
    response = _post(client, world, evidence_file=SimpleUploadedFile("shot.pdf", PNG))

    sub = Submission.objects.get()
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert sub.evidence_content_type == "image/png"
    evidence = client.get(f"/portal/activities/{sub.pk}/evidence/")
    assert evidence["Content-Type"] == "image/png"
    assert evidence["X-Content-Type-Options"] == "nosniff"
    client.post(f"/portal/activities/{sub.pk}/withdraw/", {"confirm": "on"})
    sub.refresh_from_db()
    assert sub.status == Status.WITHDRAWN


def test_html_named_pdf_is_refused_on_the_field(client: Client, world: World) -> None:
    fake = SimpleUploadedFile("proof.pdf", b"<html><script>alert(1)</script>", "application/pdf")

    response = _post(client, world, evidence_file=fake)

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "must be a PDF, PNG or JPEG" in response.content.decode()  # type: ignore[attr-defined]
    assert not Submission.objects.exists()


def test_missing_people_and_bad_points_show_on_their_fields(client: Client, world: World) -> None:
    response = _post(
        client,
        world,
        activity="event_participation",
        evidence_file=SimpleUploadedFile("a.pdf", PDF),
    )
    assert "choose who took part" in response.content.decode()  # type: ignore[attr-defined]
    response = _post(
        client, world, activity="training", claimed_points="5", evidence_url="https://x.example"
    )
    assert "at least 2,000 points" in response.content.decode()  # type: ignore[attr-defined]
    response = _post(client, world, occurred_on="31/31/2025", activity="bogus")
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "Enter a valid date" in body and "Select a valid choice" in body
    assert not Submission.objects.exists()


def test_rejected_submission_shows_its_reason(client: Client, world: World) -> None:
    from partnercenter.submissions.services import submission_reject

    _post(client, world, evidence_url="https://x.example/proof")
    sub = Submission.objects.get()
    submission_reject(
        submission=sub, staff_user=world.staff, reason_code="outside_window", text="From 2019."
    )

    body = client.get(f"/portal/activities/{sub.pk}/").content.decode()

    assert "Outside the window" in body and "From 2019." in body

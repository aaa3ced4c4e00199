"""Reporting, withdrawing, approving and rejecting submissions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnercenter.ledger.models import Entry
from partnercenter.submissions import errors
from partnercenter.submissions.evidence import MAX_BYTES
from partnercenter.submissions.models import Status, Submission
from partnercenter.submissions.services import (
    submission_approve,
    submission_create,
    submission_reject,
    submission_withdraw,
    submissions_approve_bulk,
)
from tests.submissions.factories import PDF, PNG, World

DAY = date(2025, 3, 10)


def _create(world: World, **kwargs: object) -> Submission:
    fields: dict[str, object] = {
        "partner": world.a,
        "person": world.a_member,
        "activity": "case_study",
        "occurred_on": DAY,
        "description": "Case study for Example Corp",
        "evidence_url": "https://7xwebsites.example/case",
    }
    fields.update(kwargs)
    return submission_create(**fields)  # type: ignore[arg-type]


def test_create_makes_a_pending_submission(world: World) -> None:
    sub = _create(world, evidence_file=SimpleUploadedFile("proof.txt", PDF, "text/plain"))

    assert sub.status == Status.PENDING
    assert sub.evidence_content_type == "application/pdf"
    assert sub.evidence_file.name.endswith(".pdf")
    assert sub.edition_id == "2025-01-01"


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"activity": "forum_post"}, errors.ActivityNotReportable, "activity"),
        ({"activity": "nope"}, errors.ActivityNotReportable, "activity"),
        ({"occurred_on": "future"}, errors.InvalidOccurredOn, "occurred_on"),
        ({"occurred_on": date(25, 3, 1)}, errors.InvalidOccurredOn, "occurred_on"),
        ({"description": "  "}, errors.DescriptionRequired, "description"),
        ({"evidence_url": ""}, errors.EvidenceRequired, "evidence_url"),
        ({"evidence_url": "javascript:alert(1)"}, errors.EvidenceRequired, "evidence_url"),
        ({"activity": "event_participation"}, errors.InvalidPeople, "people"),
        ({"claimed_points": 900}, errors.InvalidPoints, "claimed_points"),
        ({"activity": "project", "claimed_points": 1999}, errors.InvalidPoints, "claimed_points"),
        (
            {
                "evidence_file": SimpleUploadedFile(
                    "x.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"
                )
            },
            errors.InvalidEvidenceFile,
            "evidence_file",
        ),
        (
            {"evidence_file": SimpleUploadedFile("big.pdf", PDF + b"0" * MAX_BYTES)},
            errors.InvalidEvidenceFile,
            "evidence_file",
        ),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(
    world: World, changes: dict[str, object], error: type[Exception], field: str
) -> None:
    if changes.get("occurred_on") == "future":
        changes["occurred_on"] = timezone.now().date() + timedelta(days=2)

    with pytest.raises(error) as caught:
        _create(world, **changes)

    assert caught.value.field == field  # type: ignore[attr-defined]
    assert caught.value.message  # type: ignore[attr-defined]
    assert Submission.objects.count() == 0


def test_people_of_another_partner_are_refused(world: World) -> None:
    with pytest.raises(errors.InvalidPeople):
        _create(world, activity="event_participation", people=[world.b_member])


def test_approve_posts_once(world: World) -> None:
    sub = _create(world)

    first = submission_approve(submission=sub, staff_user=world.staff)
    again = submission_approve(submission=sub, staff_user=world.staff)

    assert first.status == again.status == Status.APPROVED
    entries = Entry.objects.filter(partner=world.a)
    assert [(e.activity, e.points, e.source) for e in entries] == [("case_study", 1000, "reported")]


def test_approve_from_n_plus_takes_staff_points_at_least_minimum(world: World) -> None:
    sub = _create(world, activity="project", claimed_points=2600)

    with pytest.raises(errors.InvalidPoints):
        submission_approve(submission=sub, staff_user=world.staff, points=1500)
    assert not Entry.objects.exists()
    approved = submission_approve(submission=sub, staff_user=world.staff, points=3000)

    assert approved.points == 3000
    assert Entry.objects.get().points == 3000


def test_approve_per_person_posts_one_entry_per_person(world: World) -> None:
    sub = _create(world, activity="event_participation", people=[world.a_member, world.a_admin])

    submission_approve(submission=sub, staff_user=world.staff)

    assert Entry.objects.filter(partner=world.a).count() == 2


def test_cap_refusal_keeps_submission_pending(world: World) -> None:
    first = _create(world, activity="share_information")
    second = _create(world, activity="share_information", occurred_on=DAY + timedelta(days=1))
    submission_approve(submission=first, staff_user=world.staff)

    with pytest.raises(errors.PostingRefused):
        submission_approve(submission=second, staff_user=world.staff)

    second.refresh_from_db()
    assert second.status == Status.PENDING
    assert Entry.objects.count() == 1


def test_only_staff_approve_or_reject(world: World) -> None:
    sub = _create(world)
    assert world.a_admin.user is not None

    with pytest.raises(errors.NotAllowed):
        submission_approve(submission=sub, staff_user=world.a_admin.user)
    with pytest.raises(errors.NotAllowed):
        submission_reject(submission=sub, staff_user=world.a_admin.user, reason_code="duplicate")
    sub.refresh_from_db()
    assert sub.status == Status.PENDING


def test_reject_needs_a_listed_reason_and_text_for_other(world: World) -> None:
    sub = _create(world)

    with pytest.raises(errors.InvalidRejectReason):
        submission_reject(submission=sub, staff_user=world.staff, reason_code="meh")
    with pytest.raises(errors.InvalidRejectReason) as caught:
        submission_reject(submission=sub, staff_user=world.staff, reason_code="other")
    assert caught.value.field == "text"
    rejected = submission_reject(
        submission=sub, staff_user=world.staff, reason_code="duplicate", text="Seen in May."
    )

    assert rejected.status == Status.REJECTED
    assert rejected.get_reject_reason_display() == "Duplicate"
    with pytest.raises(errors.NotPending):
        submission_approve(submission=sub, staff_user=world.staff)
    assert not Entry.objects.exists()


def test_withdraw_by_author_or_admin_while_pending(world: World) -> None:
    sub = _create(world, evidence_file=SimpleUploadedFile("p.png", PNG))
    with pytest.raises(errors.NotAllowed):
        submission_withdraw(submission=sub, person=world.b_admin)

    withdrawn = submission_withdraw(submission=sub, person=world.a_admin)

    assert withdrawn.status == Status.WITHDRAWN
    with pytest.raises(errors.NotPending):
        submission_withdraw(submission=sub, person=world.a_member)


def test_bulk_approve_skips_from_n_plus(world: World) -> None:
    fixed = _create(world)
    ranged = _create(world, activity="training")

    approved, refused = submissions_approve_bulk(
        submissions=[fixed, ranged], staff_user=world.staff
    )

    assert [s.pk for s in approved] == [fixed.pk]
    assert [s.pk for s, _ in refused] == [ranged.pk]
    assert Entry.objects.count() == 1

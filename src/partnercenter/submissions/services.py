"""Reporting, withdrawing, approving and rejecting submissions; approval posts to the ledger once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.domain.program import Activity, Edition, Per, Tracking
from partnercenter.events.selectors import event_held_here
from partnercenter.ledger.errors import LedgerError
from partnercenter.ledger.models import Source
from partnercenter.ledger.services import entry_post
from partnercenter.partners.models import Partner, Person, Role
from partnercenter.programs.selectors import edition_at
from partnercenter.submissions.errors import (
    ActivityNotReportable,
    DescriptionRequired,
    DuplicateEvent,
    EvidenceRequired,
    InvalidOccurredOn,
    InvalidPeople,
    InvalidPoints,
    InvalidRejectReason,
    NotAllowed,
    NotPending,
    PostingRefused,
    SubmissionError,
)
from partnercenter.submissions.evidence import evidence_check
from partnercenter.submissions.models import RejectReason, Status, Submission

EARLIEST = date(2000, 1, 1)
"""A typo guard (year 0025 for 2025); staff reject old reports as "outside the window"."""

EVENT_PARTICIPATION = "event_participation"
"""The activity that attendance of an event held in Partner Center posts by itself."""

MAX_DESCRIPTION = 4000
"""Enough for a paragraph with links; longer text belongs in the evidence."""


def reportable_activities(edition: Edition) -> list[Activity]:
    """The activities partners report themselves (the catalogue's "reported" tracking)."""
    return [a for a in edition.activities if a.tracking == Tracking.REPORTED]


def _reportable(edition: Edition, code: str) -> Activity:
    if not edition.has_activity(code) or edition.activity(code).tracking != Tracking.REPORTED:
        raise ActivityNotReportable(
            f"{code!r} is not an activity partners report in edition {edition.edition_id}."
        )
    return edition.activity(code)


def _refuse_event_held_here(activity: str, people: Sequence[Person], on: date) -> None:
    """Attendance of an event held in Partner Center posts its points there: a self-report
    of the same person and event is a duplicate."""
    if activity != EVENT_PARTICIPATION:
        return
    found = event_held_here(people, on)
    if found is not None:
        event, person = found
        raise DuplicateEvent(
            f"{person.name} is registered for “{event.title}”, held in Partner Center: "
            "attendance marked there posts the points, so this report would be a duplicate.",
            field="people",
        )


def _check_points(rule: Activity, points: int | None, field: str) -> int:
    """The points an activity earns: "From N+" takes any amount ≥ N, others exactly N."""
    if rule.minimum:
        if points is None:
            return rule.points
        if points < rule.points:
            raise InvalidPoints(
                f"{rule.name} earns at least {rule.points:,} points, not {points:,}.", field=field
            )
        return points
    if points is not None and points != rule.points:
        raise InvalidPoints(
            f"{rule.name} earns exactly {rule.points:,} points; leave the points empty.",
            field=field,
        )
    return rule.points


@transaction.atomic
def submission_create(
    *,
    partner: Partner,
    person: Person,
    activity: str,
    occurred_on: date,
    description: str,
    people: Sequence[Person] = (),
    evidence_url: str = "",
    evidence_file: UploadedFile | None = None,
    claimed_points: int | None = None,
) -> Submission:
    """Report an activity as a pending submission for staff to review.

    Everything is checked before anything is stored: the activity must be one
    partners report, the date not in the future, the evidence a URL or a PDF,
    PNG or JPEG (by content, ≤ 10 MB), and per-person activities name people
    of this partner who have signed in (accepted their invitation).
    """
    if person.partner_id != partner.pk:
        raise NotAllowed(f"{person.name} does not belong to {partner.name}.")
    today = timezone.now().date()
    if occurred_on > today:
        raise InvalidOccurredOn("The date cannot be in the future.")
    if occurred_on < EARLIEST:
        raise InvalidOccurredOn(f"The date must be after {EARLIEST:%d %B %Y}.")
    edition = edition_at(occurred_on)
    rule = _reportable(edition, activity)
    description = (description or "").strip()
    if not description:
        raise DescriptionRequired("Describe the activity so staff can check it.")
    if len(description) > MAX_DESCRIPTION:
        raise DescriptionRequired(
            f"The description is {len(description):,} characters; the limit is {MAX_DESCRIPTION:,}."
        )
    people = list(dict.fromkeys(people))
    if any(p.partner_id != partner.pk for p in people):
        raise InvalidPeople(f"Only people of {partner.name} can be named.")
    invited = [p.name for p in people if p.user_id is None]
    if invited:
        # An invitee who never signed in may not exist as a colleague at all (a typo,
        # a cancelled invitation): only people with an account can be named.
        raise InvalidPeople(
            f"{', '.join(invited)} {'has' if len(invited) == 1 else 'have'} not signed in yet: "
            "only people who have accepted their invitation can be named."
        )
    if rule.per == Per.PERSON and not people:
        raise InvalidPeople(f"{rule.name} counts per person: choose who took part.")
    _refuse_event_held_here(rule.code, people, occurred_on)
    evidence_url = (evidence_url or "").strip()
    if evidence_url:
        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except Exception:
            raise EvidenceRequired("Enter a full http(s) address.") from None
    if not evidence_url and evidence_file is None:
        raise EvidenceRequired("Give an evidence URL or attach a file.")
    content_type = evidence_check(evidence_file) if evidence_file is not None else ""
    _check_points(rule, claimed_points, "claimed_points")
    submission = Submission(
        partner=partner,
        submitted_by=person,
        activity=rule.code,
        edition_id=edition.edition_id,
        occurred_on=occurred_on,
        description=description,
        evidence_url=evidence_url,
        evidence_content_type=content_type,
        claimed_points=claimed_points if rule.minimum else None,
    )
    if evidence_file is not None:
        submission.evidence_name = (evidence_file.name or "evidence")[-200:]
        submission.evidence_file.save("evidence", evidence_file, save=False)
    submission.save()
    if people:
        submission.people.set(people)
    return submission


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


@transaction.atomic
def submission_withdraw(*, submission: Submission, person: Person) -> Submission:
    """Take back a pending submission (its author or a partner admin of the same partner)."""
    if person.partner_id != submission.partner_id or (
        person.pk != submission.submitted_by_id and person.role != Role.ADMIN
    ):
        raise NotAllowed("Only the author or a partner admin can withdraw this submission.")
    current = _locked(submission)
    if current.status != Status.PENDING:
        raise NotPending(f"This submission is {current.get_status_display().lower()}.")
    current.status = Status.WITHDRAWN
    current.withdrawn_at = timezone.now()
    current.save(update_fields=["status", "withdrawn_at"])
    return current


def _require_staff(staff_user: AbstractBaseUser) -> None:
    if not getattr(staff_user, "is_staff", False) or not staff_user.is_active:
        raise NotAllowed("Only program staff review submissions.")


@transaction.atomic
def submission_approve(
    *, submission: Submission, staff_user: AbstractBaseUser, points: int | None = None
) -> Submission:
    """Approve a pending submission and post its points (one entry per person if per person).

    Approving an approved submission again returns it and posts nothing: the
    entries' idempotency keys are derived from the submission. If the ledger
    refuses (a cap reached), nothing is written and the submission stays pending.
    """
    _require_staff(staff_user)
    current = _locked(submission)
    if current.status == Status.APPROVED:
        return current
    if current.status != Status.PENDING:
        raise NotPending(f"This submission is {current.get_status_display().lower()}.")
    edition = edition_at(current.occurred_on)
    if not edition.has_activity(current.activity):
        raise ActivityNotReportable(f"{current.activity!r} is not in edition {edition.edition_id}.")
    rule = edition.activity(current.activity)
    if points is None and rule.minimum:
        points = current.claimed_points
    resolved = _check_points(rule, points, "points")
    occurred_at = datetime.combine(current.occurred_on, time(12), tzinfo=UTC)
    # Name-free: the description is the partner's free text and may name people; it stays on
    # the submission (which can be corrected), the append-only ledger only points at it.
    reason = f"{rule.name} (submission #{current.pk})"
    targets: list[Person | None] = (
        list(current.people.order_by("pk")) if rule.per == Per.PERSON else [None]
    )
    # Registered after reporting: the attendance posts it, so approving would count it twice.
    _refuse_event_held_here(rule.code, [p for p in targets if p], current.occurred_on)
    try:
        with transaction.atomic():
            for person in targets:
                entry_post(
                    partner=current.partner,
                    person=person,
                    activity=rule.code,
                    occurred_at=occurred_at,
                    source=Source.REPORTED,
                    reason=reason,
                    idempotency_key=current.entry_key(person.pk if person else None),
                    points=resolved,
                )
    except LedgerError as exc:
        raise PostingRefused(exc.message) from None
    current.status = Status.APPROVED
    current.points = resolved
    current.reviewed_by_id = staff_user.pk
    current.reviewed_at = timezone.now()
    current.save(update_fields=["status", "points", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=staff_user,
        action="submission.approve",
        target=("submission", current.pk, current.partner.slug),
        details={"activity": current.activity, "points": resolved, "people": len(targets)},
    )
    return current


@transaction.atomic
def submission_reject(
    *, submission: Submission, staff_user: AbstractBaseUser, reason_code: str, text: str = ""
) -> Submission:
    """Refuse a pending submission with a reason from the list (and text, required for "other")."""
    _require_staff(staff_user)
    if reason_code not in RejectReason.values:
        raise InvalidRejectReason("Choose a reason from the list.")
    text = (text or "").strip()
    if reason_code == RejectReason.OTHER and not text:
        raise InvalidRejectReason('Explain the reason when choosing "Other".', field="text")
    current = _locked(submission)
    if current.status != Status.PENDING:
        raise NotPending(f"This submission is {current.get_status_display().lower()}.")
    current.status = Status.REJECTED
    current.reject_reason = reason_code
    current.reject_text = text
    current.reviewed_by_id = staff_user.pk
    current.reviewed_at = timezone.now()
    current.save(
        update_fields=["status", "reject_reason", "reject_text", "reviewed_by", "reviewed_at"]
    )
    audit_record(
        actor=staff_user,
        action="submission.reject",
        target=("submission", current.pk, current.partner.slug),
        details={"activity": current.activity, "reason": reason_code, "text": text},
    )
    return current


def submissions_approve_bulk(
    *, submissions: Sequence[Submission], staff_user: AbstractBaseUser
) -> tuple[list[Submission], list[tuple[Submission, SubmissionError]]]:
    """Approve many fixed-point submissions, each in its own transaction.

    "From N+" activities are refused here: staff must set their points one by one.
    Returns the approved ones and the refusals with their errors.
    """
    approved: list[Submission] = []
    refused: list[tuple[Submission, SubmissionError]] = []
    for submission in submissions:
        try:
            edition = edition_at(submission.occurred_on)
            if (
                edition.has_activity(submission.activity)
                and edition.activity(submission.activity).minimum
            ):
                raise InvalidPoints('Set the points of a "From N+" activity one by one.')
            approved.append(submission_approve(submission=submission, staff_user=staff_user))
        except SubmissionError as exc:
            refused.append((submission, exc))
    return approved, refused

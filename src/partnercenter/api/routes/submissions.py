"""Submissions: a partner's people report and withdraw; staff approve and reject.

Handlers only check who may act and call `partnercenter.submissions.services`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from partnercenter.api.auth import STAFF_AUTH, caller
from partnercenter.api.errors import ApiError, NotFound
from partnercenter.api.pagination import CURSOR_PATTERN, MAX_LIMIT, page
from partnercenter.api.routes import IDEMPOTENCY_KEY, UPLOAD, responses
from partnercenter.api.schemas import (
    MAX_ID,
    ApproveIn,
    RejectIn,
    SubmissionIn,
    SubmissionOut,
    SubmissionPage,
)
from partnercenter.partners.models import Partner, Person
from partnercenter.staffroles.roles import APPROVE_SUBMISSIONS
from partnercenter.submissions import services
from partnercenter.submissions.models import Status as SubmissionStatus
from partnercenter.submissions.models import Submission

router = Router(tags=["submissions"])


def submission_out(s: Submission) -> dict[str, Any]:
    return {
        "id": s.pk,
        "partner": s.partner.slug,
        "activity": s.activity,
        "edition_id": s.edition_id,
        "occurred_on": s.occurred_on,
        "description": s.description,
        "people": sorted(p.pk for p in s.people.all()),
        "evidence_url": s.evidence_url,
        "has_evidence_file": bool(s.evidence_file),
        "claimed_points": s.claimed_points,
        "status": s.status,
        "points": s.points,
        "reject_reason": s.reject_reason,
        "reject_text": s.reject_text,
        "created_at": s.created_at,
        "reviewed_at": s.reviewed_at,
    }


def _of(partner: Partner, pk: int) -> Submission:
    found = (
        Submission.objects.select_related("partner")
        .prefetch_related("people")
        .filter(partner=partner, pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(f"No submission {pk} of {partner.slug}.", field="id")
    return found


class SubmissionQuery(Schema):
    status: SubmissionStatus | None = None
    cursor: str | None = Field(
        None, pattern=CURSOR_PATTERN, description="`next_cursor` of the previous page."
    )
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


@router.get(
    "/partners/{slug}/submissions",
    response=responses({200: SubmissionPage}),
    summary="A partner's submissions",
)
def submission_list(request: HttpRequest, slug: str, q: Query[SubmissionQuery]) -> Any:
    partner = caller(request).partner(slug)
    qs = Submission.objects.filter(partner=partner).select_related("partner")
    if q.status:
        qs = qs.filter(status=q.status)
    rows, cursor = page(qs.prefetch_related("people"), q.cursor, q.limit)
    return {"items": [submission_out(s) for s in rows], "next_cursor": cursor}


@router.post(
    "/partners/{slug}/submissions",
    response=responses({201: SubmissionOut}),
    summary="Report an activity",
)
def submission_create(
    request: HttpRequest,
    slug: str,
    payload: SubmissionIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """Report an activity for staff to approve, with evidence by URL."""
    return Status(201, _create(request, slug, payload, None))


@router.post(
    "/partners/{slug}/submissions/upload",
    response=responses({201: SubmissionOut}),
    summary="Report an activity with an evidence file",
)
def submission_create_upload(
    request: HttpRequest,
    slug: str,
    form: Form[SubmissionIn],
    evidence_file: UploadedFile | None = UPLOAD,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """The same, as multipart form data with a PDF, PNG or JPEG (checked by its content).

    `evidence_file` is required: without it (or with an empty file) the answer is 400."""
    if evidence_file is None or not evidence_file.size:
        raise ApiError("Attach the evidence file (PDF, PNG or JPEG).", field="evidence_file")
    return Status(201, _create(request, slug, form, evidence_file))


def _create(
    request: HttpRequest, slug: str, payload: SubmissionIn, evidence_file: UploadedFile | None
) -> dict[str, Any]:
    who = caller(request)
    partner = who.partner(slug)
    person = who.require_person(partner)
    people = list(Person.objects.filter(partner=partner, pk__in=payload.people))
    if len(people) != len(set(payload.people)):
        raise ApiError("Every person must be one of this partner's people.", field="people")
    created = services.submission_create(
        partner=partner,
        person=person,
        activity=payload.activity,
        occurred_on=payload.occurred_on,
        description=payload.description,
        people=people,
        evidence_url=payload.evidence_url,
        evidence_file=evidence_file,
        claimed_points=payload.claimed_points,
    )
    return submission_out(_of(partner, created.pk))


@router.get(
    "/partners/{slug}/submissions/{submission_id}",
    response=responses({200: SubmissionOut}),
    summary="A submission",
)
def submission_get(
    request: HttpRequest, slug: str, submission_id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    return submission_out(_of(caller(request).partner(slug), submission_id))


@router.post(
    "/partners/{slug}/submissions/{submission_id}/withdraw",
    response=responses({200: SubmissionOut}),
    summary="Withdraw a pending submission",
)
def submission_withdraw(
    request: HttpRequest,
    slug: str,
    submission_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    who = caller(request)
    partner = who.partner(slug)
    person = who.require_person(partner)
    submission = _of(partner, submission_id)
    services.submission_withdraw(submission=submission, person=person)
    return submission_out(_of(partner, submission_id))


def _any(pk: int) -> Submission:
    found = Submission.objects.select_related("partner").filter(pk=pk).first()
    if found is None:
        raise NotFound(f"No submission {pk}.", field="id")
    return found


@router.get(
    "/submissions",
    auth=STAFF_AUTH,
    response=responses({200: SubmissionPage}),
    summary="Staff: all submissions",
)
def submission_queue(request: HttpRequest, q: Query[SubmissionQuery]) -> Any:
    """The approval queue (filter `status=pending`), newest first."""
    caller(request).require_staff(APPROVE_SUBMISSIONS)
    qs = Submission.objects.select_related("partner").prefetch_related("people")
    if q.status:
        qs = qs.filter(status=q.status)
    rows, cursor = page(qs, q.cursor, q.limit)
    return {"items": [submission_out(s) for s in rows], "next_cursor": cursor}


@router.post(
    "/submissions/{submission_id}/approve",
    auth=STAFF_AUTH,
    response=responses({200: SubmissionOut}),
    summary="Staff: approve a submission",
)
def submission_approve(
    request: HttpRequest,
    payload: ApproveIn,
    submission_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """Approve and post its points once ("From N+" activities take `points` ≥ N)."""
    who = caller(request)
    who.require_staff(APPROVE_SUBMISSIONS)
    submission = _any(submission_id)
    services.submission_approve(submission=submission, staff_user=who.user, points=payload.points)
    return submission_out(_of(submission.partner, submission_id))


@router.post(
    "/submissions/{submission_id}/reject",
    auth=STAFF_AUTH,
    response=responses({200: SubmissionOut}),
    summary="Staff: reject a submission",
)
def submission_reject(
    request: HttpRequest,
    payload: RejectIn,
    submission_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    who = caller(request)
    who.require_staff(APPROVE_SUBMISSIONS)
    submission = _any(submission_id)
    services.submission_reject(
        submission=submission,
        staff_user=who.user,
        reason_code=payload.reason_code,
        text=payload.text,
    )
    return submission_out(_of(submission.partner, submission_id))

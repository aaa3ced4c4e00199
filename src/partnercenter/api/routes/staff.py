"""Staff endpoints: the partner list, adjustments, tier reviews and the what-if of a new edition."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from partnercenter.api.auth import caller
from partnercenter.api.errors import ApiError, NotFound
from partnercenter.api.pagination import CURSOR_PATTERN, MAX_LIMIT, page
from partnercenter.api.routes import IDEMPOTENCY_KEY, UPLOAD, responses
from partnercenter.api.schemas import (
    MAX_ID,
    AdjustmentIn,
    Day,
    EntryOut,
    PartnerPage,
    ReviewIn,
    ReviewOut,
    RevocationIn,
    RevocationOut,
    WhatIfOut,
)
from partnercenter.audit.services import audit_record
from partnercenter.domain.loader import parse_edition
from partnercenter.partners.models import Certification, Partner, PartnerStatus, reviewed_as_of
from partnercenter.partners.services import certification_revoke
from partnercenter.review.models import ReviewRun
from partnercenter.review.services import review_run, review_start
from partnercenter.staffroles.foureyes import adjustment_submit
from partnercenter.staffroles.roles import APPROVE_SUBMISSIONS, MANAGE_PROGRAM

router = Router(tags=["staff"])

MAX_EDITION_BYTES = 1024 * 1024


class PartnerQuery(Schema):
    status: PartnerStatus | None = None
    profile: str | None = Field(None, max_length=32)
    level: str | None = Field(None, max_length=32)
    q: str | None = Field(None, max_length=100, description="Part of the name or slug.")
    cursor: str | None = Field(
        None, pattern=CURSOR_PATTERN, description="`next_cursor` of the previous page."
    )
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


@router.get("/partners", response=responses({200: PartnerPage}), summary="Staff: partners")
def partner_list(request: HttpRequest, q: Query[PartnerQuery]) -> Any:
    """Every partner, newest first, filtered by status, profile, level and name."""
    caller(request).require_staff()
    qs = Partner.objects.annotate(current_level_as_of=reviewed_as_of())  # type: ignore[no-redef]  # sets the property
    if q.status:
        qs = qs.filter(status=q.status)
    if q.profile:
        qs = qs.filter(profile=q.profile)
    if q.level is not None:
        qs = qs.filter(current_level=q.level)
    if q.q:
        qs = qs.filter(Q(name__icontains=q.q) | Q(slug__icontains=q.q))
    rows, cursor = page(qs, q.cursor, q.limit)
    return {"items": rows, "next_cursor": cursor}


class ApprovalOut(Schema):
    """An action waiting for a second staff member (four-eyes) before it is performed."""

    approval_request: int
    kind: str
    decision: str
    summary: str


@router.post(
    "/partners/{slug}/adjustments",
    response=responses({201: EntryOut, 202: ApprovalOut}),
    summary="Staff: post an adjustment",
)
def adjustment_post(
    request: HttpRequest,
    slug: str,
    payload: AdjustmentIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """A signed number of points with a mandatory reason (a correction, never an edit).

    Above `PARTNERCENTER_ADJUSTMENT_LIMIT_POINTS` either way the answer is 202: the
    adjustment waits for a second approver in the back office (four-eyes)."""
    who = caller(request)
    who.require_staff(APPROVE_SUBMISSIONS)
    partner = Partner.objects.filter(slug=slug).first()
    if partner is None:
        raise NotFound(f"No partner {slug!r}.", field="slug")
    if payload.points == 0:
        raise ApiError("An adjustment needs a non-zero number of points.", field="points")
    if not payload.reason.strip():
        raise ApiError("Give the reason for the adjustment.", field="reason")
    occurred_at = (
        datetime.combine(payload.occurred_on, time(12), tzinfo=UTC)
        if payload.occurred_on
        else timezone.now()
    )
    done = adjustment_submit(
        partner=partner,
        points=payload.points,
        reason=payload.reason,
        staff_user=who.user,
        key=f"api:{who.user.pk}:{idempotency_key or uuid.uuid4().hex}",
        occurred_at=occurred_at,
    )
    if done.request is not None:
        waiting = done.request
        return Status(
            202,
            {
                "approval_request": waiting.pk,
                "kind": waiting.kind,
                "decision": waiting.decision,
                "summary": waiting.summary,
            },
        )
    return Status(201, done.entry)


@router.post(
    "/certifications/{certification_id}/revoke",
    response=responses({201: RevocationOut}),
    summary="Staff: revoke a certification",
)
def certification_revoke_view(
    request: HttpRequest,
    payload: RevocationIn,
    certification_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """Revoke a certification from a day on (today or later) with a reason: it stops counting
    for the level that day; earlier answers stay. Revoking twice answers 409 `already_revoked`."""
    who = caller(request)
    who.require_staff(APPROVE_SUBMISSIONS)
    cert = Certification.objects.filter(pk=certification_id).first()
    if cert is None:
        raise NotFound(f"No certification {certification_id}.", field="certification_id")
    result = certification_revoke(
        certification=cert,
        on=payload.on,
        reason=payload.reason,
        user=who.user,
        reverse_points=payload.reverse_points,
    )
    return Status(201, result.revocation)


@router.post("/reviews", response=responses({202: ReviewOut}), summary="Staff: run the review")
def review_create(
    request: HttpRequest, payload: ReviewIn, idempotency_key: str | None = IDEMPOTENCY_KEY
) -> Any:
    """Queue a tier review as of a date; poll `GET /reviews/{id}` for progress and counts.

    A (non-dry) review of a date already queued or running answers 409 `review_running`;
    one already done answers 409 `review_done`; both messages name the run."""
    who = caller(request)
    who.require_staff(MANAGE_PROGRAM)
    with transaction.atomic():
        run = review_start(as_of=payload.as_of, dry_run=payload.dry_run)
        audit_record(
            actor=who.user,
            action="review.run",
            target=("reviewrun", run.pk, f"as of {run.as_of}"),
            details={"as_of": run.as_of, "dry_run": run.dry_run},
        )
    return Status(202, run)


@router.get("/reviews/{review_id}", response=responses({200: ReviewOut}), summary="Staff: a review")
def review_get(request: HttpRequest, review_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    caller(request).require_staff(MANAGE_PROGRAM)
    run = ReviewRun.objects.filter(pk=review_id).first()
    if run is None:
        raise NotFound(f"No review {review_id}.", field="review_id")
    return run


class WhatIfForm(Schema):
    as_of: Day = Field(..., description="Review as of this date under the uploaded edition.")


@router.post(
    "/whatif",
    response=responses({200: WhatIfOut}),
    summary="Staff: what-if against an uploaded edition",
)
def whatif(
    request: HttpRequest,
    form: Form[WhatIfForm],
    edition: UploadedFile | None = UPLOAD,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """Which partners would move if the uploaded edition (TOML) were in force; writes nothing.

    `edition` is required: without it (or with an empty file) the answer is 400 naming it."""
    caller(request).require_staff(MANAGE_PROGRAM)
    if edition is None or not edition.size:
        raise ApiError("Attach the edition file (TOML).", field="edition")
    if edition.size is not None and edition.size > MAX_EDITION_BYTES:
        raise ApiError("The edition file is larger than 1 MB.", field="edition")
    try:
        text = edition.read().decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError("The edition file is not UTF-8 text.", field="edition") from None
    parsed = parse_edition(text, edition.name or "upload")
    result = review_run(as_of=form.as_of, dry_run=True, edition=parsed)
    return {
        "as_of": result.as_of,
        "edition_id": result.edition_id,
        "total": result.total,
        "up": result.up,
        "down": result.down,
        "same": result.same,
        "changes": [
            {
                "partner": c.slug,
                "name": c.name,
                "previous": c.previous,
                "level": c.level,
                "direction": c.direction,
            }
            for c in result.changes[:1000]
        ],
    }

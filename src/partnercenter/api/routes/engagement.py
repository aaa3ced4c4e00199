"""Roadmap requests: list (most votes first), file (plans with roadmap requests), vote (one
per partner), and the staff status. Refusals are `{code, message, field}`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from partnercenter.api.auth import caller
from partnercenter.api.errors import ApiError, refused
from partnercenter.api.routes import IDEMPOTENCY_KEY, responses
from partnercenter.engagement import errors, selectors
from partnercenter.engagement.models import RoadmapRequest
from partnercenter.engagement.roadmap import roadmap_request_file, roadmap_status_set, roadmap_vote
from partnercenter.staffroles.roles import MANAGE_PROGRAM

router = Router(tags=["roadmap"])
staff_router = Router(tags=["roadmap"])


class RoadmapIn(Schema):
    title: str = Field(max_length=200)
    description: str = Field(max_length=10000)


class RoadmapOut(Schema):
    id: int
    title: str
    description: str
    status: str = Field(description="new, planned, in_progress, done or declined")
    status_note: str
    votes: int
    filed_at: datetime
    mine: bool = Field(description="Filed by the caller's partner.")
    voted: bool = Field(description="The caller's partner voted for it.")


class VoteOut(Schema):
    request_id: int
    votes: int


class StatusIn(Schema):
    status: str = Field(max_length=16, description="new, planned, in_progress, done, declined")
    note: str = Field("", max_length=10000, description="Public: every partner reads it.")


def _out(r: RoadmapRequest, partner_id: int | None) -> dict[str, Any]:
    return {
        "id": r.pk,
        "title": r.title,
        "description": r.description,
        "status": r.status,
        "status_note": r.status_note,
        "votes": getattr(r, "vote_count", None) or r.votes.count(),
        "filed_at": r.created_at,
        "mine": r.partner_id == partner_id,
        "voted": bool(getattr(r, "voted", False)),
    }


def _refuse(exc: errors.EngagementError) -> ApiError:
    return refused(
        exc,
        {
            errors.AlreadyVoted: 409,
            errors.OwnRequest: 409,
            errors.WrongState: 409,
            errors.NoRight: 403,
            errors.NotFound: 404,
        },
    )


@router.get(
    "/roadmap-requests", response=responses({200: list[RoadmapOut]}), summary="Roadmap requests"
)
def roadmap_requests(request: HttpRequest) -> Any:
    """Every roadmap request, most votes first (the latest 500)."""
    who = caller(request)
    partner = who.person.partner if who.person else None
    rows = selectors.roadmap_list(partner)[:500]
    return [_out(r, partner.pk if partner else None) for r in rows]


@router.post(
    "/partners/{slug}/roadmap-requests",
    response=responses({201: RoadmapOut}),
    summary="File a roadmap request",
)
def roadmap_request_create(
    request: HttpRequest,
    slug: str,
    payload: RoadmapIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """File a request for the partner; 403 `no_right` when its plan does not bring them."""
    who = caller(request)
    partner = who.partner(slug)
    person = who.require_person(partner)
    try:
        r = roadmap_request_file(
            person=person, title=payload.title, description=payload.description
        )
    except errors.EngagementError as exc:
        raise _refuse(exc) from None
    return Status(201, _out(r, partner.pk))


@router.post(
    "/roadmap-requests/{request_id}/votes",
    response=responses({201: VoteOut}),
    summary="Vote for a roadmap request",
)
def roadmap_request_vote(
    request: HttpRequest, request_id: int, idempotency_key: str | None = IDEMPOTENCY_KEY
) -> Any:
    """The caller's partner votes (once; 409 `already_voted` the second time)."""
    who = caller(request)
    if who.person is None:
        raise ApiError("Only a partner's people vote.", field="request")
    try:
        vote = roadmap_vote(person=who.person, request_id=request_id)
    except errors.EngagementError as exc:
        raise _refuse(exc) from None
    return Status(201, {"request_id": vote.request_id, "votes": vote.request.votes.count()})


@staff_router.post(
    "/roadmap-requests/{request_id}/status",
    response=responses({200: RoadmapOut}),
    summary="Set a roadmap request's status",
)
def roadmap_request_status(
    request: HttpRequest,
    request_id: int,
    payload: StatusIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """Staff set the status with a public note; the filer's admins are emailed."""
    caller(request).require_staff(MANAGE_PROGRAM)
    r = selectors.roadmap_request(request_id)
    if r is None:
        raise _refuse(errors.NotFound("No such roadmap request.", field="request_id"))
    try:
        roadmap_status_set(request=r, staff=request.user, status=payload.status, note=payload.note)
    except errors.EngagementError as exc:
        raise _refuse(exc) from None
    return _out(r, None)

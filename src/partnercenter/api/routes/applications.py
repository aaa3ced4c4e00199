"""Applications: anyone applies (anonymous, throttled per address); staff list, approve, reject.

Handlers only check who may act and call `partnercenter.applications.services`.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django_countries import countries
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field, StrictBool

from partnercenter.api.auth import STAFF_AUTH, caller
from partnercenter.api.errors import NotFound
from partnercenter.api.pagination import CURSOR_PATTERN, MAX_LIMIT, page
from partnercenter.api.routes import IDEMPOTENCY_KEY, responses
from partnercenter.api.schemas import MAX_ID, Page
from partnercenter.applications import selectors, services
from partnercenter.applications.models import Application, ApplicationStatus
from partnercenter.staffroles.roles import MANAGE_PROGRAM

router = Router(tags=["applications"])


CountryCode = enum.StrEnum(  # type: ignore[misc]
    "CountryCode", {code: code for code, _ in countries}
)
"""ISO 3166 alpha-2 codes: documented as an enum, so any code the schema allows is accepted."""


class ApplicationIn(Schema):
    """What a company sends to apply; the same fields as the form at /apply/."""

    company: str = Field(..., max_length=200)
    country: CountryCode = Field(..., description="ISO 3166 alpha-2, e.g. DE.")
    website: str = Field("", max_length=200)
    profile: str = Field(..., max_length=32, description="A profile code of the edition.")
    contact_name: str = Field(..., max_length=200)
    contact_email: str = Field(..., max_length=254)
    student: StrictBool = False
    description: str = Field(..., max_length=2000)
    accepts_terms: StrictBool


class ApplicationCreated(Schema):
    id: int
    status: str


class ApplicationOut(Schema):
    id: int
    company: str
    country: str
    website: str
    profile: str
    contact_name: str
    contact_email: str
    student: bool
    description: str
    status: str
    created_at: datetime
    confirmed_at: datetime | None
    decided_at: datetime | None
    reject_reason: str
    partner: str | None = Field(None, description="The slug of the partner an approval created.")
    duplicate_reason: str = Field("", description="What this application matches, if anything.")


class ApplicationPage(Page):
    items: list[ApplicationOut]


class ApplicationApproved(Schema):
    id: int
    status: str
    partner: str


class ApplicationRejectIn(Schema):
    reason: str = Field(..., max_length=4000, description="Mailed to the applicant.")


class ApplicationQuery(Schema):
    status: ApplicationStatus | None = None
    cursor: str | None = Field(
        None, pattern=CURSOR_PATTERN, description="`next_cursor` of the previous page."
    )
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


def application_out(a: Application) -> dict[str, Any]:
    return {
        "id": a.pk,
        "company": a.company,
        "country": a.country,
        "website": a.website,
        "profile": a.profile,
        "contact_name": a.contact_name,
        "contact_email": a.contact_email,
        "student": a.student,
        "description": a.description,
        "status": a.status,
        "created_at": a.created_at,
        "confirmed_at": a.confirmed_at,
        "decided_at": a.decided_at,
        "reject_reason": a.reject_reason,
        "partner": a.partner.slug if a.partner else None,
        "duplicate_reason": a.duplicate_reason,
    }


@router.post(
    "/applications",
    auth=None,
    response=responses({201: ApplicationCreated}),
    summary="Apply to the program (anonymous)",
)
def application_create(
    request: HttpRequest,
    payload: ApplicationIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """Send an application; the contact gets an email with a link to confirm it.

    No token needed. Limited per address (429 with Retry-After). Staff see the
    application once the link is opened.
    """
    result = services.application_submit(
        **payload.dict(), ip=str(request.META.get("REMOTE_ADDR") or "") or None
    )
    assert result.application is not None  # the API has no honeypot field
    return Status(201, {"id": result.application.pk, "status": result.application.status})


@router.get(
    "/applications",
    auth=STAFF_AUTH,
    response=responses({200: ApplicationPage}),
    summary="Staff: confirmed applications",
)
def application_list(request: HttpRequest, q: Query[ApplicationQuery]) -> Any:
    """Applications whose email is confirmed, newest first; filter by `status`."""
    caller(request).require_staff(MANAGE_PROGRAM)
    status = q.status or ""
    if status == ApplicationStatus.UNCONFIRMED:
        return {"items": [], "next_cursor": None}  # invisible to staff until confirmed
    rows, cursor = page(selectors.application_queue(status=status), q.cursor, q.limit)
    return {"items": [application_out(a) for a in rows], "next_cursor": cursor}


def _any(pk: int) -> Application:
    found = Application.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(f"No application {pk}.", field="application_id")
    return found


@router.post(
    "/applications/{application_id}/approve",
    auth=STAFF_AUTH,
    response=responses({200: ApplicationApproved}),
    summary="Staff: approve an application",
)
def application_approve(
    request: HttpRequest,
    application_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """Create the partner (status applicant) and invite the contact as partner admin."""
    who = caller(request)
    who.require_staff(MANAGE_PROGRAM)
    result = services.application_approve(application=_any(application_id), staff=who.user)
    return {
        "id": result.application.pk,
        "status": result.application.status,
        "partner": result.partner.slug,
    }


@router.post(
    "/applications/{application_id}/reject",
    auth=STAFF_AUTH,
    response=responses({200: ApplicationOut}),
    summary="Staff: reject an application",
)
def application_reject(
    request: HttpRequest,
    payload: ApplicationRejectIn,
    application_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """Refuse with a reason, which is mailed to the applicant."""
    who = caller(request)
    who.require_staff(MANAGE_PROGRAM)
    rejected = services.application_reject(
        application=_any(application_id), staff=who.user, reason=payload.reason
    )
    return application_out(rejected)

"""Appeals: a partner's appeals (its people and staff read them); a partner admin files one.

Handlers check who may act and call `partnercenter.appeals.services`; the appeal's
named refusals answer as `{code, message, field}` (403 not an admin, 404 not found,
409 already appealed, else 400).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from partnercenter.api.auth import caller
from partnercenter.api.errors import ApiError
from partnercenter.api.routes import IDEMPOTENCY_KEY, responses
from partnercenter.api.schemas import MAX_ID
from partnercenter.appeals import errors
from partnercenter.appeals.models import Appeal
from partnercenter.appeals.selectors import appeal_subject, partner_appeals
from partnercenter.appeals.services import appeal_file

router = Router(tags=["appeals"])

STATUS = {
    errors.NotPartnerAdmin: 403,
    errors.TargetNotFound: 404,
    errors.AlreadyAppealed: 409,
}


class AppealIn(Schema):
    kind: Literal["submission", "decision", "commission"] = Field(
        description="What is contested: a rejected submission, a tier decision, a commission entry."
    )
    target_id: int = Field(ge=1, le=MAX_ID, description="The id of the contested row.")
    reason: str = Field(max_length=4000, description="Why the decision should change.")


class AppealOut(Schema):
    id: int
    kind: str
    target_id: int
    subject: str
    reason: str
    status: str = Field(description="pending, upheld or dismissed")
    filed_at: datetime
    answer: str
    answered_at: datetime | None
    ledger_entry_id: int | None = Field(description="The correcting points entry, if upheld.")
    commission_correction_id: int | None = Field(
        description="The correcting commission entry, if upheld."
    )


def appeal_out(a: Appeal) -> dict[str, Any]:
    return {
        "id": a.pk,
        "kind": a.kind,
        "target_id": a.target_id,
        "subject": appeal_subject(a).label,
        "reason": a.reason,
        "status": a.status,
        "filed_at": a.filed_at,
        "answer": a.answer,
        "answered_at": a.answered_at,
        "ledger_entry_id": a.ledger_entry_id,
        "commission_correction_id": a.commission_correction_id,
    }


@router.get(
    "/partners/{slug}/appeals",
    response=responses({200: list[AppealOut]}),
    summary="A partner's appeals",
)
def appeal_list(request: HttpRequest, slug: str) -> Any:
    """Every appeal of the partner, newest first, with staff's answer and correcting entry."""
    partner = caller(request).partner(slug)
    return [appeal_out(a) for a in partner_appeals(partner)[:500]]


@router.post(
    "/partners/{slug}/appeals",
    response=responses({201: AppealOut}),
    summary="Appeal a decision (once)",
)
def appeal_create(
    request: HttpRequest,
    slug: str,
    payload: AppealIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """A partner admin contests a rejected submission, a tier decision or a commission entry."""
    who = caller(request)
    partner = who.partner(slug)
    person = who.require_person(partner)
    try:
        appeal = appeal_file(
            person=person, kind=payload.kind, target_id=payload.target_id, reason=payload.reason
        )
    except errors.AppealError as exc:
        refusal = ApiError(exc.message, field=exc.field)
        refusal.status = STATUS.get(type(exc), 400)
        refusal.code = exc.code
        raise refusal from None
    return Status(201, appeal_out(appeal))

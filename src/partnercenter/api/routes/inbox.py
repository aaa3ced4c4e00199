"""Staff endpoints of the webhook inbox: list with counts, one delivery, replay."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from partnercenter.api.auth import caller
from partnercenter.api.errors import NotFound
from partnercenter.api.pagination import CURSOR_PATTERN, MAX_LIMIT, page
from partnercenter.api.routes import IDEMPOTENCY_KEY, responses
from partnercenter.api.schemas import MAX_ID, DeliveryOut, DeliveryPage
from partnercenter.audit.services import audit_record
from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.selectors import deliveries, inbox_counts
from partnercenter.hooks.services import delivery_replay
from partnercenter.staffroles.roles import MANAGE_PROGRAM

router = Router(tags=["webhooks"])


class DeliveryQuery(Schema):
    status: DeliveryStatus | None = None
    source: str | None = Field(None, max_length=16)
    cursor: str | None = Field(
        None, pattern=CURSOR_PATTERN, description="`next_cursor` of the previous page."
    )
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


@router.get(
    "/hooks/deliveries", response=responses({200: DeliveryPage}), summary="Staff: the inbox"
)
def delivery_list(request: HttpRequest, q: Query[DeliveryQuery]) -> Any:
    """Deliveries newest first with their status and error, and the count per status."""
    caller(request).require_staff(MANAGE_PROGRAM)
    rows, cursor = page(deliveries(status=q.status or "", source=q.source or ""), q.cursor, q.limit)
    return {"items": rows, "next_cursor": cursor, "counts": inbox_counts()}


def _delivery(pk: int) -> Delivery:
    found = Delivery.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(f"No delivery {pk}.", field="delivery_id")
    return found


@router.get(
    "/hooks/deliveries/{delivery_id}",
    response=responses({200: DeliveryOut}),
    summary="Staff: a delivery",
)
def delivery_get(request: HttpRequest, delivery_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    caller(request).require_staff(MANAGE_PROGRAM)
    return _delivery(delivery_id)


@router.post(
    "/hooks/deliveries/{delivery_id}/replay",
    response=responses({202: DeliveryOut}),
    summary="Staff: replay a delivery",
)
def delivery_replay_op(
    request: HttpRequest,
    delivery_id: int = Path(..., ge=1, le=MAX_ID),
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Any:
    """Queue the delivery for processing again; its ledger keys make a replay harmless."""
    who = caller(request)
    who.require_staff(MANAGE_PROGRAM)
    with transaction.atomic():
        done = delivery_replay(delivery=_delivery(delivery_id))
        audit_record(
            actor=who.user, action="delivery.replay", target=("delivery", done.pk, done.source)
        )
    return Status(202, done)

"""A partner's commissions ledger: entries and balance; its own people and staff, else 404."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from partnercenter.api.auth import caller
from partnercenter.api.routes import responses
from partnercenter.commissions.selectors import partner_balance, partner_entries

router = Router(tags=["commissions"])


class CommissionEntryOut(Schema):
    id: int
    kind: str = Field(description="accrual (+), clawback (−) or payout (−)")
    amount_cents: int
    status: str = Field(description="pending, approved or paid")
    referral_code: str | None
    description: str
    booked_at: datetime


class CommissionsOut(Schema):
    partner: str
    currency: str = "USD"
    balance_cents: int = Field(description="What 7x owes the partner: the sum of the entries.")
    entries: list[CommissionEntryOut]


@router.get(
    "/partners/{slug}/commissions",
    response=responses({200: CommissionsOut}),
    summary="Commissions",
)
def commissions(request: HttpRequest, slug: str) -> Any:
    """Every commission entry of the partner, oldest first, and the balance they add up to."""
    partner = caller(request).partner(slug)
    entries = [
        {
            "id": e.pk,
            "kind": e.kind,
            "amount_cents": e.amount_cents,
            "status": e.current_status,
            "referral_code": e.referral.code if e.referral else None,
            "description": e.description,
            "booked_at": e.booked_at,
        }
        for e in partner_entries(partner)
    ]
    return {"partner": partner.slug, "balance_cents": partner_balance(partner), "entries": entries}

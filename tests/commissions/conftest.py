"""Fixtures of the commissions tests: an active partner, staff, a snapshot of every table."""

from __future__ import annotations

from typing import Any

import pytest

from partnercenter.commissions.models import (
    BatchItem,
    CommissionEntry,
    CommissionStatus,
    PayoutBatch,
    Referral,
    ReferralPayment,
    ReferralRefund,
)
from partnercenter.ledger.models import Entry
from tests.hooks.conftest import post  # noqa: F401  (signed webhook posts)
from tests.submissions.factories import make_staff

HOT = ["budget", "timeline", "decision_maker", "joint_call"]


@pytest.fixture
def acme(make_partner: Any) -> Any:
    return make_partner("acme", name="Acme", status="active")


@pytest.fixture
def staff(db: Any) -> Any:
    return make_staff()


@pytest.fixture
def register(acme: Any) -> Any:
    from partnercenter.commissions.services import referral_register

    def make(company: str = "Contoso Ltd", email: str = "jo@contoso.example", **kw: Any) -> Any:
        kw.setdefault("partner", acme)
        return referral_register(company=company, contact_name="Jo", contact_email=email, **kw)

    return make


def snapshot() -> tuple[Any, ...]:
    """Every row the commissions services write (to assert a refusal changed nothing)."""
    models = (Referral, ReferralPayment, ReferralRefund, CommissionEntry, CommissionStatus,
              PayoutBatch, BatchItem, Entry)  # fmt: skip
    return tuple(sorted(map(str, m.objects.values())) for m in models) + tuple(
        r.status + r.temperature for r in Referral.objects.order_by("pk")
    )

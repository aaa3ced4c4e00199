"""Demo referrals: Northwind Digital referred a hot customer that paid 7x; one commission is
paid out, a newer one waits for approval. Idempotent (fixed keys, looked up before writing)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from partnercenter.commissions.models import BatchItem, CommissionEntry, Referral
from partnercenter.commissions.payouts import (
    commissions_approve,
    payout_batch_create,
    payout_batch_mark_paid,
)
from partnercenter.commissions.selectors import entries_with_status
from partnercenter.commissions.services import (
    referral_payment_record,
    referral_register,
    referral_update,
)
from partnercenter.partners.models import Partner, PartnerStatus
from partnercenter.programs.selectors import edition_at

STAFF = "demo-staff"


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=UTC)


def demo_commissions(*, today: date) -> None:
    """A hot referral of northwind-digital paid twice; the first commission paid out."""
    partner = Partner.objects.filter(slug="northwind-digital", status=PartnerStatus.ACTIVE).first()
    if partner is None:
        return
    referral = Referral.objects.filter(partner=partner, company_key="fjordline cruises").first()
    if referral is None:
        referral = referral_register(
            partner=partner,
            company="Fjordline Cruises AS",
            contact_name="Ingrid Dahl",
            contact_email="ingrid.dahl@fjordline-cruises.example",
            expected_value_cents=4_800_000,
            note="Wants Exponential Premium for 40 seats; joint call held with 7x sales.",
            now=_at(today - timedelta(days=75)),
        )
        referral = referral_update(
            referral=referral,
            temperature="hot",
            hot_criteria=list(edition_at(today).referrals.hot_criteria),
            status="qualified",
            now=_at(today - timedelta(days=60)),
        )
    first = referral_payment_record(
        referral=referral,
        key="demo:fjordline:1",
        gross_cents=1_428_000,
        tax_cents=228_000,
        paid_at=_at(today - timedelta(days=45)),
    )
    referral_payment_record(
        referral=referral,
        key="demo:fjordline:2",
        gross_cents=357_000,
        tax_cents=57_000,
        paid_at=_at(today - timedelta(days=10)),
    )
    entry = first.entry or CommissionEntry.objects.filter(key="accrual:demo:fjordline:1").first()
    if entry is None or BatchItem.objects.filter(entry=entry).exists():
        return
    status = entries_with_status().get(pk=entry.pk).current_status
    if status == "pending":
        commissions_approve(entry_ids=[entry.pk], staff_user=STAFF)
    batch = payout_batch_create(staff_user=STAFF, entry_ids=[entry.pk])
    payout_batch_mark_paid(batch=batch, staff_user=STAFF)

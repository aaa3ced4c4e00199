"""Referrals and commissions: register, progress, pay, refund, approve, pay out; refusals change nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from partnercenter.commissions import errors
from partnercenter.commissions.models import CommissionEntry, ReferralStatus
from partnercenter.commissions.payouts import (
    batch_csv,
    commissions_approve,
    payout_batch_create,
    payout_batch_mark_paid,
)
from partnercenter.commissions.selectors import commissions_due, partner_balance, partner_entries
from partnercenter.commissions.services import (
    referral_payment_record,
    referral_refund_record,
    referral_update,
    referrals_expire,
)
from partnercenter.ledger.models import Entry
from tests.commissions.conftest import HOT, snapshot

pytestmark = pytest.mark.django_db
PAID = datetime(2025, 3, 2, 9, tzinfo=UTC)


def _hot(referral: Any) -> Any:
    return referral_update(referral=referral, temperature="hot", hot_criteria=HOT)


def test_a_cold_payment_accrues_ten_percent_and_posts_revenue_points_once(register, acme):
    referral = register()
    first = referral_payment_record(
        referral=referral, key="p1", gross_cents=119_00, tax_cents=19_00, paid_at=PAID
    )
    again = referral_payment_record(
        referral=referral, key="p1", gross_cents=119_00, tax_cents=19_00, paid_at=PAID
    )
    assert first.created and not again.created
    assert first.entry is not None and first.entry.amount_cents == 10_00
    assert CommissionEntry.objects.count() == 1
    points = Entry.objects.get(partner=acme)
    assert (points.activity, points.points, points.revenue_cents) == ("revenue", 100, 100_00)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WON


def test_a_hot_referral_earns_twenty_percent_rounded_half_up(register, acme):
    referral = _hot(register())
    result = referral_payment_record(referral=referral, key="p1", gross_cents=12_345, paid_at=PAID)
    assert result.entry is not None and result.entry.amount_cents == 2_469  # 2,469.0
    result = referral_payment_record(referral=referral, key="p2", gross_cents=3, paid_at=PAID)
    assert (
        result.entry is not None and result.entry.amount_cents == 1
    )  # 12,348 × 20 % = 2,469.6 → 2,470
    assert partner_balance(acme) == 2_470


def test_payments_after_the_first_twelve_months_earn_no_fee(register):
    referral = register()
    referral_payment_record(referral=referral, key="p1", gross_cents=10_000, paid_at=PAID)
    late = referral_payment_record(
        referral=referral, key="p2", gross_cents=10_000, paid_at=PAID + timedelta(days=366)
    )
    assert late.entry is None and not late.payment.in_fee_base


def test_a_refund_claws_back_never_more_than_earned(register, acme):
    referral = _hot(register())
    referral_payment_record(referral=referral, key="p1", gross_cents=10_000, paid_at=PAID)
    half = referral_refund_record(payment_key="p1", key="r1", gross_cents=5_000)
    assert half.entry is not None and half.entry.amount_cents == -1_000
    rest = referral_refund_record(payment_key="p1", key="r2", gross_cents=5_000)
    assert rest.entry is not None and rest.entry.amount_cents == -1_000
    assert partner_balance(acme) == 0
    assert sum(e.revenue_cents for e in Entry.objects.filter(partner=acme)) == 0


def test_the_statuses_run_pending_approved_paid_and_the_batch_pays_the_balance(
    register, acme, staff
):
    referral = _hot(register())
    entry = referral_payment_record(
        referral=referral, key="p1", gross_cents=50_000, paid_at=PAID
    ).entry
    assert entry is not None
    assert commissions_approve(entry_ids=[entry.pk], staff_user=staff) == 1
    batch = payout_batch_create(staff_user=staff)
    assert "acme,Acme,10000,100.00,1" in batch_csv(batch)
    payout_batch_mark_paid(batch=batch, staff_user=staff)
    statuses = {e.kind: e.current_status for e in partner_entries(acme)}
    assert statuses == {"accrual": "paid", "payout": "paid"}
    assert partner_balance(acme) == 0 and commissions_due(acme) == []


def test_registrations_expire_after_ninety_days_without_progress(register):
    old = register(now=datetime(2025, 1, 1, tzinfo=UTC))
    fresh = register("Fabrikam", "x@fabrikam.example", now=datetime(2025, 3, 1, tzinfo=UTC))
    assert referrals_expire(as_of=date(2025, 3, 31)) == {"expired": 0}
    assert referrals_expire(as_of=date(2025, 4, 1)) == {"expired": 1}
    old.refresh_from_db(), fresh.refresh_from_db()
    assert (old.status, fresh.status) == ("expired", "registered")
    # Once expired, the customer may be registered again.
    register("Contoso", "new@contoso.example")


def test_a_terminated_partners_earned_commissions_stay_due(register, acme):
    referral = register()
    referral_payment_record(referral=referral, key="p1", gross_cents=10_000, paid_at=PAID)
    acme.status = "terminated"
    acme.save()
    late = referral_payment_record(referral=referral, key="p2", gross_cents=10_000, paid_at=PAID)
    assert late.entry is None
    assert [row["amount_cents"] for row in commissions_due(acme)] == [1_000]


# ---------------------------------------------------------------- refusals change nothing


def _refused(error: type[Exception], field: str, action: Any) -> None:
    before = snapshot()
    with pytest.raises(error) as caught:
        action()
    assert getattr(caught.value, "field", None) == field
    assert snapshot() == before


@pytest.mark.parametrize(
    ("company", "email", "field"),
    [
        ("CONTOSO, Ltd.", "someone@elsewhere.example", "company"),
        ("Contoso Holding", "ann@contoso.example", "contact_email"),
    ],
)
def test_a_customer_already_registered_is_refused(register, make_partner, company, email, field):
    register()
    other = make_partner("bravo", status="active")
    _refused(errors.AlreadyRegistered, field, lambda: register(company, email, partner=other))


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"company": " "}, errors.InvalidReferral, "company"),
        ({"email": "nobody"}, errors.InvalidReferral, "contact_email"),
        (
            {"temperature": "hot", "hot_criteria": ["budget"]},
            errors.HotCriteriaMissing,
            "hot_criteria",
        ),
        ({"hot_criteria": ["vibes"]}, errors.HotCriteriaMissing, "hot_criteria"),
        ({"temperature": "lukewarm"}, errors.InvalidReferral, "temperature"),
        ({"expected_value_cents": -1}, errors.InvalidAmount, "expected_value"),
    ],
)
def test_bad_registrations_are_refused(register, kwargs, error, field):
    _refused(error, field, lambda: register(**kwargs))


def test_a_lapsed_partner_registers_nothing(register, acme):
    acme.status = "lapsed"
    acme.save()
    _refused(errors.NotEarning, "partner", register)


def test_a_fee_on_a_lost_deal_is_refused(register):
    referral = referral_update(referral=register(), status="lost")
    _refused(
        errors.ReferralClosed,
        "referral",
        lambda: referral_payment_record(referral=referral, key="p1", gross_cents=100, paid_at=PAID),
    )


@pytest.mark.parametrize(
    ("gross", "tax", "field"),
    [(-1, 0, "amount_cents"), (100, 101, "tax_cents"), (100, -5, "tax_cents")],
)
def test_bad_payment_amounts_are_refused(register, gross, tax, field):
    referral = register()
    _refused(
        errors.InvalidAmount,
        field,
        lambda: referral_payment_record(
            referral=referral, key="p", gross_cents=gross, tax_cents=tax, paid_at=PAID
        ),
    )


def test_a_refund_larger_than_the_payment_is_refused(register):
    referral = register()
    referral_payment_record(referral=referral, key="p1", gross_cents=10_000, paid_at=PAID)
    referral_refund_record(payment_key="p1", key="r1", gross_cents=6_000)
    _refused(
        errors.RefundTooLarge,
        "amount_cents",
        lambda: referral_refund_record(payment_key="p1", key="r2", gross_cents=4_001),
    )
    _refused(
        errors.UnknownPayment,
        "payment_key",
        lambda: referral_refund_record(payment_key="nope", key="r3", gross_cents=1),
    )


def test_a_payout_of_an_unapproved_commission_is_refused(register, staff):
    referral = register()
    entry = referral_payment_record(
        referral=referral, key="p1", gross_cents=10_000, paid_at=PAID
    ).entry
    assert entry is not None
    _refused(
        errors.NotApproved,
        "entries",
        lambda: payout_batch_create(staff_user=staff, entry_ids=[entry.pk]),
    )
    _refused(errors.NothingToDo, "entries", lambda: payout_batch_create(staff_user=staff))


def test_a_batch_is_paid_once(register, staff):
    entry = referral_payment_record(
        referral=register(), key="p1", gross_cents=10_000, paid_at=PAID
    ).entry
    assert entry is not None
    commissions_approve(entry_ids=[entry.pk], staff_user=staff)
    batch = payout_batch_mark_paid(batch=payout_batch_create(staff_user=staff), staff_user=staff)
    _refused(
        errors.NothingToDo, "batch", lambda: payout_batch_mark_paid(batch=batch, staff_user=staff)
    )
    _refused(
        errors.NothingToDo,
        "entries",
        lambda: commissions_approve(entry_ids=[entry.pk], staff_user=staff),
    )


# ---------------------------------------------------------------- the database guard


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE commissions_entry SET amount_cents = amount_cents + 1",
        "DELETE FROM commissions_entry",
        "UPDATE commissions_status SET status = 'paid'",
        "DELETE FROM commissions_status",
    ],
)
def test_the_database_refuses_changes_to_commission_entries(register, staff, sql):
    entry = referral_payment_record(
        referral=register(), key="p1", gross_cents=10_000, paid_at=PAID
    ).entry
    assert entry is not None
    commissions_approve(entry_ids=[entry.pk], staff_user=staff)
    with (
        pytest.raises(DatabaseError) as caught,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert "append-only" in str(caught.value)
    assert CommissionEntry.objects.get().amount_cents == 1_000

"""The store's signed deliveries carrying a referral code: accrue once, a duplicate nothing, a refund claws back."""

from __future__ import annotations

import pytest

from partnercenter.commissions.models import CommissionEntry, ReferralPayment
from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.services import deliveries_drain
from partnercenter.ledger.models import Entry
from tests.commissions.conftest import HOT, snapshot
from tests.hooks.conftest import store_delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def hot(register):
    from partnercenter.commissions.services import referral_update

    return referral_update(referral=register(), temperature="hot", hot_criteria=HOT)


def _paid(code: str, order_id: str = "ord_9", delivery_id: str | None = None, **data):
    data.setdefault("buyer_email", "buyer@contoso.example")
    return store_delivery(
        order_id=order_id, delivery_id=delivery_id, referral_code=code, amount_cents=100_000, **data
    )


def test_a_paid_order_with_the_referral_code_accrues_the_fee_once(post, hot, acme):
    assert post("store", _paid(hot.code, delivery_id="d1")).status_code == 202
    assert post("store", _paid(hot.code, delivery_id="d1")).status_code in (200, 202)
    post("store", _paid(hot.code, delivery_id="d2"))  # the same order, delivered again
    deliveries_drain()
    assert [e.amount_cents for e in CommissionEntry.objects.all()] == [20_000]
    assert Entry.objects.get(partner=acme).points == 1_000
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PROCESSED}


def test_a_refund_claws_back_and_reverses_the_points(post, hot, acme):
    post("store", _paid(hot.code, tax_cents=0))
    post("store", store_delivery("order.refunded", order_id="ord_9", amount_refunded_cents=25_000))
    post("store", store_delivery("order.refunded", order_id="ord_9", amount_refunded_cents=25_000))
    deliveries_drain()
    assert [e.amount_cents for e in CommissionEntry.objects.order_by("id")] == [20_000, -5_000]
    assert sum(e.points for e in Entry.objects.filter(partner=acme)) == 750


def test_an_unknown_referral_code_fails_the_delivery_and_changes_nothing(post, hot):
    before = snapshot()
    post("store", _paid("R-NOPE"))
    deliveries_drain()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and "R-NOPE" in delivery.error
    assert snapshot() == before and not ReferralPayment.objects.exists()


def test_a_lost_deal_earns_no_fee_from_the_store(post, hot):
    from partnercenter.commissions.services import referral_update

    referral_update(referral=hot, status="lost")
    post("store", _paid(hot.code))
    deliveries_drain()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and "earns no fee" in delivery.error
    assert not CommissionEntry.objects.exists()

"""Four-eyes (issue 10): a large adjustment, a payout batch and a manual commission wait for a
second staff member with the same role; the requester cannot approve their own."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client

from partnercenter.audit.models import AuditEvent
from partnercenter.commissions.errors import NothingToDo, UnknownReferral
from partnercenter.commissions.models import BatchItem, PayoutBatch, ReferralPayment
from partnercenter.commissions.payouts import commissions_approve
from partnercenter.commissions.services import referral_payment_record, referral_register
from partnercenter.ledger.errors import InvalidEntry
from partnercenter.ledger.models import Entry
from partnercenter.staffroles.errors import (
    AlreadyDecided,
    FourEyesError,
    NotPermitted,
    OwnRequest,
)
from partnercenter.staffroles.foureyes import (
    adjustment_submit,
    commission_payment_submit,
    payout_batch_submit,
)
from partnercenter.staffroles.models import ApprovalRequest, Decision
from partnercenter.staffroles.services import approval_request_approve, approval_request_refuse
from tests.submissions.factories import World, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world: World) -> dict[str, Any]:
    return {
        "approver": make_staff("approver@7x.example", roles=("approver",)),
        "approver2": make_staff("approver2@7x.example", roles=("approver",)),
        "finance": make_staff("finance@7x.example", roles=("finance",)),
        "finance2": make_staff("finance2@7x.example", roles=("finance",)),
    }


def _adjust(world: World, user: Any, points: int, key: str = "k1") -> Any:
    return adjustment_submit(
        partner=world.a, points=points, reason="Migration", staff_user=user, key=key
    )


def test_an_adjustment_within_the_limit_is_posted_at_once(world, people, settings):
    settings.PARTNERCENTER_ADJUSTMENT_LIMIT_POINTS = 500

    done = _adjust(world, people["approver"], -500)

    assert done.request is None and done.entry is not None and done.entry.points == -500
    assert ApprovalRequest.objects.count() == 0


def test_a_larger_adjustment_waits_for_a_second_approver(world, people, settings):
    settings.PARTNERCENTER_ADJUSTMENT_LIMIT_POINTS = 500
    # Given an approver asks for 501 points (twice: the same form sent again)
    asked = _adjust(world, people["approver"], 501)
    again = _adjust(world, people["approver"], 501)
    assert asked.entry is None and asked.request is not None
    assert again.request == asked.request
    assert Entry.objects.filter(partner=world.a).count() == 0
    # When the requester tries to approve their own, then it is refused, nothing changed
    with pytest.raises(OwnRequest, match="second staff member"):
        approval_request_approve(request=asked.request, user=people["approver"])
    # and a finance user may not decide an adjustment
    with pytest.raises(NotPermitted, match="approver role"):
        approval_request_approve(request=asked.request, user=people["finance"])
    assert Entry.objects.filter(partner=world.a).count() == 0
    # When a second approver approves, then the points are posted, once
    done = approval_request_approve(request=asked.request, user=people["approver2"])
    assert done.decision == Decision.APPROVED and done.decided_by == people["approver2"]
    entry = Entry.objects.get(partner=world.a)
    assert entry.points == 501 and "asked by staff" in entry.reason
    with pytest.raises(AlreadyDecided):
        approval_request_approve(request=asked.request, user=people["approver2"])
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert {"approval.request", "approval.approve", "ledger.adjust"} <= set(actions)


def test_a_refused_request_performs_nothing_and_needs_a_reason(world, people, settings):
    settings.PARTNERCENTER_ADJUSTMENT_LIMIT_POINTS = 10
    asked = _adjust(world, people["approver"], 99).request

    with pytest.raises(FourEyesError, match="reason"):
        approval_request_refuse(request=asked, user=people["approver2"], reason="  ")
    refused = approval_request_refuse(request=asked, user=people["approver2"], reason="No proof")

    assert refused.decision == Decision.REFUSED and refused.reason == "No proof"
    assert Entry.objects.filter(partner=world.a).count() == 0
    assert AuditEvent.objects.filter(action="approval.refuse").count() == 1


def test_a_larger_adjustment_without_a_reason_is_refused(world, people, settings):
    settings.PARTNERCENTER_ADJUSTMENT_LIMIT_POINTS = 10
    with pytest.raises(InvalidEntry):
        adjustment_submit(
            partner=world.a, points=99, reason=" ", staff_user=people["approver"], key="x"
        )
    assert ApprovalRequest.objects.count() == 0


def _approved_commission(world: World) -> int:
    referral = referral_register(
        partner=world.a, company="Fjord AS", contact_name="Jo", contact_email="jo@fjord.example"
    )
    paid = referral_payment_record(
        referral=referral, key="p1", gross_cents=10_000, paid_at=datetime(2025, 3, 3, tzinfo=UTC)
    )
    assert paid.entry is not None
    commissions_approve(entry_ids=[paid.entry.pk], staff_user=world.staff)
    return paid.entry.pk


def test_a_payout_batch_needs_a_second_finance_user(world, people):
    entry = _approved_commission(world)

    asked = payout_batch_submit(staff_user=people["finance"], key="f1").request
    assert asked.payload["entries"] == [entry]
    assert PayoutBatch.objects.count() == 0
    with pytest.raises(OwnRequest):
        approval_request_approve(request=asked, user=people["finance"])
    with pytest.raises(NotPermitted, match="finance role"):
        approval_request_approve(request=asked, user=people["approver"])
    assert PayoutBatch.objects.count() == 0

    approval_request_approve(request=asked, user=people["finance2"])

    assert list(BatchItem.objects.values_list("entry_id", flat=True)) == [entry]


def test_no_payout_request_without_approved_commissions(world, people):
    with pytest.raises(NothingToDo):
        payout_batch_submit(staff_user=people["finance"], key="f1")
    assert ApprovalRequest.objects.count() == 0


def test_a_manual_commission_needs_a_second_finance_user(world, people):
    referral = referral_register(
        partner=world.a, company="Fjord AS", contact_name="Jo", contact_email="jo@fjord.example"
    )
    with pytest.raises(UnknownReferral):
        commission_payment_submit(
            referral_code="R-NOPE",
            reference="B-1",
            gross_cents=10_000,
            tax_cents=0,
            paid_on=date(2025, 3, 3),
            staff_user=people["finance"],
        )
    asked = commission_payment_submit(
        referral_code=referral.code,
        reference="B-1",
        gross_cents=10_000,
        tax_cents=0,
        paid_on=date(2025, 3, 3),
        staff_user=people["finance"],
    ).request
    assert ReferralPayment.objects.count() == 0

    done = approval_request_approve(request=asked, user=people["finance2"])

    assert ReferralPayment.objects.get().key == "staff:B-1"
    assert "commission" in done.result


def test_the_pages_ask_and_refuse_the_requester(world, people):
    _approved_commission(world)
    first, second = Client(), Client()
    first.force_login(people["finance"])
    second.force_login(people["finance2"])

    response = first.post("/backoffice/commissions/batches/", {"key": "abc"}, follow=True)
    assert "waits for a second finance user" in response.content.decode()
    asked = ApprovalRequest.objects.get(kind="payout_batch")
    page = first.get("/backoffice/approvals/").content.decode()
    assert "You asked for this." in page

    own = first.post(f"/backoffice/approvals/{asked.pk}/", {"decision": "approve"})
    assert own.status_code == 400
    assert "You asked for this yourself" in own.content.decode()
    assert PayoutBatch.objects.count() == 0

    done = second.post(f"/backoffice/approvals/{asked.pk}/", {"decision": "approve"})
    assert done.status_code == 302
    assert PayoutBatch.objects.count() == 1


def test_the_approver_reads_the_page_but_cannot_decide_a_payout(world, people):
    _approved_commission(world)
    asked = payout_batch_submit(staff_user=people["finance"], key="f1").request
    client = Client()
    client.force_login(people["approver"])

    page = client.get("/backoffice/approvals/").content.decode()
    response = client.post(f"/backoffice/approvals/{asked.pk}/", {"decision": "approve"})

    assert "Another role decides this one." in page
    assert response.status_code == 400 and "finance role" in response.content.decode()
    assert PayoutBatch.objects.count() == 0

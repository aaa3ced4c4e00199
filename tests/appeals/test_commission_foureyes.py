"""Upholding a commission appeal needs four eyes (issue 10): the request waits, a second
finance user approves (the correcting entry is posted, linked, the partner told) or declines
(the appeal stays open with the reason); the requester cannot approve their own."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partnercenter.appeals.errors import AwaitingSecondApprover, CorrectionRequired
from partnercenter.appeals.models import Appeal
from partnercenter.appeals.services import appeal_dismiss, appeal_file, appeal_uphold
from partnercenter.audit.models import AuditEvent
from partnercenter.commissions.models import CommissionEntry
from partnercenter.notifications.models import Message
from partnercenter.staffroles.errors import NotPermitted, OwnRequest
from partnercenter.staffroles.models import ApprovalRequest, Decision
from partnercenter.staffroles.services import approval_request_approve, approval_request_refuse
from tests.appeals.factories import commission
from tests.submissions.factories import World, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world: World) -> dict[str, Any]:
    return {
        "approver": make_staff("approver@7x.example", roles=("approver",)),
        "finance": make_staff("finance@7x.example", roles=("finance",)),
        "finance2": make_staff("finance2@7x.example", roles=("finance",)),
    }


def _appeal(world: World) -> Appeal:
    c = commission(world.a)
    return appeal_file(person=world.a_admin, kind="commission", target_id=c.pk, reason="20 %")


def _snapshot() -> tuple[Any, ...]:
    return (
        CommissionEntry.objects.count(),
        list(Appeal.objects.values_list("status", "commission_correction_id")),
        list(ApprovalRequest.objects.values_list("decision", flat=True)),
        Message.objects.filter(kind="appeal_answered").count(),
    )


def test_upholding_asks_then_a_second_finance_user_approves(world: World, people: Any) -> None:
    # given a commission appeal upheld by finance
    appeal = _appeal(world)
    appeal_uphold(
        appeal=appeal, staff_user=people["finance"], answer="It was hot.", amount_cents=2_500
    )
    request = ApprovalRequest.objects.get(kind="appeal_commission")
    assert request.payload == {"appeal": appeal.pk, "amount_cents": 2_500, "answer": "It was hot."}
    assert CommissionEntry.objects.count() == 1 and not Message.objects.exists()
    assert AuditEvent.objects.filter(action="appeal.uphold_request").count() == 1

    # when a second finance user approves
    done = approval_request_approve(request=request, user=people["finance2"])

    # then the correcting entry is posted, linked, the partner told, every step audited
    appeal.refresh_from_db()
    entry = appeal.commission_correction
    assert entry is not None and entry.amount_cents == 2_500 and entry.kind == "accrual"
    assert appeal.status == "upheld" and appeal.answer == "It was hot."
    assert appeal.answered_by == people["finance"]
    assert done.decision == Decision.APPROVED and f"#{entry.pk}" in done.result
    mail = Message.objects.get(kind="appeal_answered", to_email="ada@acme.example")
    assert "upheld" in mail.body_text
    uphold = AuditEvent.objects.get(action="appeal.uphold")
    assert uphold.details["approved_by"] == people["finance2"].pk
    assert AuditEvent.objects.filter(action="approval.approve").count() == 1


def test_a_clawback_correction_is_negative(world: World, people: Any) -> None:
    appeal = _appeal(world)
    appeal_uphold(appeal=appeal, staff_user=people["approver"], answer="Less", amount_cents=-900)
    approval_request_approve(
        request=ApprovalRequest.objects.get(kind="appeal_commission"), user=people["finance"]
    )
    appeal.refresh_from_db()
    assert appeal.commission_correction is not None
    assert appeal.commission_correction.kind == "clawback"


def test_the_requester_cannot_approve_their_own(world: World, people: Any) -> None:
    appeal = _appeal(world)
    appeal_uphold(appeal=appeal, staff_user=people["finance"], answer="Yes", amount_cents=100)
    request = ApprovalRequest.objects.get()
    before = _snapshot()
    with pytest.raises(OwnRequest):
        approval_request_approve(request=request, user=people["finance"])
    assert _snapshot() == before


def test_an_approver_without_finance_cannot_approve(world: World, people: Any) -> None:
    appeal = _appeal(world)
    appeal_uphold(appeal=appeal, staff_user=people["finance"], answer="Yes", amount_cents=100)
    before = _snapshot()
    with pytest.raises(NotPermitted) as caught:
        approval_request_approve(request=ApprovalRequest.objects.get(), user=people["approver"])
    assert "finance" in caught.value.message
    assert _snapshot() == before


def test_declined_the_appeal_stays_open_and_can_be_answered_again(
    world: World, people: Any
) -> None:
    appeal = _appeal(world)
    appeal_uphold(appeal=appeal, staff_user=people["approver"], answer="Yes", amount_cents=100)
    approval_request_refuse(
        request=ApprovalRequest.objects.get(), user=people["finance"], reason="Rate was right."
    )
    appeal.refresh_from_db()
    assert appeal.status == "pending" and CommissionEntry.objects.count() == 1
    declined = AuditEvent.objects.get(action="appeal.uphold_declined")
    assert declined.details["reason"] == "Rate was right."
    # a new answer is possible: dismiss it now
    appeal_dismiss(appeal=appeal, staff_user=people["approver"], answer="Rate was right.")
    assert Appeal.objects.get(pk=appeal.pk).status == "dismissed"


@pytest.mark.parametrize("action", ["uphold", "dismiss"])
def test_while_waiting_a_second_answer_is_refused(world: World, people: Any, action: str) -> None:
    appeal = _appeal(world)
    appeal_uphold(appeal=appeal, staff_user=people["approver"], answer="Yes", amount_cents=100)
    before = _snapshot()
    with pytest.raises(AwaitingSecondApprover) as caught:
        if action == "uphold":
            appeal_uphold(appeal=appeal, staff_user=people["finance"], answer="Y", amount_cents=5)
        else:
            appeal_dismiss(appeal=appeal, staff_user=people["finance"], answer="No")
    assert caught.value.field == "appeal" and "second approver" in caught.value.message
    assert _snapshot() == before


@pytest.mark.parametrize("cents", [0, None, 100_000_001])
def test_a_bad_amount_is_refused_before_asking(world: World, people: Any, cents: Any) -> None:
    appeal = _appeal(world)
    before = _snapshot()
    with pytest.raises(CorrectionRequired) as caught:
        appeal_uphold(appeal=appeal, staff_user=people["approver"], answer="Y", amount_cents=cents)
    assert caught.value.field == "amount_cents"
    assert _snapshot() == before


def test_back_office_flow_ask_refuse_own_approve(world: World, people: Any) -> None:
    # given an appeal page, when the approver upholds with an amount
    appeal = _appeal(world)
    asker, own_try, second = Client(), Client(), Client()
    asker.force_login(people["approver"])
    own_try.force_login(people["approver"])
    second.force_login(people["finance"])
    url = f"/backoffice/appeals/{appeal.pk}/"
    page = asker.post(
        f"{url}uphold/", {"uphold-amount_cents": "700", "uphold-answer": "Hot lead"}, follow=True
    ).content.decode()
    # then the page says it awaits a second approver and offers no second answer
    assert "awaiting a second approver" in page and 'data-testid="awaiting"' in page
    assert f'action="{url}uphold/"' not in page
    request = ApprovalRequest.objects.get()
    # the approver cannot approve their own (and lacks finance anyway): nothing changes
    before = _snapshot()
    own = own_try.post(f"/backoffice/approvals/{request.pk}/", {"decision": "approve"})
    assert own.status_code in (400, 403) and _snapshot() == before
    # a finance user approves: the entry is posted and shown on the appeal
    second.post(f"/backoffice/approvals/{request.pk}/", {"decision": "approve"})
    appeal.refresh_from_db()
    shown = second.get(url).content.decode()
    assert appeal.status == "upheld"
    assert f"Commission entry #{appeal.commission_correction_id}" in shown


def test_back_office_shows_the_decline_reason(world: World, people: Any) -> None:
    appeal = _appeal(world)
    appeal_uphold(appeal=appeal, staff_user=people["approver"], answer="Yes", amount_cents=100)
    client = Client()
    client.force_login(people["finance"])
    client.post(
        f"/backoffice/approvals/{ApprovalRequest.objects.get().pk}/",
        {"decision": "refuse", "reason": "Rate was right."},
    )
    page = client.get(f"/backoffice/appeals/{appeal.pk}/").content.decode()
    assert 'data-testid="declined"' in page and "Rate was right." in page
    assert f'action="/backoffice/appeals/{appeal.pk}/uphold/"' in page  # open again

"""Every staff action through the back office writes one audit row; a refused one writes none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from partnercenter.applications.services import (
    application_confirm,
    application_submit,
    confirm_token,
)
from partnercenter.audit.models import AuditEvent
from partnercenter.billing.services import plan_choose
from partnercenter.hooks.models import Delivery
from partnercenter.membership.services import notice_give
from partnercenter.partners.models import Notice
from partnercenter.submissions.models import Submission
from partnercenter.submissions.services import submission_create
from tests.applications.conftest import fields
from tests.submissions.factories import World

pytestmark = pytest.mark.django_db

Given = Callable[[World], tuple[str, dict[str, Any]]]


def _submission(world: World) -> Submission:
    return submission_create(
        partner=world.a,
        person=world.a_member,
        activity="case_study",
        occurred_on=date(2025, 3, 3),
        description="Case study of Example AG",
        evidence_url="https://example.com/case",
    )


def _application() -> int:
    made = application_submit(**fields()).application
    assert made is not None
    return application_confirm(token=confirm_token(made)).application.pk


def _invoice(world: World) -> str:
    return plan_choose(partner=world.a, plan="silver", on=date.today() - timedelta(days=20)).invoice.number  # fmt: skip


def _logo(world: World) -> int:
    day = timezone.now().date() - timedelta(days=2)
    return Notice.objects.create(partner=world.a, kind="logo", message="Logo.", due_on=day).pk


def _under_notice(world: World) -> None:
    notice_give(partner=world.a, by="vendor", on=timezone.now().date(), reason="")


def _delivery() -> int:
    return Delivery.objects.create(
        source="community", delivery_id="d1", event="post", payload={}
    ).pk


CASES: dict[str, tuple[Given, str]] = {
    "submission.approve": (
        lambda w: (f"/backoffice/submissions/{_submission(w).pk}/approve/", {}),
        "acme",
    ),  # fmt: skip
    "submission.reject": (
        lambda w: (
            f"/backoffice/submissions/{_submission(w).pk}/reject/",
            {"reason_code": "other", "text": "Not ours."},
        ),  # fmt: skip
        "acme",
    ),
    "ledger.adjust": (
        lambda w: (
            "/backoffice/partners/acme/adjust/",
            {"points": "-300", "reason": "Duplicate event", "key": "k1"},
        ),  # fmt: skip
        "acme",
    ),
    "certification.record": (
        lambda w: (
            "/backoffice/partners/acme/certify/",
            {"person": w.a_admin.pk, "type": "sales", "earned_on": "2025-02-01"},
        ),  # fmt: skip
        "acme",
    ),
    "review.run": (lambda w: ("/backoffice/review/run/", {"as_of": "2025-03-01"}), ""),
    "application.approve": (
        lambda w: (f"/backoffice/applications/{_application()}/approve/", {}),
        "example-web-gmbh",
    ),  # fmt: skip
    "application.reject": (
        lambda w: (f"/backoffice/applications/{_application()}/reject/", {"reason": "Not a fit."}),
        "",
    ),  # fmt: skip
    "invoice.payment": (
        lambda w: (
            f"/backoffice/invoices/{_invoice(w)}/payment/",
            {"amount": "800.00", "paid_on": str(date.today()), "reference": "BANK-9"},
        ),  # fmt: skip
        "",
    ),
    "invoice.void": (
        lambda w: (f"/backoffice/invoices/{_invoice(w)}/void/", {"reason": "Wrong plan"}),
        "",
    ),  # fmt: skip
    "membership.notice": (
        lambda w: ("/backoffice/partners/acme/notice/", {"confirm": "on"}),
        "acme",
    ),  # fmt: skip
    "membership.notice_withdraw": (
        lambda w: (_under_notice(w) or "/backoffice/partners/acme/notice/withdraw/", {}),
        "acme",
    ),
    "membership.terminate": (
        lambda w: ("/backoffice/partners/acme/terminate/", {"confirm": "on", "reason": "Fraud."}),
        "acme",
    ),
    "logo_deadline.resolve": (
        lambda w: (f"/backoffice/logo-deadlines/{_logo(w)}/resolve/", {}),
        "acme",
    ),  # fmt: skip
    "delivery.replay": (lambda w: (f"/hooks/inbox/{_delivery()}/replay", {}), ""),
}


@pytest.mark.parametrize("action", sorted(CASES))
def test_each_staff_action_writes_one_row(staff: Client, world: World, action: str) -> None:
    given, target = CASES[action]
    url, data = given(world)
    before = AuditEvent.objects.exclude(action=action).count()

    response = staff.post(url, data)

    assert response.status_code in (200, 202, 302), response.content[:500]
    row = AuditEvent.objects.get(action=action)
    assert (row.actor_id, row.actor_label) == (world.staff.pk, "staff@7x.example")
    assert (row.ip, row.user_agent, row.method, row.path) == ("203.0.113.7", "pytest-browser/1.0", "POST", url)  # fmt: skip
    if target:
        assert target in (row.target_id, row.target_label)
    assert AuditEvent.objects.exclude(action=action).count() == before


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/backoffice/partners/acme/adjust/", {"points": "-300", "key": "k1"}),  # no reason
        ("/backoffice/partners/acme/certify/", {"type": "sales", "earned_on": "2025-02-01"}),
        ("/backoffice/partners/acme/terminate/", {"confirm": "on", "reason": ""}),
        ("/backoffice/partners/acme/notice/", {}),
        ("/backoffice/review/run/", {"as_of": "not a date"}),
    ],
)
def test_a_refused_action_writes_nothing(staff: Client, world: World, url: str, data: dict[str, Any]) -> None:  # fmt: skip
    response = staff.post(url, data)

    assert response.status_code == 400
    assert not AuditEvent.objects.exists()


def test_when_the_audit_row_cannot_be_written_the_action_rolls_back(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same transaction both ways: an approval whose audit row fails is not approved."""
    from django.db import DatabaseError

    from partnercenter.ledger.models import Entry
    from partnercenter.submissions import services

    def broken(**kwargs: Any) -> None:
        raise DatabaseError("audit table unavailable")

    monkeypatch.setattr(services, "audit_record", broken)
    sub = _submission(world)

    with pytest.raises(DatabaseError):
        services.submission_approve(submission=sub, staff_user=world.staff)

    sub.refresh_from_db()
    assert sub.status == "pending" and not Entry.objects.exists()


def test_an_approval_refused_by_the_rules_writes_nothing(world: World) -> None:
    from partnercenter.submissions.errors import SubmissionError
    from partnercenter.submissions.services import submission_approve

    sub = _submission(world)
    with pytest.raises(SubmissionError):
        submission_approve(submission=sub, staff_user=world.a_admin.user)  # not staff

    assert not AuditEvent.objects.exists()


def test_posting_the_same_adjustment_form_twice_records_once(staff: Client, world: World) -> None:
    for _ in range(2):
        staff.post("/backoffice/partners/acme/adjust/", {"points": "-300", "reason": "Dup", "key": "k1"})  # fmt: skip

    assert AuditEvent.objects.filter(action="ledger.adjust").count() == 1


def test_bulk_approval_records_each_submission(staff: Client, world: World) -> None:
    ids = [_submission(world).pk for _ in range(2)]

    staff.post("/backoffice/queue/approve/", {"ids": ids})

    rows = AuditEvent.objects.filter(action="submission.approve")
    assert sorted(int(r.target_id) for r in rows) == sorted(ids)

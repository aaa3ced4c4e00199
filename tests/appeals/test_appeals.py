"""Appeals: filed once by a partner admin, answered by staff; upholding posts a correcting entry."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partnercenter.appeals.errors import (
    AlreadyAppealed,
    AnswerRequired,
    AppealNotPending,
    CorrectionRequired,
    NotAppealable,
    NotPartnerAdmin,
    ReasonRequired,
    TargetNotFound,
)
from partnercenter.appeals.models import Appeal
from partnercenter.appeals.services import appeal_dismiss, appeal_file, appeal_uphold
from partnercenter.audit.models import AuditEvent
from partnercenter.commissions.models import CommissionEntry
from partnercenter.ledger.models import Entry
from partnercenter.notifications.models import Message
from tests.appeals.factories import commission, decision, rejected_submission
from tests.submissions.factories import World

pytestmark = pytest.mark.django_db


def test_uphold_a_rejected_submission_posts_a_linked_adjustment(world: World) -> None:
    # given a rejected activity, when its admin appeals and staff uphold it
    s = rejected_submission(world.a, world.a_admin, world.staff)
    appeal = appeal_file(
        person=world.a_admin, kind="submission", target_id=s.pk, reason="It is public now."
    )
    upheld = appeal_uphold(
        appeal=appeal, staff_user=world.staff, answer="Recording checked.", points=500
    )
    # then a correcting adjustment is posted (the submission is not edited) and linked
    entry = Entry.objects.get(pk=upheld.ledger_entry_id)
    assert entry.points == 500 and entry.source == "adjustment" and entry.partner == world.a
    assert f"Appeal #{appeal.pk} upheld" in entry.reason
    assert upheld.status == "upheld" and entry.appeal == upheld
    s.refresh_from_db()
    assert s.status == "rejected"
    mail = Message.objects.get(kind="appeal_answered", to_email="ada@acme.example")
    assert "upheld" in mail.body_text and "Recording checked." in mail.body_text
    assert AuditEvent.objects.filter(action="appeal.uphold").count() == 1


def test_uphold_a_commission_waits_for_a_second_approver(world: World) -> None:
    # given a commission appeal, when staff uphold it (the four-eyes path is in
    # test_commission_foureyes.py): nothing is posted yet, a request waits
    c = commission(world.a)
    appeal = appeal_file(person=world.a_admin, kind="commission", target_id=c.pk, reason="20 %")
    asked = appeal_uphold(
        appeal=appeal, staff_user=world.staff, answer="It was hot.", amount_cents=10_000
    )
    assert asked.status == "pending" and asked.commission_correction_id is None
    assert CommissionEntry.objects.count() == 1
    assert CommissionEntry.objects.get(pk=c.pk).amount_cents == 10_000  # untouched


def test_uphold_a_tier_decision_and_dismiss(world: World) -> None:
    d = decision(world.a)
    appeal = appeal_file(person=world.a_admin, kind="decision", target_id=d.pk, reason="Missed")
    dismissed = appeal_dismiss(appeal=appeal, staff_user=world.staff, answer="Counted right.")
    assert dismissed.status == "dismissed" and dismissed.ledger_entry is None
    assert not Entry.objects.exists()
    assert AuditEvent.objects.filter(action="appeal.dismiss").count() == 1


def _snapshot() -> tuple[int, int, int, int]:
    return (
        Appeal.objects.count(),
        Entry.objects.count(),
        CommissionEntry.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("case", "error", "field"),
    [
        ("second", AlreadyAppealed, "target"),
        ("other_partner", TargetNotFound, "target"),
        ("empty_reason", ReasonRequired, "reason"),
        ("member", NotPartnerAdmin, ""),
        ("payout", NotAppealable, "target"),
        ("unknown", TargetNotFound, "target"),
    ],
)
def test_bad_appeals_are_refused_by_name_and_change_nothing(
    world: World, case: str, error: type[Exception], field: str
) -> None:
    s = rejected_submission(world.a, world.a_admin, world.staff)
    appeal_file(person=world.a_admin, kind="submission", target_id=s.pk, reason="First")
    other = rejected_submission(world.b, world.b_admin, world.staff)
    payout = commission(world.a, kind="payout", key="p1")
    args: dict[str, Any] = {
        "second": dict(person=world.a_admin, kind="submission", target_id=s.pk),
        "other_partner": dict(person=world.a_admin, kind="submission", target_id=other.pk),
        "empty_reason": dict(person=world.b_admin, kind="submission", target_id=other.pk),
        "member": dict(person=world.a_member, kind="commission", target_id=payout.pk),
        "payout": dict(person=world.a_admin, kind="commission", target_id=payout.pk),
        "unknown": dict(person=world.a_admin, kind="decision", target_id=999_999),
    }[case]
    reason = "   " if case == "empty_reason" else "Please look again."
    before = _snapshot()
    with pytest.raises(error) as caught:
        appeal_file(reason=reason, **args)
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert caught.value.message  # type: ignore[attr-defined]
    assert _snapshot() == before


def test_the_database_refuses_a_second_appeal_of_the_same_thing(world: World) -> None:
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    s = rejected_submission(world.a, world.a_admin, world.staff)
    appeal_file(person=world.a_admin, kind="submission", target_id=s.pk, reason="First")
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.create(
            partner=world.a,
            kind="submission",
            submission=s,
            reason="Again",
            filed_by=world.a_admin,
            filed_at=timezone.now(),
        )


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"answer": "", "points": 5}, AnswerRequired, "answer"),
        ({"answer": "Yes", "points": 0}, CorrectionRequired, "points"),
        ({"answer": "Yes", "points": 2_000_000}, CorrectionRequired, "points"),
    ],
)
def test_bad_answers_are_refused(world: World, kwargs: Any, error: Any, field: str) -> None:
    s = rejected_submission(world.a, world.a_admin, world.staff)
    appeal = appeal_file(person=world.a_admin, kind="submission", target_id=s.pk, reason="r")
    before = _snapshot()
    with pytest.raises(error) as caught:
        appeal_uphold(appeal=appeal, staff_user=world.staff, **kwargs)
    assert caught.value.field == field
    assert _snapshot() == before and Appeal.objects.get(pk=appeal.pk).status == "pending"


def test_answering_twice_is_refused(world: World) -> None:
    d = decision(world.a)
    appeal = appeal_file(person=world.a_admin, kind="decision", target_id=d.pk, reason="r")
    appeal_uphold(appeal=appeal, staff_user=world.staff, answer="Yes", points=100)
    before = _snapshot()
    with pytest.raises(AppealNotPending) as caught:
        appeal_uphold(appeal=appeal, staff_user=world.staff, answer="Yes", points=100)
    assert caught.value.field == "appeal" and "already upheld" in caught.value.message
    assert _snapshot() == before


def test_portal_appeal_button_form_and_page(world: World) -> None:
    s = rejected_submission(world.a, world.a_admin, world.staff)
    client = Client()
    client.force_login(world.a_admin.user)
    listing = client.get("/portal/activities/").content.decode()
    assert f"/portal/appeals/new/?kind=submission&amp;target={s.pk}" in listing
    assert client.get(f"/portal/appeals/new/?kind=submission&target={s.pk}").status_code == 200
    detail = client.get(f"/portal/activities/{s.pk}/").content.decode()
    assert f"/portal/appeals/new/?kind=submission&amp;target={s.pk}" in detail
    empty = client.post("/portal/appeals/new/", {"kind": "submission", "target": s.pk})
    assert empty.status_code == 400 and "Say why" in empty.content.decode()
    assert not Appeal.objects.exists()
    done = client.post(
        "/portal/appeals/new/",
        {"kind": "submission", "target": s.pk, "reason": "Public now"},
        follow=True,
    )
    assert "is filed" in done.content.decode() and "Public now" in done.content.decode()
    again = client.post(
        "/portal/appeals/new/", {"kind": "submission", "target": s.pk, "reason": "Again"}
    )
    assert again.status_code == 400 and "appealed already" in again.content.decode()
    assert Appeal.objects.count() == 1
    assert "Appeal waiting for an answer" in client.get("/portal/activities/").content.decode()


def test_portal_refuses_another_partners_submission_and_members(world: World) -> None:
    other = rejected_submission(world.b, world.b_admin, world.staff)
    client = Client()
    client.force_login(world.a_admin.user)
    url = f"/portal/appeals/new/?kind=submission&target={other.pk}"
    assert client.get(url).status_code == 404
    posted = client.post(
        "/portal/appeals/new/", {"kind": "submission", "target": other.pk, "reason": "Mine?"}
    )
    assert posted.status_code == 400 and "no such" in posted.content.decode()
    member = Client()
    member.force_login(world.a_member.user)
    assert member.get("/portal/appeals/").status_code == 200
    assert member.get(url).status_code == 403
    assert not Appeal.objects.exists()


def test_backoffice_uphold_form_links_the_entry(world: World) -> None:
    s = rejected_submission(world.a, world.a_admin, world.staff)
    appeal = appeal_file(person=world.a_admin, kind="submission", target_id=s.pk, reason="r")
    client = Client()
    client.force_login(world.staff)
    assert "Acme" in client.get("/backoffice/appeals/").content.decode()
    bad = client.post(
        f"/backoffice/appeals/{appeal.pk}/uphold/", {"uphold-points": "0", "uphold-answer": "ok"}
    )
    assert bad.status_code == 400 and "correcting points" in bad.content.decode()
    ok = client.post(
        f"/backoffice/appeals/{appeal.pk}/uphold/",
        {"uphold-points": "500", "uphold-answer": "ok"},
        follow=True,
    )
    body = ok.content.decode()
    appeal.refresh_from_db()
    assert f"Ledger entry #{appeal.ledger_entry_id}: 500 points" in body


def test_level_history_and_commissions_show_the_appeal_button(world: World) -> None:
    d = decision(world.a)
    c = commission(world.a)
    client = Client()
    client.force_login(world.a_admin.user)
    levels = client.get("/portal/levels/").content.decode()
    assert f"?kind=decision&amp;target={d.pk}" in levels
    commissions = client.get("/portal/commissions/").content.decode()
    assert f"?kind=commission&amp;target={c.pk}" in commissions
    member = Client()
    member.force_login(world.a_member.user)
    assert "?kind=decision" not in member.get("/portal/levels/").content.decode()


def test_backoffice_proposes_the_catalogue_points(world: World) -> None:
    s = rejected_submission(world.a, world.a_admin, world.staff)
    appeal = appeal_file(person=world.a_admin, kind="submission", target_id=s.pk, reason="r")
    client = Client()
    client.force_login(world.staff)
    body = client.get(f"/backoffice/appeals/{appeal.pk}/").content.decode()
    assert 'name="uphold-points" value="500"' in body


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "nonsense", "target": "1", "reason": "x"},
        {"kind": "submission", "target": "abc", "reason": "x"},
    ],
)
def test_portal_bad_kind_or_target_is_refused(world: World, data: dict[str, str]) -> None:
    client = Client()
    client.force_login(world.a_admin.user)
    assert client.get("/portal/appeals/new/?kind=nonsense&target=1").status_code == 404
    response = client.post("/portal/appeals/new/", data)
    assert response.status_code in (400, 404) and not Appeal.objects.exists()

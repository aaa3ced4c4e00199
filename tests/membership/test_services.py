"""The membership services: each idempotent per day, each refusal changing nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model

from partnercenter.documents.models import Document, DocumentKind
from partnercenter.ledger.services import entry_post
from partnercenter.membership import services
from partnercenter.membership.errors import (
    AlreadyResolved,
    NoNotice,
    NotActive,
    NoticeAlreadyGiven,
    ReasonRequired,
    UnknownSide,
)
from partnercenter.membership.selectors import (
    logo_deadlines_overdue,
    membership_state,
    partners_lapsing_soon,
    portal_access,
)
from partnercenter.notifications.models import Message
from partnercenter.partners.models import Notice, Partner
from partnercenter.review.services import review_run
from tests.membership.conftest import snapshot

pytestmark = pytest.mark.django_db
Mails = Callable[..., list[Message]]


def test_no_plan_nor_points_path_past_grace_lapses_once(member: Partner, mails: Mails) -> None:
    # Given a member whose plan was paid through 31 March
    Partner.objects.filter(pk=member.pk).update(plan_paid_until=date(2026, 3, 31))
    # When the lapse runs within the 30 grace days: nothing
    assert services.memberships_lapse(as_of=date(2026, 4, 30)) == {"lapsed": 0, "restored": 0}
    # Then on the 31st day without membership it lapses, once
    assert services.memberships_lapse(as_of=date(2026, 5, 1)) == {"lapsed": 1, "restored": 0}
    assert services.memberships_lapse(as_of=date(2026, 5, 1)) == {"lapsed": 0, "restored": 0}
    member.refresh_from_db()
    assert member.status == "lapsed" and member.lapsed_on == date(2026, 5, 1)
    assert "grace" in member.status_reason
    [mail] = mails("membership_lapsed")
    assert mail.to_email == "max@acme.example" and "points path" in mail.body_text


def test_validity_ending_without_renewal_lapses(member: Partner, mails: Mails) -> None:
    Partner.objects.filter(pk=member.pk).update(plan_paid_until=date(2027, 6, 30))
    assert services.memberships_lapse(as_of=date(2026, 12, 31))["lapsed"] == 0
    assert services.memberships_lapse(as_of=date(2027, 1, 1))["lapsed"] == 1
    member.refresh_from_db()
    assert member.status == "lapsed" and "Not renewed" in member.status_reason
    assert "renew" in mails("membership_lapsed")[0].body_text


def test_a_lapsed_partner_that_pays_again_is_active_again(member: Partner, mails: Mails) -> None:
    Partner.objects.filter(pk=member.pk).update(
        status="lapsed", lapsed_on=date(2026, 5, 1), plan_paid_until=date(2026, 3, 31)
    )
    assert services.memberships_lapse(as_of=date(2026, 6, 1))["restored"] == 0
    Partner.objects.filter(pk=member.pk).update(plan_paid_until=date(2026, 6, 30))
    assert services.memberships_lapse(as_of=date(2026, 6, 2))["restored"] == 1
    assert services.memberships_lapse(as_of=date(2026, 6, 2))["restored"] == 0
    member.refresh_from_db()
    assert member.status == "active" and member.lapsed_on is None
    assert len(mails("membership_restored")) == 1


def test_the_review_reviews_lapsed_partners_and_the_points_path_brings_them_back(
    member: Partner,
) -> None:
    # Given a lapsed partner without plan that then earns the points path
    Partner.objects.filter(pk=member.pk).update(
        status="lapsed", lapsed_on=date(2026, 5, 1), plan="", plan_paid_until=None
    )
    entry_post(partner=member, activity="project", points=6000,
               occurred_at=datetime(2026, 5, 10, tzinfo=UTC), source="reported",
               reason="project", idempotency_key="p1")  # fmt: skip
    # When the review runs, the lapsed partner is reviewed and its earned level recorded
    result = review_run(as_of=date(2026, 6, 1))
    assert result.total == 1
    member.refresh_from_db()
    assert member.current_level == "professional" and member.status == "lapsed"
    # Then the lapse job brings it back
    assert services.memberships_lapse(as_of=date(2026, 6, 1))["restored"] == 1
    member.refresh_from_db()
    assert member.status == "active"
    assert membership_state(member, date(2026, 6, 1)).kind == "points_path"


def test_renewal_reminders_at_60_30_7_days_once_each(member: Partner, mails: Mails) -> None:
    sent = [
        services.renewal_reminders_send(as_of=day)["sent"]
        for day in [
            date(2026, 10, 1),  # 91 days left: none
            date(2026, 11, 1),  # 60
            date(2026, 11, 1),  # again: nothing
            date(2026, 11, 15),  # 46: the 60-day one was sent
            date(2026, 12, 1),  # 30
            date(2026, 12, 24),  # 7
            date(2027, 1, 1),  # over
        ]
    ]
    assert sent == [0, 1, 0, 0, 1, 1, 0]
    subjects = [m.subject for m in mails("renewal_reminder")]
    assert subjects[0].startswith("Your partner membership ends in 60 days")


def test_notice_ends_after_the_notice_days_and_is_mailed(member: Partner, mails: Mails) -> None:
    partner = services.notice_give(partner=member, by="partner", on=date(2026, 6, 1), reason="x")
    assert partner.ends_on == date(2026, 7, 1) and partner.notice_given_by == "partner"
    assert "1 July 2026" in mails("notice_given")[0].subject
    state = membership_state(partner, date(2026, 6, 2))
    assert state.under_notice and state.ends_on == date(2026, 7, 1)


@pytest.mark.parametrize(
    ("setup", "kwargs", "error", "field"),
    [
        ({"ends_on": date(2026, 7, 1), "notice_given_on": date(2026, 6, 1)}, {}, NoticeAlreadyGiven, "notice"),
        ({"status": "lapsed"}, {}, NotActive, "status"),
        ({"status": "terminated"}, {}, NotActive, "status"),
        ({}, {"by": "someone"}, UnknownSide, "by"),
    ],
)  # fmt: skip
def test_notice_refusals_change_nothing(
    member: Partner, mails: Mails, setup: dict, kwargs: dict, error: type, field: str
) -> None:
    Partner.objects.filter(pk=member.pk).update(**setup)
    before = snapshot(member)
    with pytest.raises(error) as caught:
        services.notice_give(partner=member, **{"by": "vendor", "on": date(2026, 6, 5), **kwargs})
    assert caught.value.field == field and caught.value.message
    assert snapshot(member) == before and mails() == []


def test_notice_withdrawn_continues_the_membership(member: Partner) -> None:
    services.notice_give(partner=member, by="vendor", on=date(2026, 6, 1))
    partner = services.notice_withdraw(partner=member, on=date(2026, 6, 3))
    assert partner.ends_on is None and partner.status == "active"
    before = snapshot(member)
    with pytest.raises(NoNotice):
        services.notice_withdraw(partner=member, on=date(2026, 6, 4))
    assert snapshot(member) == before


def test_termination_on_the_end_day_once(member: Partner, mails: Mails) -> None:
    Partner.objects.filter(pk=member.pk).update(current_level="silver")
    services.notice_give(partner=member, by="partner", on=date(2026, 6, 1))
    assert services.terminations_due(as_of=date(2026, 6, 30)) == {"terminated": 0}
    assert services.terminations_due(as_of=date(2026, 7, 1)) == {"terminated": 1}
    assert services.terminations_due(as_of=date(2026, 7, 2)) == {"terminated": 0}
    member.refresh_from_db()
    assert member.status == "terminated" and member.terminated_on == date(2026, 7, 1)
    assert member.current_level == ""
    [logo] = Notice.objects.filter(partner=member, kind="logo")
    assert logo.due_on == date(2026, 7, 31)
    [statement] = Document.objects.filter(partner=member, kind=DocumentKind.STATEMENT)
    assert statement.pdf[:4] == b"%PDF"
    [mail] = mails("membership_terminated")
    assert statement.code in mail.body_text and "30 June 2027" in mail.body_text
    assert portal_access(member, date(2027, 6, 30)) == "read"
    assert portal_access(member, date(2027, 7, 1)) == "none"


def test_terminate_for_breach_needs_a_reason(member: Partner) -> None:
    staff = get_user_model().objects.create_user("staff", is_staff=True)
    before = snapshot(member)
    with pytest.raises(ReasonRequired) as caught:
        services.partner_terminate_now(partner=member, staff_user=staff, reason="  ")
    assert caught.value.field == "reason" and snapshot(member) == before
    assert not Document.objects.exists()
    partner = services.partner_terminate_now(partner=member, staff_user=staff, reason="Fraud.")
    assert partner.status == "terminated" and "Fraud." in partner.status_reason
    before = snapshot(member)
    with pytest.raises(NotActive):
        services.partner_terminate_now(partner=member, staff_user=staff, reason="Again.")
    assert snapshot(member) == before


def test_logo_reminders_overdue_flag_and_resolving(member: Partner, mails: Mails) -> None:
    notice = Notice.objects.create(
        partner=member, kind="level_decreased", message="Drop.", due_on=date(2026, 7, 31)
    )
    days = [date(2026, 7, 1), date(2026, 7, 17), date(2026, 7, 17), date(2026, 7, 28)]
    assert [services.logo_deadline_reminders_send(as_of=d)["sent"] for d in days] == [0, 1, 0, 1]
    assert list(logo_deadlines_overdue(date(2026, 7, 31))) == []
    assert list(logo_deadlines_overdue(date(2026, 8, 1))) == [notice]
    staff = get_user_model().objects.create_user("staff", is_staff=True)
    services.logo_deadline_resolve(notice=notice, staff_user=staff)
    assert list(logo_deadlines_overdue(date(2026, 8, 1))) == []
    with pytest.raises(AlreadyResolved):
        services.logo_deadline_resolve(notice=notice, staff_user=staff)


def test_lapsing_soon_lists_validity_and_missing_plans(member: Partner) -> None:
    today = date(2026, 11, 15)
    assert [p for p, _ in partners_lapsing_soon(today)] == [member]
    assert partners_lapsing_soon(today - timedelta(days=100)) == []

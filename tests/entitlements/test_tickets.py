"""Tickets against the quota: the 10th of a Gold week accepted, the 11th refused; SLA and breaches."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import DatabaseError, transaction

from partnercenter.entitlements import errors
from partnercenter.entitlements.jobs import sla_breaches_job
from partnercenter.entitlements.models import Queue, Ticket, TicketStatus, Usage
from partnercenter.entitlements.selectors import quota_of, sla_report
from partnercenter.entitlements.services import (
    breaches_stamp,
    ticket_close,
    ticket_open,
    ticket_reply,
)
from partnercenter.notifications.models import Message
from tests.entitlements.conftest import at

pytestmark = pytest.mark.django_db

WED = at(2025, 3, 12, 9)
SUNDAY_LAST = at(2025, 3, 16, 23, 59, 59)
MONDAY = at(2025, 3, 17, 0, 0, 0)


def _open(member: Any, n: int, when: Any = WED) -> list[Ticket]:
    return [ticket_open(person=member, subject=f"Q{i}", body="Help", at=when) for i in range(n)]


def test_tenth_gold_ticket_accepted_eleventh_refused_with_reset(member: Any) -> None:
    # Given nine tickets this week, when the 10th is opened, then it is accepted.
    _open(member, 9)
    tenth = ticket_open(person=member, subject="Ten", body="Help", at=SUNDAY_LAST)
    assert tenth.queue == Queue.SLA
    assert tenth.response_due_at == SUNDAY_LAST + timedelta(hours=4)
    assert quota_of(member.partner, "tickets", SUNDAY_LAST).remaining == 0  # type: ignore[union-attr]
    before = (Ticket.objects.count(), Usage.objects.count())
    # When the 11th is opened on Sunday 23:59:59, then it is refused with Monday 00:00 UTC.
    with pytest.raises(errors.QuotaExhausted) as info:
        ticket_open(person=member, subject="Eleven", body="Help", at=SUNDAY_LAST)
    assert info.value.resets_at == MONDAY
    assert "Monday 17 March 2025, 00:00" in info.value.message
    assert (Ticket.objects.count(), Usage.objects.count()) == before
    # On Monday 00:00 the new week's quota applies.
    ticket_open(person=member, subject="Eleven", body="Help", at=MONDAY)
    assert quota_of(member.partner, "tickets", MONDAY).remaining == 9  # type: ignore[union-attr]


def test_invalid_close_gives_the_ticket_back(member: Any, staff: Any) -> None:
    tickets = _open(member, 10)
    ticket_close(ticket=tickets[0], staff=staff, invalid=True, at=WED)
    assert quota_of(member.partner, "tickets", WED).remaining == 1  # type: ignore[union-attr]
    assert list(Usage.objects.order_by("id").values_list("amount", flat=True))[-1] == -1
    with pytest.raises(errors.WrongState):
        ticket_close(ticket=tickets[0], staff=staff, invalid=True, at=WED)
    assert Usage.objects.filter(amount=-1).count() == 1


def test_plan_change_mid_week_uses_the_new_quota(member: Any) -> None:
    # Given Silver with 7 tickets used this week,
    partner = member.partner
    partner.plan = "silver"
    partner.save()
    _open(member, 7)
    with pytest.raises(errors.QuotaExhausted):
        ticket_open(person=member, subject="x", body="y", at=WED)
    # when the plan changes to Gold mid-week, then Gold's 10 apply from the change on.
    partner.plan = "gold"
    partner.save()
    q = quota_of(partner, "tickets", WED)
    assert (q.allowed, q.used, q.remaining) == (10, 0, 10)  # type: ignore[union-attr]


def test_points_path_member_without_paid_plan_is_told_which_plan(gold: Any, member: Any) -> None:
    gold.plan_paid_until = date(2025, 1, 1)
    gold.save()
    with pytest.raises(errors.NoQuota) as info:
        ticket_open(person=member, subject="x", body="y", at=WED)
    assert "Now Partner Plan brings 2 per week" in info.value.message
    assert Ticket.objects.count() == 0


def test_community_plan_goes_to_the_community_queue(gold: Any, member: Any) -> None:
    gold.plan = "now"
    gold.save()
    t = ticket_open(person=member, subject="x", body="y", at=WED)
    assert (t.queue, t.response_due_at) == (Queue.COMMUNITY, None)


@pytest.mark.parametrize(("subject", "body", "field"), [("", "b", "subject"), ("s", " ", "body")])
def test_bad_input_changes_nothing(member: Any, subject: str, body: str, field: str) -> None:
    with pytest.raises(errors.InvalidInput) as info:
        ticket_open(person=member, subject=subject, body=body, at=WED)
    assert info.value.field == field
    assert Ticket.objects.count() == Usage.objects.count() == 0


def test_breach_stamped_by_the_job_or_the_late_reply(member: Any, staff: Any) -> None:
    a, b, c = _open(member, 3)
    # The job at 14:00 (5 h later) stamps a, b and c as breached then.
    assert breaches_stamp(now=WED + timedelta(hours=3)) == 0
    ticket_reply(ticket=a, staff=staff, body="On time", at=WED + timedelta(hours=3, minutes=59))
    assert breaches_stamp(now=WED + timedelta(hours=5)) == 2
    b.refresh_from_db()
    assert b.breached_at == WED + timedelta(hours=5)
    # A late reply keeps the job's stamp and sets the first response once.
    ticket_reply(ticket=b, staff=staff, body="Late", at=WED + timedelta(hours=6))
    ticket_reply(ticket=b, staff=staff, body="More", at=WED + timedelta(hours=7))
    b.refresh_from_db()
    assert (b.first_response_at, b.breached_at) == (
        WED + timedelta(hours=6),
        WED + timedelta(hours=5),
    )
    assert b.status == TicketStatus.ANSWERED
    assert Message.objects.filter(kind="ticket_answered", to_email=member.email).count() == 3
    assert sla_breaches_job(date(2025, 3, 12)) == {"breached": 0}


def test_late_reply_stamps_the_breach_if_the_job_did_not_run(member: Any, staff: Any) -> None:
    (t,) = _open(member, 1)
    ticket_reply(ticket=t, staff=staff, body="Late", at=WED + timedelta(hours=4, seconds=1))
    t.refresh_from_db()
    assert t.breached_at == WED + timedelta(hours=4, seconds=1)


def test_sla_report_from_timestamps(member: Any, staff: Any) -> None:
    tickets = _open(member, 4)
    for t, minutes in zip(tickets[:3], (30, 90, 300), strict=True):
        ticket_reply(ticket=t, staff=staff, body="A", at=WED + timedelta(minutes=minutes))
    breaches_stamp(now=WED + timedelta(hours=10))
    (row,) = sla_report(date(2025, 3, 1))
    assert (row.plan, row.tickets, row.met, row.met_percent) == ("gold", 4, 2, 50.0)
    assert (row.median_minutes, row.worst_minutes, row.breaches) == (90, 300, 2)
    assert sla_report(date(2025, 4, 1)) == []


def test_usage_is_append_only_at_the_database(member: Any) -> None:
    _open(member, 1)
    with pytest.raises(DatabaseError), transaction.atomic():
        Usage.objects.update(amount=-1)
    with pytest.raises(DatabaseError), transaction.atomic():
        Usage.objects.all().delete()
    assert Usage.objects.get().amount == 1

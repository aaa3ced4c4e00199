"""Roadmap requests: who may file, one vote per partner, staff status with the filer's email."""

from __future__ import annotations

from typing import Any

import pytest

from partnercenter.audit.models import AuditEvent
from partnercenter.engagement import errors
from partnercenter.engagement.models import RoadmapRequest, RoadmapVote
from partnercenter.engagement.roadmap import (
    roadmap_request_file,
    roadmap_status_set,
    roadmap_vote,
)
from partnercenter.engagement.selectors import roadmap_list
from partnercenter.notifications.models import Message
from partnercenter.partners.models import PartnerStatus


def test_a_gold_partner_files_and_another_partner_votes(pair: Any) -> None:
    # Given a Gold partner (its plan brings roadmap requests)
    r = roadmap_request_file(person=pair.gold_member, title="Dark mode", description="Please.")
    # When a Basic partner's member votes
    roadmap_vote(person=pair.basic_member, request_id=r.pk)
    # Then the request has one vote and is listed first
    row = roadmap_list(pair.basic).get(pk=r.pk)
    assert row.vote_count == 1 and row.voted
    assert r.plan == "gold"


def test_list_is_sorted_by_votes(pair: Any, make_partner: Any) -> None:
    a = roadmap_request_file(person=pair.gold_member, title="A", description="a")
    b = roadmap_request_file(person=pair.gold_member, title="B", description="b")
    roadmap_vote(person=pair.basic_member, request_id=a.pk)
    assert [r.pk for r in roadmap_list()] == [a.pk, b.pk]


def test_a_plan_without_roadmap_requests_is_told_which_plans_bring_them(pair: Any) -> None:
    with pytest.raises(errors.NoRight) as caught:
        roadmap_request_file(person=pair.basic_member, title="X", description="Y")
    assert caught.value.field == "title"
    assert "Basic Partner Plan does not bring" in caught.value.message
    assert "Silver Partner Plan, Gold Partner Plan, Platinum Partner Plan" in caught.value.message
    assert RoadmapRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("title", "description", "field"),
    [("", "d", "title"), ("t", "  ", "description"), ("x" * 201, "d", "title")],
)
def test_bad_input_is_refused_by_field(pair: Any, title: str, description: str, field: str) -> None:
    with pytest.raises(errors.InvalidInput) as caught:
        roadmap_request_file(person=pair.gold_member, title=title, description=description)
    assert caught.value.field == field
    assert RoadmapRequest.objects.count() == 0


def test_voting_twice_is_refused_and_changes_nothing(pair: Any) -> None:
    r = roadmap_request_file(person=pair.gold_member, title="T", description="D")
    roadmap_vote(person=pair.basic_member, request_id=r.pk)
    # a colleague of the same partner votes again
    with pytest.raises(errors.AlreadyVoted) as caught:
        roadmap_vote(person=pair.basic_admin, request_id=r.pk)
    assert caught.value.field == "request"
    assert RoadmapVote.objects.count() == 1


def test_own_request_and_inactive_partners_cannot_vote(pair: Any) -> None:
    r = roadmap_request_file(person=pair.gold_member, title="T", description="D")
    with pytest.raises(errors.OwnRequest):
        roadmap_vote(person=pair.gold_admin, request_id=r.pk)
    pair.basic.status = PartnerStatus.LAPSED
    pair.basic.save()
    pair.basic_member.refresh_from_db()
    with pytest.raises(errors.NoRight):
        roadmap_vote(person=pair.basic_member, request_id=r.pk)
    with pytest.raises(errors.NotFound):
        roadmap_vote(person=pair.basic_member, request_id=999999)
    assert RoadmapVote.objects.count() == 0


def test_staff_status_emails_the_filers_admins_and_is_audited(pair: Any) -> None:
    r = roadmap_request_file(person=pair.gold_member, title="Dark mode", description="D")
    roadmap_status_set(request=r, staff=pair.staff, status="planned", note="Q3 release")
    assert (r.status, r.status_note) == ("planned", "Q3 release")
    mail = Message.objects.get(kind="roadmap_status")
    assert mail.to_email == "ada@acme.example"
    assert "planned" in mail.subject and "Q3 release" in mail.body_text
    assert AuditEvent.objects.filter(action="roadmap.status").count() == 1


@pytest.mark.parametrize(("status", "field"), [("shipped", "status"), ("new", "status")])
def test_bad_status_is_refused(pair: Any, status: str, field: str) -> None:
    r = roadmap_request_file(person=pair.gold_member, title="T", description="D")
    with pytest.raises(errors.EngagementError) as caught:
        roadmap_status_set(request=r, staff=pair.staff, status=status, note="")
    assert caught.value.field == field
    r.refresh_from_db()
    assert r.status == "new"
    assert not Message.objects.filter(kind="roadmap_status").exists()

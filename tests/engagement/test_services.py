"""Benefits that are services: the edition marks them; a level that has one may request it;
staff move the request to done and the partner is told."""

from __future__ import annotations

from typing import Any

import pytest

from partnercenter.audit.models import AuditEvent
from partnercenter.engagement import errors
from partnercenter.engagement.models import ServiceRequest
from partnercenter.engagement.selectors import service_benefits, service_offers
from partnercenter.engagement.services import service_request_create, service_request_update
from partnercenter.notifications.models import Message
from partnercenter.programs.selectors import edition_at

SERVICES = {
    "co_marketing",
    "joint_marketing",
    "pre_sales",
    "white_label",
    "oem",
    "monthly_briefing",
    "quarterly_meetings",
    "customer_projects",
}


def test_the_edition_names_the_requestable_services(edition: Any) -> None:
    assert {b.code for b in service_benefits(edition)} == SERVICES


def test_gold_requests_co_marketing_and_staff_mark_it_done(pair: Any) -> None:
    r = service_request_create(person=pair.gold_member, benefit="co_marketing", message="Webinar")
    assert (r.status, r.level) == ("open", "gold")
    service_request_update(request=r, staff=pair.staff, status="in_progress", note="")
    service_request_update(request=r, staff=pair.staff, status="done", note="Booked for May")
    r.refresh_from_db()
    assert (r.status, r.note) == ("done", "Booked for May")
    mails = Message.objects.filter(kind="service_request_status").order_by("id")
    assert [m.to_email for m in mails] == ["max@acme.example"] * 2
    assert "Co-marketing" in mails[1].subject
    assert AuditEvent.objects.filter(action="service_request.status").count() == 2


def test_a_level_without_the_service_is_told_which_level_brings_it(pair: Any) -> None:
    with pytest.raises(errors.NoRight) as caught:
        service_request_create(person=pair.basic_member, benefit="co_marketing", message="m")
    assert caught.value.field == "benefit"
    assert "Basic, does not include Co-marketing" in caught.value.message
    assert "The Gold level brings it." in caught.value.message
    offers = {o.benefit.code: o for o in service_offers(pair.basic, edition_at_now())}
    assert not offers["co_marketing"].included
    assert offers["co_marketing"].bringing.code == "gold"
    assert offers["oem"].included
    assert ServiceRequest.objects.count() == 0


def edition_at_now() -> Any:
    from django.utils import timezone

    assert edition_at(timezone.now().date())
    return timezone.now()


@pytest.mark.parametrize(
    ("benefit", "message", "field"),
    [
        ("partner_logo", "m", "benefit"),  # a right, not a service
        ("nonsense", "m", "benefit"),
        ("oem", "   ", "message"),
    ],
)
def test_bad_requests_are_refused_by_field(
    pair: Any, benefit: str, message: str, field: str
) -> None:
    with pytest.raises(errors.InvalidInput) as caught:
        service_request_create(person=pair.gold_member, benefit=benefit, message=message)
    assert caught.value.field == field
    assert ServiceRequest.objects.count() == 0


def test_the_same_open_service_twice_is_refused(pair: Any) -> None:
    service_request_create(person=pair.gold_member, benefit="oem", message="m")
    with pytest.raises(errors.Duplicate):
        service_request_create(person=pair.gold_admin, benefit="oem", message="again")
    assert ServiceRequest.objects.count() == 1


def test_staff_moves_are_checked(pair: Any) -> None:
    r = service_request_create(person=pair.gold_member, benefit="oem", message="m")
    with pytest.raises(errors.InvalidInput) as caught:
        service_request_update(request=r, staff=pair.staff, status="declined", note="")
    assert caught.value.field == "note"
    service_request_update(request=r, staff=pair.staff, status="done", note="")
    with pytest.raises(errors.WrongState):
        service_request_update(request=r, staff=pair.staff, status="in_progress", note="")
    r.refresh_from_db()
    assert r.status == "done"

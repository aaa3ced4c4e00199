"""The fixed entitlement interfaces: quotas, tickets (409 over quota), slots, meetings, SLA."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from partnercenter.domain.quotas import period_containing
from partnercenter.entitlements.models import Meeting, Ticket
from partnercenter.entitlements.services import slot_publish, ticket_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def gold(world: Any) -> Any:
    world.acme.plan = "gold"
    world.acme.plan_paid_until = date(2100, 1, 1)
    world.acme.save()
    return world.acme


def test_quotas_shape(gold: Any, as_: Any) -> None:
    response = as_("acme_member").get("/partners/acme/quotas")
    assert response.status_code == 200
    tickets, meetings = response.json()
    week = period_containing("week", timezone.now())
    assert set(tickets) == {
        "entitlement",
        "period_start",
        "period_end",
        "allowed",
        "used",
        "remaining",
        "resets_at",
    }
    assert (tickets["entitlement"], tickets["allowed"], tickets["remaining"]) == ("tickets", 10, 10)
    assert tickets["resets_at"].startswith(week.end.date().isoformat())
    assert (meetings["entitlement"], meetings["allowed"]) == ("meetings", 6)


def test_open_ten_then_409_with_reset(gold: Any, as_: Any) -> None:
    api = as_("acme_member")
    for i in range(10):
        r = api.post("/partners/acme/tickets", {"subject": f"T{i}", "body": "Help"})
        assert r.status_code == 201, r.content
    assert r.json()["queue"] == "sla"
    r = api.post("/partners/acme/tickets", {"subject": "T11", "body": "Help"})
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "quota_exhausted"
    assert body["message"]
    assert body["resets_at"].startswith(
        period_containing("week", timezone.now()).end.date().isoformat()
    )
    assert Ticket.objects.count() == 10
    listed = api.get("/partners/acme/tickets").json()
    assert len(listed) == 10
    assert api.get("/partners/acme/quotas").json()[0]["remaining"] == 0


def test_no_paid_plan_refused_naming_a_plan(world: Any, as_: Any) -> None:
    r = as_("acme_member").post("/partners/acme/tickets", {"subject": "T", "body": "Help"})
    assert r.status_code == 403
    assert r.json()["code"] == "no_quota"
    assert "Plan brings" in r.json()["message"]
    assert Ticket.objects.count() == 0


def test_slots_and_booking(gold: Any, world: Any, as_: Any) -> None:
    slot = slot_publish(
        staff=world.staff, starts_at=timezone.now() + timedelta(days=2), duration_minutes=30
    )
    slots = as_("globex_admin").get("/meeting-slots").json()
    assert [s["id"] for s in slots] == [slot.pk]
    r = as_("acme_member").post("/partners/acme/meetings", {"slot_id": slot.pk})
    assert r.status_code == 201, r.content
    assert r.json()["ics_url"].endswith(".ics")
    again = as_("acme_admin").post("/partners/acme/meetings", {"slot_id": slot.pk})
    assert (again.status_code, again.json()["code"]) == (409, "slot_taken")
    assert Meeting.objects.count() == 1
    assert as_("acme_member").get("/meeting-slots").json() == []


def test_sla_for_staff_only(gold: Any, world: Any, as_: Any) -> None:
    r = as_("acme_member").post("/partners/acme/tickets", {"subject": "T", "body": "Help"})
    t = Ticket.objects.get(pk=r.json()["id"])
    ticket_reply(ticket=t, staff=world.staff, body="A", at=t.opened_at + timedelta(minutes=42))
    month = t.opened_at.strftime("%Y-%m")
    rows = as_("staff").get("/sla", month=month).json()
    assert rows == [
        {
            "plan": "gold",
            "tickets": 1,
            "met": 1,
            "met_percent": 100.0,
            "median_minutes": 42,
            "worst_minutes": 42,
            "breaches": 0,
        }
    ]
    assert as_("acme_admin").get("/sla", month=month).status_code == 403
    assert as_("staff").get("/sla", month="2025-13").status_code == 422

"""POST /api/v1/leads (anonymous, throttled, or a staff token) and a partner's leads."""

from __future__ import annotations

from typing import Any

import pytest

from partnercenter.leads.models import Lead, LeadSource, LeadStatus
from partnercenter.partners.models import Partner
from tests.api.conftest import Api, World
from tests.leads.conftest import LEAD

pytestmark = pytest.mark.django_db


def _to_acme(world: World) -> None:
    Partner.objects.filter(pk=world.acme.pk).update(current_level="gold", country="DE")


def test_anonymous_lead_is_created_and_routed(world: World, as_: Any) -> None:
    _to_acme(world)
    response = as_(None).post("/leads", {**LEAD, "profile": "it"})
    assert response.status_code == 201
    lead = Lead.objects.get(pk=response.json()["id"])
    assert lead.source == LeadSource.API
    assert (lead.status, lead.partner_id) == (LeadStatus.OFFERED, world.acme.pk)


@pytest.mark.parametrize(
    ("over", "field", "status"),
    [
        ({"profile": "plumbing"}, "profile", 400),
        ({"country": "XX"}, "country", 400),
        ({"contact_email": "nope"}, "contact_email", 400),
        ({"consent": False}, "consent", 400),
        ({"budget_band": "huge"}, "budget_band", 400),
        ({"need": None}, "payload.need", 422),  # the schema's own check
    ],
)
def test_bad_field_is_named_and_nothing_is_stored(
    as_: Any,
    over: dict[str, Any],
    field: str,
    status: int,
) -> None:
    response = as_(None).post("/leads", {**LEAD, **over})
    assert response.status_code == status
    assert response.json()["field"] == field
    assert not Lead.objects.exists()


def test_anonymous_is_throttled_per_address(as_: Any, settings: Any) -> None:
    settings.PARTNERCENTER_LEADS_PER_HOUR = 2
    api = as_(None)
    assert [api.post("/leads", LEAD).status_code for _ in range(2)] == [201, 201]
    refused = api.post("/leads", LEAD)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert Lead.objects.count() == 2


def test_a_staff_token_is_not_throttled(as_: Any, settings: Any) -> None:
    settings.PARTNERCENTER_LEADS_PER_HOUR = 1
    api = as_("staff")
    assert [api.post("/leads", LEAD).status_code for _ in range(3)] == [201, 201, 201]


def test_a_dead_token_is_refused(as_: Any) -> None:
    api = Api("pc_not-a-token")
    assert api.post("/leads", LEAD).status_code == 401
    assert not Lead.objects.exists()


def test_the_idempotency_key_replays_the_first_answer(as_: Any) -> None:
    api = as_(None)
    first = api.post("/leads", LEAD, key="k1")
    again = api.post("/leads", LEAD, key="k1")
    assert first.json() == again.json()
    assert Lead.objects.count() == 1


def test_partner_leads_show_own_part_and_contact_after_accept(
    world: World,
    as_: Any,
) -> None:
    _to_acme(world)
    lead_id = as_(None).post("/leads", {**LEAD, "profile": "it"}).json()["id"]
    body = as_("acme_member").get("/partners/acme/leads").json()
    assert body["next_cursor"] is None
    [item] = body["items"]
    assert item["id"] == lead_id and item["status"] == "offered"
    assert item["answer_by"] is not None and item["contact_email"] is None
    assert item["steps"][0]["explanation"].startswith("offered to Acme: priority 2, IT")
    assert as_("globex_admin").get("/partners/acme/leads").status_code == 404
    staff = as_("staff").get("/partners/acme/leads").json()
    assert staff["items"][0]["contact_email"] == LEAD["contact_email"]

"""The doors of leads: the public form, the portal Leads page and the back office."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from partnercenter.audit.models import AuditEvent
from partnercenter.leads.models import Lead, LeadStatus
from partnercenter.notifications.models import Message
from partnercenter.partners.models import Partner
from tests.leads.conftest import LEAD
from tests.submissions.factories import with_roles

FORM = {k: ("on" if v is True else v) for k, v in LEAD.items()}


def _signed_in(partner: Partner) -> Client:
    person = partner.people.get()
    person.user = User.objects.create_user(username=person.email, email=person.email)
    person.save()
    client = Client()
    client.force_login(person.user)
    return client


def test_home_links_to_the_form(edition: Any) -> None:
    assert b'href="/find-a-partner/"' in Client().get("/").content


def test_the_form_creates_and_routes_a_lead(hosting: Callable[..., Partner]) -> None:
    p = hosting("gold-de", "gold")
    response = Client().post("/find-a-partner/", FORM)
    assert response.status_code == 302 and response["Location"] == "/find-a-partner/sent/"
    lead = Lead.objects.get()
    assert (lead.source, lead.partner) == ("form", p)
    assert Client().get("/find-a-partner/sent/").status_code == 200


@pytest.mark.parametrize(
    ("over", "field"),
    [({"country": "XX"}, "country"), ({"consent": ""}, "consent"), ({"profile": "x"}, "profile")],
)
def test_bad_form_input_is_shown_on_its_field(
    hosting: Callable[..., Partner], over: dict[str, str], field: str
) -> None:
    response = Client().post("/find-a-partner/", {**FORM, **over})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Lead.objects.exists()


def test_honeypot_and_rate_limit(edition: Any, settings: Any) -> None:
    settings.PARTNERCENTER_LEADS_PER_HOUR = 1
    response = Client().post("/find-a-partner/", {**FORM, "fax_number": "spam"})
    assert response.status_code == 302 and not Lead.objects.exists()
    response = Client().post("/find-a-partner/", FORM)
    assert response.status_code == 429
    assert b"Too many requests" in response.content


def test_portal_decline_forwards_and_next_accepts_and_wins(
    hosting: Callable[..., Partner],
) -> None:
    first = hosting("plat-de", "platinum")
    second = hosting("gold-de", "gold")
    Client().post("/find-a-partner/", FORM)
    lead = Lead.objects.get()
    one = _signed_in(first)
    page = one.get("/portal/leads/")
    assert b"offered to Plat-De: priority 1, Hosting, same country (DE), 0 open" in page.content
    assert b"clara@kunde.example" not in page.content  # the contact only after accepting
    refused = one.post(f"/portal/leads/{lead.pk}/decline/", {"reason": ""})
    assert refused.status_code == 400 and b"Say why you decline" in refused.content
    one.post(f"/portal/leads/{lead.pk}/decline/", {"reason": "No capacity"})
    lead.refresh_from_db()
    assert lead.partner == second
    two = _signed_in(second)
    assert two.post(f"/portal/leads/{lead.pk}/accept/").status_code == 302
    assert b"clara@kunde.example" in two.get("/portal/leads/").content
    bad = two.post(f"/portal/leads/{lead.pk}/won/", {"deal_value": "-5"})
    assert bad.status_code == 400
    two.post(f"/portal/leads/{lead.pk}/won/", {"deal_value": "12,500.50"})
    lead.refresh_from_db()
    assert (lead.status, lead.deal_value_cents) == (LeadStatus.WON, 1_250_050)
    assert Message.objects.filter(kind="lead_accepted", to_email=LEAD["contact_email"]).exists()
    # the first partner's page keeps its own part, without the customer
    page = one.get("/portal/leads/").content
    assert b"No longer yours" in page and b"clara@kunde.example" not in page


def test_backoffice_shows_routing_and_shares(hosting: Callable[..., Partner]) -> None:
    silver = hosting("silver-at", "silver", country="AT")
    staff = with_roles(User.objects.create_user("staff", is_staff=True))
    client = Client()
    client.force_login(staff)
    Client().post("/find-a-partner/", {**FORM, "profile": "it"})  # nobody: unrouted
    lead = Lead.objects.get()
    page = client.get(f"/backoffice/leads/{lead.pk}/")
    assert b"to 7x staff: no partner with the IT profile" in page.content
    assert client.get("/backoffice/leads/?status=unrouted").context["page"].paginator.count == 1
    client.post(f"/backoffice/leads/{lead.pk}/share/", {"partner": silver.slug})
    lead.refresh_from_db()
    assert (lead.status, lead.partner) == (LeadStatus.SHARED, silver)
    assert AuditEvent.objects.filter(action="lead.share").count() == 1
    again = client.post(f"/backoffice/leads/{lead.pk}/reroute/")
    assert again.status_code == 400  # not with 7x any more

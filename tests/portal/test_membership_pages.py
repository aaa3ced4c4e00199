"""The portal's membership and messages pages; notice from the portal; terminated read access."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from partnercenter.api.models import ApiToken
from partnercenter.membership.services import notice_give, partner_terminate_now
from partnercenter.notifications.models import Message
from partnercenter.partners.models import Partner
from tests.submissions.factories import World

pytestmark = pytest.mark.django_db


def signed_in(client: Client, world: World, who: str = "a_admin") -> Client:
    client.force_login(getattr(world, who).user)
    return client


def test_dashboard_and_membership_page_show_the_membership(client: Client, world: World) -> None:
    today = timezone.now().date()
    Partner.objects.filter(pk=world.a.pk).update(
        plan="now",
        plan_paid_until=today + timedelta(days=20),
        valid_until=today + timedelta(days=40),
    )
    c = signed_in(client, world)
    page = c.get("/portal/").content.decode()
    assert "Registered partner" in page and "3,000 points" in page and "Renew:" in page
    page = c.get("/portal/membership/").content.decode()
    assert "Give notice" in page
    assert (today + timedelta(days=30)).strftime("%-d %B %Y") in page


def test_the_admin_gives_notice_once(client: Client, world: World) -> None:
    c = signed_in(client, world)
    refused = c.post("/portal/membership/notice/", {"reason": "Moving on"})
    assert refused.status_code == 400 and "Tick the box" in refused.content.decode()
    world.a.refresh_from_db()
    assert world.a.ends_on is None and not Message.objects.exists()
    response = c.post("/portal/membership/notice/", {"confirm": "on", "reason": "Moving on"})
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.notice_given_by == "partner"
    assert world.a.ends_on == timezone.now().date() + timedelta(days=30)
    page = c.get("/portal/membership/").content.decode()
    assert "The membership ends on" in page and "Give notice</button>" not in page
    again = c.post("/portal/membership/notice/", {"confirm": "on"})
    assert again.status_code == 400 and "already given" in again.content.decode()


def test_a_member_cannot_give_notice(client: Client, world: World) -> None:
    c = signed_in(client, world, "a_member")
    assert c.post("/portal/membership/notice/", {"confirm": "on"}).status_code == 403
    world.a.refresh_from_db()
    assert world.a.ends_on is None


def test_messages_page_lists_only_own_messages(client: Client, world: World) -> None:
    notice_give(partner=world.a, by="vendor", on=date(2026, 6, 1))
    notice_give(partner=world.b, by="vendor", on=date(2026, 6, 1))
    page = signed_in(client, world).get("/portal/messages/").content.decode()
    assert "Notice given" in page and "ada@acme.example" in page
    assert "bea@bravo.example" not in page


def test_lapsed_partner_is_told_how_to_come_back(client: Client, world: World) -> None:
    Partner.objects.filter(pk=world.a.pk).update(status="lapsed", status_reason="Not renewed.")
    c = signed_in(client, world, "a_member")
    assert "Your membership has lapsed" in c.get("/portal/").content.decode()
    page = c.get("/portal/membership/").content.decode()
    assert "How to come back" in page and "points path" in page
    assert "these benefits, the directory listing" in c.get("/portal/plan/").content.decode()


def test_terminated_people_read_but_do_not_write(client: Client, world: World) -> None:
    partner_terminate_now(partner=world.a, staff_user=world.staff, reason="Breach.")
    c = signed_in(client, world)
    for url in ["/portal/", "/portal/ledger/", "/portal/membership/", "/portal/messages/"]:
        assert c.get(url).status_code == 200, url
    page = c.get("/portal/membership/").content.decode()
    assert "Final statement" in page and "read the ledger and documents until" in page
    code = world.a.documents.get().code
    pdf = c.get(f"/portal/membership/documents/{code}/")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    for url in ["/portal/activities/new/", "/portal/team/invite/", "/portal/profile/"]:
        response = c.get(url)
        assert response.status_code == 403 and "not change them" in response.content.decode()
    assert c.post("/portal/tokens/", {"name": "x", "scopes": ["read"]}).status_code in (200, 400)
    assert not ApiToken.objects.exists()


def test_after_the_access_period_the_portal_refuses(client: Client, world: World) -> None:
    Partner.objects.filter(pk=world.a.pk).update(
        status="terminated", terminated_on=timezone.now().date() - timedelta(days=400)
    )
    response = signed_in(client, world).get("/portal/ledger/")
    assert response.status_code == 403 and "read access" in response.content.decode()


def test_another_partners_document_is_not_found(client: Client, world: World) -> None:
    partner_terminate_now(partner=world.b, staff_user=world.staff, reason="Breach.")
    code = world.b.documents.get().code
    assert signed_in(client, world).get(f"/portal/membership/documents/{code}/").status_code == 404

"""Back office: membership on the partner page, notice and breach, dashboard lists, scheduler."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from partnercenter.membership.services import notice_give
from partnercenter.partners.models import Notice, Partner
from tests.submissions.factories import World

pytestmark = pytest.mark.django_db


def staff(client: Client, world: World) -> Client:
    client.force_login(world.staff)
    return client


def test_partner_page_shows_membership_and_gives_notice(client: Client, world: World) -> None:
    c = staff(client, world)
    page = c.get("/backoffice/partners/acme/").content.decode()
    assert "Membership" in page and "Give notice (7x)" in page and "Terminate now" in page
    refused = c.post("/backoffice/partners/acme/notice/", {})
    assert refused.status_code == 400 and "Tick the box" in refused.content.decode()
    assert c.post("/backoffice/partners/acme/notice/", {"confirm": "on"}).status_code == 302
    world.a.refresh_from_db()
    assert world.a.notice_given_by == "vendor"
    assert world.a.ends_on == timezone.now().date() + timedelta(days=30)
    page = c.get("/backoffice/").content.decode()
    assert "Under notice" in page and "Acme</a> — ends" in page
    assert c.post("/backoffice/partners/acme/notice/withdraw/").status_code == 302
    world.a.refresh_from_db()
    assert world.a.ends_on is None and world.a.status == "active"
    again = c.post("/backoffice/partners/acme/notice/withdraw/", follow=True)
    assert "no running notice" in again.content.decode()


def test_terminate_for_breach_needs_a_reason(client: Client, world: World) -> None:
    c = staff(client, world)
    refused = c.post("/backoffice/partners/acme/terminate/", {"confirm": "on", "reason": ""})
    assert refused.status_code == 400 and "Say which breach" in refused.content.decode()
    world.a.refresh_from_db()
    assert world.a.status == "active"
    ok = c.post("/backoffice/partners/acme/terminate/", {"confirm": "on", "reason": "Fraud."})
    assert ok.status_code == 302
    world.a.refresh_from_db()
    assert world.a.status == "terminated" and "Fraud." in world.a.status_reason


def test_partners_cannot_use_the_membership_actions(client: Client, world: World) -> None:
    client.force_login(world.a_admin.user)
    assert client.post("/backoffice/partners/acme/terminate/", {"confirm": "on", "reason": "x"}).status_code == 403  # fmt: skip
    assert client.get("/backoffice/scheduler/").status_code == 403
    world.a.refresh_from_db()
    assert world.a.status == "active"


def test_overdue_logo_deadline_stays_until_resolved(client: Client, world: World) -> None:
    today = timezone.now().date()
    notice = Notice.objects.create(
        partner=world.a, kind="logo", message="Remove the logo.", due_on=today - timedelta(days=2)
    )
    c = staff(client, world)
    page = c.get("/backoffice/").content.decode()
    assert "overdue" in page and "Remove the logo." in page
    assert c.post(f"/backoffice/logo-deadlines/{notice.pk}/resolve/").status_code == 302
    notice.refresh_from_db()
    assert notice.resolved_at is not None
    assert "Remove the logo." not in c.get("/backoffice/").content.decode()


def test_lapsing_soon_on_the_dashboard(client: Client, world: World) -> None:
    Partner.objects.filter(pk=world.a.pk).update(
        plan="now",
        plan_paid_until=timezone.now().date() + timedelta(days=300),
        valid_until=timezone.now().date() + timedelta(days=10),
    )
    page = staff(client, world).get("/backoffice/").content.decode()
    assert "Lapsing within 60 days" in page and "validity ends" in page


def test_scheduler_page_lists_runs(client: Client, world: World) -> None:
    notice_give(partner=world.a, by="vendor", on=date(2026, 6, 1))
    call_command("scheduler", "--once", "--as-of", "2026-07-01", stdout=io.StringIO())
    page = staff(client, world).get("/backoffice/scheduler/").content.decode()
    assert "terminations" in page and "terminated 1" in page and "2026-07-01" in page

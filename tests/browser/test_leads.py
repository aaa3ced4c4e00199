"""A customer asks for a Hosting partner in Germany; the right partner sees why, declines;
the next accepts and wins; staff read the routing explanation."""

from __future__ import annotations

from typing import Any

import pytest

from partnercenter.leads.models import Lead, LeadStatus
from partnercenter.leads.services import lead_create
from partnercenter.partners.models import Partner, Role
from tests.browser.conftest import axe_check, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import make_person, make_staff

pytestmark = [pytest.mark.browser]


def _hosting(make_partner: Any, slug: str, name: str, level: str, status: str = "active") -> None:
    partner = make_partner(slug, name=name, profile="hosting", country="DE", status=status)
    Partner.objects.filter(pk=partner.pk).update(current_level=level)
    make_person(partner, f"admin@{slug}.example", Role.ADMIN)


def test_lead_from_the_form_to_won(
    live_server: Any, transactional_db: Any, make_partner: Any, new_page: Any
) -> None:
    base = live_server.url
    _hosting(make_partner, "fjord-hosting", "Fjord Hosting", "platinum")
    _hosting(make_partner, "harbor-cloud", "Harbor Cloud", "gold")
    _hosting(make_partner, "lapsed-host", "Lapsed Host", "platinum", status="lapsed")
    make_staff()

    # a customer finds the form from the home page
    customer = new_page()
    customer.goto(base + "/")
    customer.get_by_role("link", name="Ask for a partner").click()
    customer.get_by_label("What kind of partner?").select_option("hosting")
    customer.get_by_label("What do you need?").fill(
        "Managed hosting for our Exponential shop, 99.9 % uptime, backups in the EU."
    )
    customer.get_by_label("Your country").select_option("DE")
    customer.get_by_label("Budget").select_option("10k_50k")
    customer.get_by_label("Your name").fill("Clara Kunde")
    customer.get_by_label("Your email").fill("clara@kunde.example")
    customer.get_by_label("7x may pass my request").check()
    axe_check(customer)
    shot(customer, "leads-01-find-a-partner")
    customer.get_by_role("button", name="Send my request").click()
    customer.get_by_role("heading", name="Thank you — your request is on its way").wait_for()
    axe_check(customer)
    lead = Lead.objects.get()

    # the highest priority partner in the same country sees it, with the reason
    fjord = new_page()
    sign_in(fjord, base, "admin@fjord-hosting.example")
    fjord.goto(base + "/portal/leads/")
    card = fjord.get_by_test_id(f"lead-{lead.pk}")
    card.get_by_text(
        "offered to Fjord Hosting: priority 1, Hosting, same country (DE), 0 open"
    ).wait_for()
    assert card.get_by_test_id("answer-by").is_visible()
    axe_check(fjord)
    shot(fjord, "leads-02-portal-offered")
    card.get_by_label("Reason for declining").fill("No capacity this quarter")
    card.get_by_role("button", name="Decline").click()
    fjord.get_by_text("Lead declined; it goes to the next partner.").wait_for()

    # it is forwarded to the next partner (the lapsed one is never offered)
    lead.refresh_from_db()
    assert lead.partner is not None and lead.partner.slug == "harbor-cloud"
    harbor = new_page()
    sign_in(harbor, base, "admin@harbor-cloud.example")
    harbor.goto(base + "/portal/leads/")
    card = harbor.get_by_test_id(f"lead-{lead.pk}")
    card.get_by_text("offered to Harbor Cloud: priority 2, Hosting").wait_for()
    card.get_by_role("button", name="Accept").click()
    harbor.get_by_text("Lead accepted").wait_for()
    card = harbor.get_by_test_id(f"lead-{lead.pk}")
    card.get_by_text("clara@kunde.example").first.wait_for()
    card.get_by_label("Deal value (USD)").fill("18,400")
    card.get_by_role("button", name="Mark won").click()
    harbor.get_by_text("Marked won").wait_for()
    axe_check(harbor)
    shot(harbor, "leads-03-portal-won")
    lead.refresh_from_db()
    assert (lead.status, lead.deal_value_cents) == (LeadStatus.WON, 1_840_000)

    # staff see every step of the routing
    staff = new_page()
    sign_in(staff, base, "staff@7x.example")
    staff.goto(base + "/backoffice/leads/")
    axe_check(staff)
    shot(staff, "leads-04-backoffice-list")
    staff.get_by_role("link", name=f"#{lead.pk}").click()
    routing = staff.get_by_test_id("routing")
    routing.get_by_text("offered to Fjord Hosting: priority 1").wait_for()
    routing.get_by_text("skipped Fjord Hosting: declined").wait_for()
    routing.get_by_text("Declined: No capacity this quarter").wait_for()
    assert "Lapsed Host" not in routing.inner_text()
    axe_check(staff)
    shot(staff, "leads-05-backoffice-lead")

    # a lead nobody can take stays with 7x: staff share it with a Silver+ partner
    unrouted = lead_create(
        need="Print catalogue design",
        profile="creative",
        country="DE",
        contact_name="Dora",
        contact_email="dora@kunde.example",
        consent=True,
    )
    assert unrouted is not None and unrouted.status == LeadStatus.UNROUTED
    staff.goto(f"{base}/backoffice/leads/{unrouted.pk}/")
    staff.get_by_text("to 7x staff: no partner with the Creative profile").wait_for()
    staff.get_by_label("Share with a Silver+ partner").select_option("fjord-hosting")
    axe_check(staff)
    shot(staff, "leads-06-backoffice-unrouted")
    staff.get_by_role("button", name="Share").click()
    staff.get_by_text("Lead shared with Fjord Hosting.").wait_for()
    unrouted.refresh_from_db()
    assert unrouted.status == LeadStatus.SHARED

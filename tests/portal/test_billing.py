"""Portal billing: the plan page offers the plans, an admin chooses, a member only sees,
invoices list with PDFs, card payment only when Stripe is configured."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.test import Client

from partnercenter.billing.models import Invoice, Subscription
from partnercenter.billing.services import plan_choose

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_plan_page_lists_the_eight_plans_and_the_points_path(world):
    body = _client(world.a_admin.user).get("/portal/plan/").content.decode()
    for name in (
        "Student",
        "Now",
        "Starter",
        "Basic",
        "Professional",
        "Silver",
        "Gold",
        "Platinum",
    ):
        assert f"{name} Partner Plan" in body
    assert "points path" in body
    assert "needs a student enrolment" in body  # Student only with a student enrolment
    assert 'value="silver"' in body


def test_admin_chooses_a_plan_and_lands_on_the_invoice(world):
    client = _client(world.a_admin.user)
    response = client.post("/portal/plan/choose/", {"plan": "silver"}, follow=True)
    assert response.redirect_chain[-1][0] == "/portal/invoices/"
    invoice = Invoice.objects.get(partner=world.a)
    body = response.content.decode()
    assert invoice.number in body
    assert "Bank transfer" in body
    assert "Pay by card" not in body
    pdf = client.get(f"/portal/invoices/{invoice.number}.pdf")
    assert pdf["Content-Type"] == "application/pdf"


def test_a_refused_plan_is_a_message_and_changes_nothing(world):
    response = _client(world.a_admin.user).post("/portal/plan/choose/", {"plan": "student"})
    assert response.status_code == 400
    assert "needs a student" in response.content.decode()
    assert Subscription.objects.count() == 0


def test_a_member_sees_but_cannot_choose(world):
    client = _client(world.a_member.user)
    assert 'value="silver"' not in client.get("/portal/plan/").content.decode()
    assert client.post("/portal/plan/choose/", {"plan": "silver"}).status_code == 403
    assert Subscription.objects.count() == 0


def test_a_change_shows_as_the_next_plan(world):
    plan_choose(partner=world.a, plan="silver", on=date.today())
    client = _client(world.a_admin.user)
    client.post("/portal/plan/choose/", {"plan": "gold"})
    body = client.get("/portal/plan/").content.decode()
    assert "Your plan changes to <strong>Gold</strong>" in body


def test_with_stripe_keys_an_open_invoice_offers_card_payment(world, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_1"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_1"
    invoice = plan_choose(partner=world.a, plan="silver", on=date.today()).invoice
    client = _client(world.a_admin.user)
    assert "Pay by card" in client.get("/portal/invoices/").content.decode()
    with mock.patch(
        "partnercenter.billing.stripe_checkout._session_create",
        return_value={"url": "https://checkout.stripe.com/c/pay/cs_test_1"},
    ):
        response = client.post(f"/portal/invoices/{invoice.number}/pay/")
    assert response.status_code == 302
    assert response["Location"] == "https://checkout.stripe.com/c/pay/cs_test_1"


def test_another_partners_invoice_is_not_found(world):
    invoice = plan_choose(partner=world.a, plan="silver", on=date.today()).invoice
    response = _client(world.b_admin.user).get(f"/portal/invoices/{invoice.number}.pdf")
    assert response.status_code == 404


def test_an_eligible_admin_buys_the_kick_off_package(world):
    world.a.current_level = "basic"
    world.a.save()
    client = _client(world.a_admin.user)
    assert "Buy the Kick-Off Package" in client.get("/portal/plan/").content.decode()
    response = client.post("/portal/plan/kick-off-package/", follow=True)
    invoice = Invoice.objects.get(partner=world.a, kind="kick_off_package")
    assert invoice.total_cents == 290_000
    assert invoice.number in response.content.decode()


def test_kick_off_package_is_not_offered_above_basic(world):
    world.a.current_level = "gold"
    world.a.save()
    client = _client(world.a_admin.user)
    assert "Buy the Kick-Off Package" not in client.get("/portal/plan/").content.decode()
    response = client.post("/portal/plan/kick-off-package/")
    assert response.status_code == 400
    assert "offered to Student, Starter, Basic partners only" in response.content.decode()
    assert Invoice.objects.count() == 0

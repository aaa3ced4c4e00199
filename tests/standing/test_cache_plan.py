"""Every billing write the plan page shows is on its very next load (issue 14).

The plan page is one kept value (`portal.views_billing.plan`, `standing.cache`): the
subscription and the quotas are not read live any more, so each write that changes them
forgets the partner's standing. One test per write: the page is opened (and kept), the
write happens, the next load shows it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnercenter.backoffice.services import adjustment_post
from partnercenter.billing.dunning import unpaid_plans_lapse
from partnercenter.billing.models import Invoice, Subscription
from partnercenter.billing.services import (
    billing_run,
    payment_record,
    plan_choose,
    subscription_carry_over,
)
from partnercenter.entitlements.models import Ticket
from partnercenter.entitlements.services import ticket_close, ticket_open
from partnercenter.partners.models import Partner
from tests.submissions.factories import World


def _page(client: Client) -> str:
    response = client.get("/portal/plan/")
    assert response.status_code == 200
    return response.content.decode()


def _today() -> date:
    return timezone.now().date()


def _paid_silver(world: World) -> None:
    """Acme on the Silver plan, paid for a month (7 tickets a month)."""
    Partner.objects.filter(pk=world.a.pk).update(
        plan="silver", plan_paid_until=_today() + timedelta(days=30)
    )


def test_a_repeat_load_reads_one_kept_value_and_no_billing_table(ada: Client) -> None:
    # given the plan page was opened once
    first = _page(ada)
    # when it is opened again with nothing changed
    with CaptureQueriesContext(connection) as queries:
        again = _page(ada)
    # then only the session, the user, the person and the kept value are read (the cache
    # is a table in production, memory in tests): no subscription, edition or ledger
    kept = ("django_session", "auth_user", "partners_person", "partnercenter_cache")
    for query in queries.captured_queries:
        assert any(table in query["sql"] for table in kept), query["sql"]
    assert again.split("<main")[1][:2000] == first.split("<main")[1][:2000]


def test_a_first_plan_choice_shows_on_the_next_load(ada: Client, world: World) -> None:
    # given the page was kept without a plan
    assert "You have no paid plan" in _page(ada)
    # when the admin's plan choice starts a subscription
    plan_choose(partner=world.a, plan="silver", on=_today())
    # then the next load shows the subscription
    assert "You are subscribed to the <strong>Silver</strong> plan" in _page(ada)


def test_a_waiting_plan_change_shows_on_the_next_load(ada: Client, world: World) -> None:
    # given a subscription, kept on the page with no change waiting
    plan_choose(partner=world.a, plan="silver", on=_today())
    assert "Your plan changes to" not in _page(ada)
    # when a change is asked for (only the subscription row is written)
    plan_choose(partner=world.a, plan="gold", on=_today())
    # then the next load shows it waiting
    assert "Your plan changes to <strong>Gold</strong>" in _page(ada)


def test_a_carried_over_subscription_shows_on_the_next_load(ada: Client, world: World) -> None:
    # given an imported member's plan kept on the page without a subscription
    _paid_silver(world)
    assert "without a billing subscription yet" in _page(ada)
    # when its subscription is carried over (no partner field changes)
    partner = Partner.objects.get(pk=world.a.pk)
    subscription_carry_over(partner=partner, paid_through=partner.plan_paid_until, on=_today())
    # then the next load shows the subscription
    page = _page(ada)
    assert "You are subscribed to the <strong>Silver</strong> plan" in page
    assert "without a billing subscription yet" not in page


def test_a_billing_run_moving_the_period_shows_on_the_next_load(ada: Client, world: World) -> None:
    # given a monthly subscription whose period ended yesterday, kept on the page
    started = _today() - timedelta(days=45)
    plan_choose(partner=world.a, plan="silver", on=started)
    old_end = Subscription.objects.get(partner=world.a).current_period_end
    assert old_end < _today()
    assert f"{old_end.day} {old_end:%B %Y}" in _page(ada)
    # when the billing run moves it into the period holding today
    billing_run(as_of=_today())
    new_end = Subscription.objects.get(partner=world.a).current_period_end
    # then the next load shows the new period
    assert new_end >= _today()
    assert f"{new_end.day} {new_end:%B %Y}" in _page(ada)


def test_a_lapsed_subscription_shows_on_the_next_load(ada: Client, world: World) -> None:
    # given a subscription whose first invoice was never paid, kept on the page
    plan_choose(partner=world.a, plan="silver", on=_today() - timedelta(days=20))
    assert "You are subscribed" in _page(ada)
    # when the unpaid plan lapses
    assert unpaid_plans_lapse(as_of=_today() + timedelta(days=30)).ended == 1
    # then the next load shows no subscription
    page = _page(ada)
    assert "You are subscribed" not in page and "You have no paid plan" in page


def test_an_invoice_paid_shows_on_the_next_load(ada: Client, world: World) -> None:
    # given a subscription not paid yet, kept on the page
    plan_choose(partner=world.a, plan="silver", on=_today())
    assert "not paid yet" in _page(ada)
    # when its invoice is paid
    invoice = Invoice.objects.get(partner=world.a)
    payment_record(
        invoice=invoice,
        amount_cents=invoice.total_cents,
        paid_on=_today(),
        reference="bank-1",
        source="staff",
    )
    # then the next load says through when it is paid
    assert "paid through" in _page(ada)


def _tickets_left(page: str) -> str:
    start = page.index('data-testid="quota-tickets"')
    return page[start : start + 200].split("<strong>")[1].split("</strong>")[0]


def test_a_ticket_used_and_given_back_shows_on_the_next_load(ada: Client, world: World) -> None:
    # given a paid plan's ticket quota kept on the page
    _paid_silver(world)
    assert _tickets_left(_page(ada)) == "7 of 7"
    # when a ticket is opened (a quota use)
    at = datetime.now(UTC)
    ticket_open(person=world.a_admin, subject="Help", body="Please.", at=at)
    # then the next load counts it
    assert _tickets_left(_page(ada)) == "6 of 7"
    # and when staff close it as invalid (the use is given back), the next load says so
    ticket_close(ticket=Ticket.objects.get(partner=world.a), staff=world.staff, invalid=True)
    assert _tickets_left(_page(ada)) == "7 of 7"


def test_the_period_billed_is_the_one_the_page_offers(ada: Client, world: World) -> None:
    # given 5,000 points earned today (the points path: the program fee plan is monthly)
    adjustment_post(partner=world.a, staff_user=world.staff, points=4700, reason="Today", key="t")
    page = _page(ada)
    assert "You have 5,000 points now" in page
    now_row = page.split('<th scope="row">Now')[1].split("</tr>")[0]
    assert "billed yearly" not in now_row
    # when the admin chooses that plan today
    plan_choose(partner=world.a, plan="now", on=_today())
    # then it is billed monthly, as offered
    assert Subscription.objects.get(partner=world.a).period == "month"

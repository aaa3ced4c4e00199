"""Processing: each source's deliveries become entries once, whatever the order or repetition."""

from __future__ import annotations

import pytest

from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.services import deliveries_drain, deliveries_unpark, delivery_replay
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Person
from tests.hooks.conftest import community_delivery, github_delivery, store_delivery
from tests.identity.totp import verified_account
from tests.linkedaccounts.factories import link

pytestmark = pytest.mark.django_db


def _net(partner):
    return sum(e.points for e in Entry.objects.filter(partner=partner)), sum(
        e.revenue_cents for e in Entry.objects.filter(partner=partner)
    )


def test_github_issue_opened_in_a_monitored_repo_is_a_bug_report(post, alice):
    assert post("github", github_delivery(login="alice-gh")).status_code == 202
    deliveries_drain()
    entry = Entry.objects.get()
    assert (entry.activity, entry.points, entry.person) == ("bug_report", 50, alice)
    assert entry.idempotency_key == "github:7x/exponential#42"


def test_the_same_issue_under_another_delivery_id_counts_once(post, alice):
    post("github", github_delivery(delivery_id="d1"))
    post("github", github_delivery(delivery_id="d2"))
    deliveries_drain()
    assert Delivery.objects.filter(status=DeliveryStatus.PROCESSED).count() == 2
    assert Entry.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [
        ({"repo": "someone/else"}, "not monitored"),
        ({"action": "closed"}, "earns nothing"),
        ({"event": "ping"}, "earns nothing"),
    ],
)
def test_other_github_events_are_kept_as_ignored(post, alice, kwargs, why):
    post("github", github_delivery(**kwargs))
    deliveries_drain()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.IGNORED and why in delivery.error
    assert Entry.objects.count() == 0


def test_unmapped_community_event_is_ignored(post, alice):
    post("community", community_delivery(event="profile.updated"))
    deliveries_drain()
    assert Delivery.objects.get().status == DeliveryStatus.IGNORED


def test_store_order_paid_posts_revenue_at_one_point_per_dollar(post, acme, alice):
    post("store", store_delivery(order_id="o1", amount_cents=12_345))
    deliveries_drain()
    entry = Entry.objects.get()
    assert (entry.activity, entry.points, entry.revenue_cents) == ("revenue", 123, 12_345)
    assert entry.partner == acme


def test_full_refund_reverses_the_order(post, acme, alice):
    post("store", store_delivery(order_id="o1", amount_cents=10_000))
    post("store", store_delivery("order.refunded", order_id="o1", amount_refunded_cents=10_000))
    deliveries_drain()
    assert _net(acme) == (0, 0)
    assert Entry.objects.filter(reverses__isnull=False).count() == 1


def test_refund_before_its_order_is_applied_when_the_order_arrives(post, acme, alice):
    post("store", store_delivery("order.refunded", order_id="o2", amount_refunded_cents=2_500))
    deliveries_drain()
    assert Entry.objects.count() == 0
    assert "remembered" in Delivery.objects.get().error
    post("store", store_delivery(order_id="o2", amount_cents=10_000))
    deliveries_drain()
    assert _net(acme) == (75, 7_500)
    assert Entry.objects.filter(reverses__isnull=False).count() == 1


def test_partial_refunds_in_any_order_net_to_paid_minus_most_refunded(post, acme, alice):
    post("store", store_delivery("order.refunded", order_id="o3", amount_refunded_cents=6_000))
    post("store", store_delivery(order_id="o3", amount_cents=10_000))
    post("store", store_delivery("order.refunded", order_id="o3", amount_refunded_cents=3_000))
    deliveries_drain()
    assert _net(acme) == (40, 4_000)


def test_subscription_purchase_posts_revenue_for_the_partner_named(post, make_partner):
    globex = make_partner("globex", status="active")
    post(
        "store",
        store_delivery(
            "subscription.paid",
            order_id="inv_9",
            partner="globex",
            buyer_email="",
            amount_cents=4_500,
        ),
    )
    deliveries_drain()
    assert _net(globex) == (45, 4_500)


def test_other_currencies_fail_visibly(post, alice):
    post("store", store_delivery(order_id="o4", currency="EUR"))
    deliveries_drain()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and "USD" in delivery.error


def test_deliveries_for_unknown_people_are_parked_then_processed_when_linked(post, acme):
    post("community", community_delivery(username="bob"))
    post("github", github_delivery(login="bobby"))
    post("store", store_delivery(order_id="o5", buyer_email="bob@acme.test"))
    deliveries_drain()
    assert Delivery.objects.filter(status=DeliveryStatus.PARKED).count() == 3
    assert Entry.objects.count() == 0
    bob = Person.objects.create(partner=acme, name="Bob", email="bob@acme.test")
    link(bob, community="Bob", github="bobby")
    verified_account(bob)
    assert deliveries_unpark(person=bob) == 3
    deliveries_drain()
    assert Delivery.objects.filter(status=DeliveryStatus.PROCESSED).count() == 3
    assert sorted(Entry.objects.values_list("activity", flat=True)) == [
        "bug_report",
        "forum_post",
        "revenue",
    ]


def test_replay_is_harmless_for_a_processed_delivery(post, alice):
    post("community", community_delivery())
    deliveries_drain()
    delivery_replay(delivery=Delivery.objects.get())
    deliveries_drain()
    assert Entry.objects.count() == 1
    assert Delivery.objects.get().attempts == 2


def test_hooks_process_finds_people_linked_without_unpark(post, acme):
    from django.core.management import call_command

    post("community", community_delivery(username="carol"))
    post("store", store_delivery(order_id="o6", buyer_email="Carol@Acme.test"))
    deliveries_drain()
    assert Delivery.objects.filter(status=DeliveryStatus.PARKED).count() == 2
    carol = Person.objects.create(partner=acme, name="Carol", email="carol@acme.test")
    link(carol, community="Carol")
    verified_account(carol)
    call_command("hooks_process")
    assert Delivery.objects.filter(status=DeliveryStatus.PROCESSED).count() == 2
    assert Entry.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_db_worker_processes_what_the_inbox_poll_queued(alice):
    from django.core.management import call_command
    from django.test import Client
    from django_tasks_db.models import DBTaskResult

    from partnercenter.hooks.services import inbox_wake

    body, headers = community_delivery()
    response = Client().post(
        "/hooks/community", data=body, content_type="application/json", **headers
    )
    assert response.status_code == 202
    assert DBTaskResult.objects.count() == 0  # the acknowledgement wrote the inbox row only
    assert inbox_wake() is True  # the scheduler's poll sees it waiting: one drain job
    assert inbox_wake() is False  # … and not a second while that one waits
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert Delivery.objects.get().status == DeliveryStatus.PROCESSED
    assert Entry.objects.count() == 1
    assert inbox_wake() is False  # nothing waits: nothing queued

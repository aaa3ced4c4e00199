"""Monitored deliveries credit only linked accounts; linking releases what was parked for the login."""

from __future__ import annotations

from typing import Any

import pytest

from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.services import deliveries_drain
from partnercenter.ledger.models import Entry
from partnercenter.linkedaccounts.services import linked_account_link, linked_account_unlink
from tests.hooks.conftest import community_delivery, github_delivery
from tests.submissions.factories import World

pytestmark = pytest.mark.django_db(transaction=True)  # linking releases on commit


def statuses() -> list[str]:
    return list(Delivery.objects.order_by("pk").values_list("status", flat=True))


def test_linking_a_login_releases_its_parked_deliveries(world: World, post: Any) -> None:
    post("github", github_delivery(login="Octo", number=1))
    post("community", community_delivery(username="octo_c"))
    deliveries_drain()
    assert statuses() == [DeliveryStatus.PARKED, DeliveryStatus.PARKED]

    for provider, login in (("github", "octo"), ("community", "OCTO_C")):
        linked_account_link(
            person=world.a_member,
            provider=provider,
            login=login,
            verified_via="staff",
            reason="confirmed",
            linked_by=world.staff,
        )
    deliveries_drain()

    assert statuses() == [DeliveryStatus.PROCESSED, DeliveryStatus.PROCESSED]
    assert set(Entry.objects.values_list("partner", "person", "activity")) == {
        (world.a.pk, world.a_member.pk, "bug_report"),
        (world.a.pk, world.a_member.pk, "forum_post"),
    }


def test_an_unlinked_login_earns_nothing_new(world: World, post: Any) -> None:
    link = linked_account_link(
        person=world.a_member,
        provider="github",
        login="octo",
        verified_via="staff",
        reason="confirmed",
        linked_by=world.staff,
    ).link
    linked_account_unlink(
        link_id=link.pk, person=world.a_member, reason="not theirs", unlinked_by=world.staff
    )

    post("github", github_delivery(login="octo", number=2))
    deliveries_drain()

    assert statuses() == [DeliveryStatus.PARKED]
    assert Entry.objects.count() == 0

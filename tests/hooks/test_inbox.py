"""The staff inbox: page and API list every delivery with status and error; staff replay."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from partnercenter.api.services import token_create
from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.services import deliveries_drain
from tests.hooks.conftest import community_delivery, store_delivery
from tests.submissions.factories import with_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client() -> Client:
    client = Client()
    client.force_login(with_roles(User.objects.create_user("staff@7x.test", is_staff=True)))
    return client


def test_inbox_page_shows_statuses_and_errors_and_replays(post, alice, staff_client):
    post("community", community_delivery(username="nobody"))
    post("store", store_delivery(order_id="o1", currency="EUR"))
    deliveries_drain()
    page = staff_client.get("/hooks/inbox/")
    assert page.status_code == 200
    assert b"Parked" in page.content and b"Only USD revenue counts" in page.content
    failed = Delivery.objects.get(status=DeliveryStatus.FAILED)
    detail = staff_client.get(f"/hooks/inbox/{failed.pk}/")
    assert b"order.paid" in detail.content
    replayed = staff_client.post(f"/hooks/inbox/{failed.pk}/replay")
    assert replayed.status_code == 302
    assert Delivery.objects.get(pk=failed.pk).status == DeliveryStatus.RECEIVED


def test_inbox_page_is_for_staff_only(alice):
    client = Client()
    client.force_login(User.objects.create_user("someone@acme.test"))
    assert client.get("/hooks/inbox/").status_code == 403
    assert Client().get("/hooks/inbox/").status_code == 302  # to the sign-in page


def test_inbox_api_lists_counts_and_replays(post, alice):
    staff = with_roles(User.objects.create_user("staff@7x.test", is_staff=True))
    _, secret = token_create(user=staff, name="ops", scopes=["write"], expires_at=None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    post("community", community_delivery(username="nobody"))
    deliveries_drain()
    client = Client()
    listing = client.get("/api/v1/hooks/deliveries", {"status": "parked"}, **auth).json()
    assert listing["counts"]["parked"] == 1
    (item,) = listing["items"]
    assert "nobody" in item["error"]
    replay = client.post(f"/api/v1/hooks/deliveries/{item['id']}/replay", **auth)
    assert replay.status_code == 202 and replay.json()["status"] == "received"

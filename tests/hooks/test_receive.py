"""Receiving: signatures checked before anything is stored; duplicates stored once."""

from __future__ import annotations

import time

import pytest

from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.services import deliveries_drain
from partnercenter.ledger.models import Entry
from tests.hooks.conftest import community_delivery, github_delivery, store_delivery

pytestmark = pytest.mark.django_db


def test_signed_community_delivery_is_stored_acknowledged_and_earns_points(post, alice):
    response = post("community", community_delivery(delivery_id="c1"))
    assert response.status_code == 202
    assert response.json()["status"] == "received"
    assert deliveries_drain() == 1
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PROCESSED
    entry = Entry.objects.get()
    assert (entry.activity, entry.points, entry.person, entry.source) == (
        "forum_post",
        10,
        alice,
        "monitored",
    )


def test_duplicate_delivery_is_acknowledged_and_stored_once(post, alice):
    signed = community_delivery(delivery_id="c1")
    assert post("community", signed).status_code == 202
    again = post("community", signed)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    deliveries_drain()
    assert Delivery.objects.count() == 1 and Entry.objects.count() == 1


def _tamper(signed):
    body, headers = signed
    return body.replace(b"alice", b"alicf"), headers


@pytest.mark.parametrize(
    ("source", "signed", "code"),
    [
        ("community", lambda: (community_delivery()[0], {}), "signature_missing"),
        ("community", lambda: _tamper(community_delivery()), "signature_invalid"),
        (
            "community",
            lambda: community_delivery(timestamp=int(time.time()) - 301),
            "signature_stale",
        ),
        (
            "community",
            lambda: community_delivery(timestamp=int(time.time()) + 400),
            "signature_stale",
        ),
        ("store", lambda: _tamper(store_delivery()), "signature_invalid"),
        (
            "store",
            lambda: (store_delivery()[0], {"HTTP_X_STORE_SIGNATURE": "t=1"}),
            "signature_malformed",
        ),
        ("github", lambda: _tamper(github_delivery()), "signature_invalid"),
        ("github", lambda: (github_delivery()[0], {}), "signature_missing"),
        ("store", lambda: community_delivery(), "signature_missing"),
    ],
)
def test_refused_signatures_store_nothing_but_a_log_line(post, alice, source, signed, code, caplog):
    response = post(source, signed())
    assert response.status_code == 401
    assert response.json()["code"] == code
    assert Delivery.objects.count() == 0
    assert any("refused" in r.getMessage() for r in caplog.records)


def test_signed_but_malformed_delivery_is_refused_with_the_field(post, alice):
    from partnercenter.hooks.conf import secret_for
    from partnercenter.hooks.signing import sign_timestamped

    body = b'{"type": "forum.post_created"}'
    headers = {"HTTP_X_COMMUNITY_SIGNATURE": sign_timestamped(secret_for("community"), body)}
    response = post("community", (body, headers))
    assert response.status_code == 400
    assert response.json()["field"] == "id"
    assert Delivery.objects.count() == 0


def test_unknown_source_is_404(post):
    assert post("nope", community_delivery()).status_code == 404

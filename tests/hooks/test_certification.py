"""The certification system's signed webhook: like the other sources, plus certification rules.

Signature, replay window, duplicates, idempotency (a certification posts its points once,
whichever way it came in), parking for an unknown email, and refusals named by field.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from partnercenter.hooks.conf import secret_for
from partnercenter.hooks.models import Delivery, DeliveryStatus
from partnercenter.hooks.services import deliveries_drain, deliveries_unpark, delivery_replay
from partnercenter.hooks.signing import sign_timestamped
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Certification, Person
from partnercenter.partners.services import certification_record
from tests.hooks.conftest import Signed
from tests.identity.totp import verified_account
from tests.submissions.factories import make_staff

pytestmark = pytest.mark.django_db

EARNED = date(2025, 3, 1)


def certification_delivery(
    email: str = "alice@acme.test",
    certification: Any = "sales",
    earned_on: Any = "2025-03-01",
    expires_on: Any = "2027-03-01",
    delivery_id: str | None = None,
    event: str = "certification.earned",
    timestamp: int | None = None,
) -> Signed:
    """A delivery as the certification system signs it."""
    body = json.dumps(
        {
            "id": delivery_id or f"cert_{uuid.uuid4().hex[:12]}",
            "type": event,
            "email": email,
            "certification": certification,
            "earned_on": earned_on,
            "expires_on": expires_on,
        }
    ).encode()
    sig = sign_timestamped(secret_for("certification"), body, timestamp)
    return body, {"HTTP_X_CERTIFICATION_SIGNATURE": sig}


def _points(person: Person) -> list[int]:
    return list(Entry.objects.filter(person=person).values_list("points", flat=True))


def test_a_signed_certification_is_recorded_with_its_expiry_and_earns_points_once(post, alice):
    # given a signed delivery for Alice's sales certification
    response = post("certification", certification_delivery(delivery_id="c1"))
    # when it is acknowledged and processed
    assert response.status_code == 202
    assert deliveries_drain() == 1
    # then the certification is kept with its expiry, and 1,000 points are posted once
    cert = Certification.objects.get()
    assert (cert.person, cert.type, cert.kind, cert.earned_on, cert.expires_on) == (
        alice,
        "sales",
        "sales",
        EARNED,
        date(2027, 3, 1),
    )
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.entries, delivery.person) == (
        DeliveryStatus.PROCESSED,
        1,
        alice,
    )
    assert _points(alice) == [1000]


def test_a_duplicate_is_stored_once_and_the_same_event_under_another_id_changes_nothing(
    post, alice
):
    signed = certification_delivery(delivery_id="c1")
    assert post("certification", signed).status_code == 202
    again = post("certification", signed)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    post("certification", certification_delivery(delivery_id="c2"))  # the same certification
    deliveries_drain()
    assert Delivery.objects.count() == 2
    assert Certification.objects.count() == 1 and _points(alice) == [1000]
    second = Delivery.objects.get(delivery_id="c2")
    assert second.status == DeliveryStatus.PROCESSED and second.entries == 0
    assert "Already recorded" in second.error


def test_replay_is_harmless(post, alice):
    post("certification", certification_delivery())
    deliveries_drain()
    delivery_replay(delivery=Delivery.objects.get())
    deliveries_drain()
    assert Certification.objects.count() == 1 and _points(alice) == [1000]
    assert Delivery.objects.get().attempts == 2


def test_a_certification_staff_recorded_first_earns_no_second_points(post, alice):
    # given the certification already recorded by staff
    certification_record(person=alice, type="sales", earned_on=EARNED, expires_on=date(2027, 3, 1))
    # when the certification system reports it too
    post("certification", certification_delivery())
    deliveries_drain()
    # then nothing new: one certification, one posting
    assert Certification.objects.count() == 1 and _points(alice) == [1000]
    assert Delivery.objects.get().status == DeliveryStatus.PROCESSED


def test_a_renewal_is_recorded_without_points(post, alice):
    post("certification", certification_delivery())
    post(
        "certification",
        certification_delivery(earned_on="2025-09-01", expires_on="2027-09-01"),
    )
    deliveries_drain()
    assert Certification.objects.count() == 2
    assert _points(alice) == [1000]


@pytest.mark.parametrize(
    ("timestamp_offset", "code"),
    [(-301, "signature_stale"), (400, "signature_stale")],
)
def test_a_stale_signature_is_refused_so_a_captured_delivery_cannot_be_replayed_later(
    post, alice, timestamp_offset, code
):
    signed = certification_delivery(timestamp=int(time.time()) + timestamp_offset)
    response = post("certification", signed)
    assert response.status_code == 401 and response.json()["code"] == code
    assert Delivery.objects.count() == 0


@pytest.mark.parametrize(
    ("signed", "code"),
    [
        (lambda: (certification_delivery()[0], {}), "signature_missing"),
        (
            lambda: (
                certification_delivery()[0].replace(b"alice", b"mallory"),
                certification_delivery()[1],
            ),
            "signature_invalid",
        ),
        (
            lambda: (
                certification_delivery()[0],
                {"HTTP_X_CERTIFICATION_SIGNATURE": "v1=abc"},
            ),
            "signature_malformed",
        ),
        (
            lambda: (
                (body := certification_delivery()[0]),
                {"HTTP_X_CERTIFICATION_SIGNATURE": sign_timestamped("dev-store-secret", body)},
            ),
            "signature_invalid",
        ),
    ],
)
def test_refused_signatures_store_nothing(post, alice, signed, code):
    response = post("certification", signed())
    assert response.status_code == 401 and response.json()["code"] == code
    assert Delivery.objects.count() == 0 and Certification.objects.count() == 0


def test_a_signed_delivery_without_an_id_is_refused_with_the_field(post, alice):
    body = b'{"type": "certification.earned", "email": "alice@acme.test"}'
    headers = {
        "HTTP_X_CERTIFICATION_SIGNATURE": sign_timestamped(secret_for("certification"), body)
    }
    response = post("certification", (body, headers))
    assert response.status_code == 400 and response.json()["field"] == "id"
    assert Delivery.objects.count() == 0


def test_an_unknown_email_is_parked_and_processed_once_the_person_appears(post, acme):
    # given a certification for someone nobody has added yet
    post("certification", certification_delivery(email="Bob@Acme.test"))
    deliveries_drain()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PARKED and "bob@acme.test" in delivery.error
    assert Certification.objects.count() == 0 and Entry.objects.count() == 0
    # when Bob is added with an address he has not proven, nothing is released
    bob = Person.objects.create(partner=acme, name="Bob", email="bob@acme.test")
    assert deliveries_unpark(person=bob) == 0
    # and once he verifies it (accepting his invitation does), his certification is
    verified_account(bob)
    assert deliveries_unpark(person=bob) == 1
    deliveries_drain()
    # then his certification is recorded and earns its points
    assert Delivery.objects.get().status == DeliveryStatus.PROCESSED
    assert Certification.objects.get().person == bob and _points(bob) == [1000]


def test_hooks_process_releases_a_parked_certification_without_unpark(post, acme):
    post("certification", certification_delivery(email="carol@acme.test"))
    deliveries_drain()
    carol = Person.objects.create(partner=acme, name="Carol", email="Carol@Acme.test")
    call_command("hooks_process")
    assert Delivery.objects.get().status == DeliveryStatus.PARKED  # not proven yet
    verified_account(carol)
    call_command("hooks_process")
    assert Delivery.objects.get().status == DeliveryStatus.PROCESSED
    assert Certification.objects.count() == 1


def _tomorrow() -> str:
    return (timezone.now().date() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"certification": "astronaut"}, "certification", "not a certification type"),
        ({"certification": None}, "certification", "not a certification type"),
        ({"earned_on": "2025-13-01"}, "earned_on", "not a date"),
        ({"earned_on": None}, "earned_on", "required"),
        ({"earned_on": 20250301}, "earned_on", "must be a date"),
        ({"earned_on": "tomorrow"}, "earned_on", "not a date"),
        ({"earned_on": _tomorrow(), "expires_on": None}, "earned_on", "in the future"),
        ({"expires_on": "2025-03-01"}, "expires_on", "must be after earned_on"),
        ({"expires_on": "1 March 2027"}, "expires_on", "not a date"),
        ({"email": ""}, "email", "required"),
    ],
)
def test_a_bad_type_or_date_fails_with_the_field_in_the_inbox_and_changes_nothing(
    post, alice, fields, field, words
):
    post("certification", certification_delivery(**fields))
    deliveries_drain()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.error.startswith(f"{field}:") and words in delivery.error
    assert Certification.objects.count() == 0 and Entry.objects.count() == 0


def test_a_bad_type_fails_even_for_an_unknown_email(post, acme):
    # bad data never becomes good by waiting: it is not parked
    post("certification", certification_delivery(email="nobody@acme.test", certification="x"))
    deliveries_drain()
    assert Delivery.objects.get().status == DeliveryStatus.FAILED


def test_the_same_certification_with_another_expiry_is_refused(post, alice):
    post("certification", certification_delivery(delivery_id="c1"))
    post("certification", certification_delivery(delivery_id="c2", expires_on="2028-03-01"))
    deliveries_drain()
    refused = Delivery.objects.get(delivery_id="c2")
    assert refused.status == DeliveryStatus.FAILED
    assert refused.error.startswith("expires_on:") and "never changed" in refused.error
    assert Certification.objects.get().expires_on == date(2027, 3, 1)


def test_other_event_types_are_kept_as_ignored(post, alice):
    post("certification", certification_delivery(event="certification.viewed"))
    deliveries_drain()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.IGNORED and Certification.objects.count() == 0


def test_the_inbox_lists_the_certification_source(post, alice, client):

    post("certification", certification_delivery(certification="astronaut"))
    deliveries_drain()
    client.force_login(make_staff("s@7x.test"))
    page = client.get("/hooks/inbox/?source=certification").content.decode()
    assert "certification" in page and "failed" in page.lower()
    detail = client.get(f"/hooks/inbox/{Delivery.objects.get().pk}/").content.decode()
    assert "not a certification type" in detail


def test_a_development_certification_secret_in_production_stops_every_process(
    settings, monkeypatch
):
    from partnercenter.hooks import conf
    from partnercenter.ops import checks

    settings.DEBUG = False
    monkeypatch.setitem(
        conf.PARTNERCENTER_HOOK_SECRETS, "certification", "dev-certification-secret"
    )
    found = checks.check_dev_webhook_secrets()
    assert [m.id for m in found] == ["partnercenter.E003"]
    assert "PARTNERCENTER_HOOK_SECRET_CERTIFICATION" in found[0].msg


def test_without_its_secret_the_source_answers_503_not_configured(
    post, alice, settings, monkeypatch
):
    from partnercenter.hooks import conf

    settings.PARTNERCENTER_DEV_DEFAULTS = False
    monkeypatch.setitem(conf.PARTNERCENTER_HOOK_SECRETS, "certification", None)
    response = post("certification", certification_delivery())
    assert response.status_code == 503 and response.json()["code"] == "not_configured"
    assert "PARTNERCENTER_HOOK_SECRET_CERTIFICATION" in response.json()["message"]
    assert Delivery.objects.count() == 0

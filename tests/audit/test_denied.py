"""Refused authorizations are recorded as `auth.denied`, at most one row per address a minute."""

from __future__ import annotations

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from partnercenter.audit.models import AuditEvent
from tests.hooks.conftest import community_delivery
from tests.submissions.factories import World

pytestmark = pytest.mark.django_db


def _as(world: World, who: str | None, addr: str = "198.51.100.1") -> Client:
    client = Client(REMOTE_ADDR=addr)
    if who == "partner":
        client.force_login(world.a_member.user)
    return client


@pytest.mark.parametrize(
    ("who", "method", "url", "status", "code", "reason"),
    [
        ("partner", "get", "/backoffice/", 403, "permission_denied", "for 7x program staff"),
        ("partner", "post", "/backoffice/partners/acme/adjust/", 403, "permission_denied", "staff"),
        (None, "get", "/api/v1/partners/acme", 401, "unauthenticated", "Bearer"),
        ("partner", "get", "/api/v1/partners", 403, "forbidden", "program staff"),
        (None, "post", "/hooks/community", 401, "signature_missing", ""),
    ],
)
def test_each_refusal_is_recorded_with_path_and_reason(
    world: World, who: str | None, method: str, url: str, status: int, code: str, reason: str
) -> None:
    client = _as(world, who)

    response = getattr(client, method)(url)

    assert response.status_code == status
    row = AuditEvent.objects.get(action="auth.denied")
    assert (row.path, row.method, row.ip) == (url, method.upper(), "198.51.100.1")
    assert row.details["status"] == status and row.details["code"] == code
    assert reason in row.details["reason"]
    assert row.actor_id == (world.a_member.user.pk if who else None)


def test_a_bad_webhook_signature_is_recorded() -> None:
    body, headers = community_delivery()
    headers = {k: v + "x" if "SIGNATURE" in k else v for k, v in headers.items()}

    Client().post("/hooks/community", data=body, content_type="application/json", **headers)

    row = AuditEvent.objects.get(action="auth.denied")
    assert row.details["code"].startswith("signature")


def test_refusals_are_rate_limited_per_address_and_counted(world: World) -> None:
    start = timezone.now().replace(second=5)
    attacker = Client(REMOTE_ADDR="198.51.100.66")
    with mock.patch("partnercenter.audit.services.timezone.now", return_value=start):
        for _ in range(50):
            attacker.get("/api/v1/partners/acme")
        Client(REMOTE_ADDR="198.51.100.77").get("/api/v1/partners/acme")

    assert AuditEvent.objects.filter(ip="198.51.100.66").count() == 1
    assert AuditEvent.objects.filter(ip="198.51.100.77").count() == 1

    later: datetime = start + timedelta(minutes=1)
    with mock.patch("partnercenter.audit.services.timezone.now", return_value=later):
        attacker.get("/api/v1/partners/acme")

    rows = list(AuditEvent.objects.filter(ip="198.51.100.66").order_by("id"))
    assert [r.count for r in rows] == [1, 50]  # the second row carries the 49 left unwritten
    assert rows[1].details["unrecorded_before"] == 49


def test_a_csrf_refusal_is_recorded(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff)

    response = client.post("/backoffice/partners/acme/adjust/", {"points": "5", "reason": "x"})

    assert response.status_code == 403
    row = AuditEvent.objects.get(action="auth.denied")
    assert row.details["code"] == "csrf_failed" and row.actor_id == world.staff.pk


def test_an_allowed_request_records_nothing(world: World) -> None:
    client = Client()
    client.force_login(world.staff)

    assert client.get("/backoffice/").status_code == 200
    assert not AuditEvent.objects.exists()

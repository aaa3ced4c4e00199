"""Idempotency-Key: replay, refusal of another body, a request still running, keys kept ≥ 24 h."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from partnercenter.api import idempotency
from partnercenter.api.models import IdempotentRequest
from partnercenter.ledger.models import Entry

pytestmark = pytest.mark.django_db

BODY = {"points": 10, "reason": "Goodwill"}


def test_json_key_order_does_not_make_another_request(as_, world):
    staff = as_("staff")
    first = staff.post("/partners/acme/adjustments", {"reason": "Goodwill", "points": 10}, key="k")
    again = staff.post("/partners/acme/adjustments", BODY, key="k")
    assert again.content == first.content and Entry.objects.count() == 1


def test_the_same_key_on_another_path_is_refused(as_, world):
    staff = as_("staff")
    staff.post("/partners/acme/adjustments", BODY, key="k")
    other = staff.post("/partners/globex/adjustments", BODY, key="k")
    assert other.status_code == 409
    assert "/api/v1/partners/acme/adjustments" in other.json()["message"]
    assert Entry.objects.count() == 1


def test_keys_belong_to_their_user(as_, world):
    as_("staff").post("/partners/acme/adjustments", BODY, key="shared")
    refused = as_("acme_admin").post("/partners/acme/submissions", {}, key="shared")
    assert refused.json()["code"] != "idempotency_key_reused"


def test_a_request_still_running_answers_409_with_retry_after(as_, world):
    path = "/api/v1/partners/acme/adjustments"
    request = RequestFactory().post(path, BODY, content_type="application/json")
    IdempotentRequest.objects.create(
        owner=world.staff,
        key="busy",
        fingerprint=idempotency.fingerprint(request),
        method="POST",
        path=path,
    )
    response = as_("staff").post("/partners/acme/adjustments", BODY, key="busy")
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_in_progress"
    assert response["Retry-After"] == "1"
    assert Entry.objects.count() == 0


def test_refusals_that_settle_nothing_free_the_key(as_, world):
    read_only = as_("acme_read")
    assert read_only.post("/partners/acme/submissions", {}, key="k2").status_code == 403
    assert not IdempotentRequest.objects.filter(key="k2").exists()


def test_keys_are_kept_a_day_and_purged_after_two(as_, world):
    staff = as_("staff")
    staff.post("/partners/acme/adjustments", BODY, key="old")
    staff.post("/partners/acme/adjustments", BODY, key="older")
    IdempotentRequest.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    IdempotentRequest.objects.filter(key="older").update(
        created_at=timezone.now() - timedelta(hours=49)
    )
    idempotency._purge()
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["old"]
    assert staff.post("/partners/acme/adjustments", BODY, key="old")["Idempotent-Replayed"]


def test_an_overlong_key_is_refused(as_, world):
    response = as_("staff").post("/partners/acme/adjustments", BODY, key="x" * 201)
    assert response.status_code in (400, 422)
    assert Entry.objects.count() == 0


def test_a_key_abandoned_by_a_crashed_request_is_free_after_ten_minutes(as_, world):
    path = "/api/v1/partners/acme/adjustments"
    request = RequestFactory().post(path, BODY, content_type="application/json")
    IdempotentRequest.objects.create(
        owner=world.staff,
        key="stuck",
        fingerprint=idempotency.fingerprint(request),
        method="POST",
        path=path,
    )
    IdempotentRequest.objects.filter(key="stuck").update(
        created_at=timezone.now() - timedelta(minutes=11)
    )
    response = as_("staff").post("/partners/acme/adjustments", BODY, key="stuck")
    assert response.status_code == 201
    assert Entry.objects.count() == 1

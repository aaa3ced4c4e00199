"""Personal tokens: shown once, stored hashed, scoped, expiring, revocable; sessions CSRF-checked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from partnercenter.api import conf
from partnercenter.api.errors import Forbidden, InvalidToken
from partnercenter.api.models import ApiToken
from partnercenter.api.services import token_create, token_revoke
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db


def test_the_secret_is_returned_once_and_only_its_hash_is_stored(world):
    token, secret = token_create(user=world.staff, name="CI", scopes=["read"], expires_at=None)
    assert secret.startswith("pc_") and secret not in str(token.__dict__)
    assert token.digest != secret and len(token.digest) == 64
    assert Api(secret).get("/me").status_code == 200


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": " "}, "name"),
        ({"scopes": []}, "scopes"),
        ({"scopes": ["admin"]}, "scopes"),
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "expires_at"),
    ],
)
def test_bad_token_requests_name_the_field_and_create_nothing(world, kwargs, field):
    args = {"name": "x", "scopes": ["read"], "expires_at": None, **kwargs}
    with pytest.raises(InvalidToken) as refused:
        token_create(user=world.staff, **args)
    assert refused.value.field == field
    assert ApiToken.objects.filter(user=world.staff).count() == 1  # the fixture's


def test_write_implies_read(world):
    token, _ = token_create(user=world.staff, name="w", scopes=["write"], expires_at=None)
    assert token.scopes == ["read", "write"]


def test_revoked_and_expired_tokens_are_refused(world):
    token, secret = token_create(user=world.staff, name="t", scopes=["read"], expires_at=None)
    token_revoke(token=token, user=world.staff)
    assert Api(secret).get("/me").status_code == 401
    soon, secret2 = token_create(
        user=world.staff, name="s", scopes=["read"], expires_at=timezone.now() + timedelta(hours=1)
    )
    ApiToken.objects.filter(pk=soon.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Api(secret2).get("/me").status_code == 401


def test_only_the_owner_may_revoke(world):
    token = ApiToken.objects.get(user=world.acme_admin.user, name="acme_admin")
    with pytest.raises(Forbidden):
        token_revoke(token=token, user=world.globex_admin.user)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_rate_limit_per_token_answers_429_with_retry_after(world, as_, monkeypatch):
    from django.core.cache import cache

    cache.clear()  # other tests' requests (and reused token ids) must not count
    monkeypatch.setattr(conf, "RATE", "3/m")
    client = as_("acme_member")
    statuses = [client.get("/me").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/me")
    assert limited.json()["code"] == "rate_limited"
    assert int(limited["Retry-After"]) >= 1
    assert as_("acme_admin").get("/me").status_code == 200  # another token has its own budget


def test_session_works_and_posts_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff)
    assert client.get("/api/v1/me").json()["is_staff"] is True
    body = {"points": 5, "reason": "Session"}
    refused = client.post(
        "/api/v1/partners/acme/adjustments", body, content_type="application/json"
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    token = "k" * 32  # a CSRF secret, as the cookie and (unmasked) as the header
    client.cookies["csrftoken"] = token
    accepted = client.post(
        "/api/v1/partners/acme/adjustments",
        body,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert accepted.status_code == 201, accepted.content

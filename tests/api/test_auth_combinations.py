"""Issue 8, defect 5: which credential wins when a request carries several (or none).

A Bearer header is a claim: if it is bad the request is refused (401) even with a
valid session cookie beside it. CSRF protects session-authenticated requests only,
so an anonymous or bad-token POST is `unauthenticated` (401), never `csrf_failed`.
"""

from __future__ import annotations

import pytest
from django.test import Client

from partnercenter.api.models import ApiToken
from partnercenter.api.services import token_create, token_revoke
from partnercenter.ledger.models import Entry

pytestmark = pytest.mark.django_db

BODY = {"points": 5, "reason": "Auth combinations"}
ADJUST = "/api/v1/partners/acme/adjustments"


def _client(world, *, session: bool) -> Client:
    client = Client(enforce_csrf_checks=True)
    if session:
        client.force_login(world.staff)
    return client


def _revoked(world) -> str:
    token, secret = token_create(user=world.staff, name="old", scopes=["write"], expires_at=None)
    token_revoke(token=token, user=world.staff)
    return secret


def _headers(world, token: str) -> dict[str, str]:
    secret = {
        "none": None,
        "good": world.tokens["staff"],
        "bad": "pc_not-a-real-token",
        "revoked": _revoked(world) if token == "revoked" else None,
        "malformed": None,
    }[token]
    if token == "malformed":
        return {"HTTP_AUTHORIZATION": "Token something"}
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}


@pytest.mark.parametrize(
    ("session", "token", "status", "code"),
    [
        (True, "none", 200, None),
        (True, "good", 200, None),
        (True, "bad", 401, "unauthenticated"),
        (True, "revoked", 401, "unauthenticated"),
        (True, "malformed", 401, "unauthenticated"),
        (False, "none", 401, "unauthenticated"),
        (False, "good", 200, None),
        (False, "bad", 401, "unauthenticated"),
        (False, "revoked", 401, "unauthenticated"),
    ],
)
def test_get_with_each_combination_of_session_and_token(world, session, token, status, code):
    # given a caller with (or without) a session and (or without) a token
    client = _client(world, session=session)
    # when they read
    response = client.get("/api/v1/me", **_headers(world, token))
    # then a bad token is refused even beside a good session
    assert response.status_code == status, response.content
    if code:
        assert response.json()["code"] == code
        assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("session", "token", "status", "code"),
    [
        (True, "none", 403, "csrf_failed"),  # the session needs the CSRF token to write
        (True, "good", 201, None),  # a good token needs no CSRF token
        (True, "bad", 401, "unauthenticated"),
        (True, "revoked", 401, "unauthenticated"),
        (False, "none", 401, "unauthenticated"),
        (False, "good", 201, None),
        (False, "bad", 401, "unauthenticated"),
        (False, "revoked", 401, "unauthenticated"),
    ],
)
def test_post_with_each_combination_of_session_and_token(world, session, token, status, code):
    # given a caller with (or without) a session and (or without) a token, no CSRF token
    client = _client(world, session=session)
    before = Entry.objects.count()
    # when they post an adjustment
    response = client.post(ADJUST, BODY, content_type="application/json", **_headers(world, token))
    # then only an authenticated request gets through; refusals change nothing
    assert response.status_code == status, response.content
    if code:
        assert response.json()["code"] == code
        assert Entry.objects.count() == before
    else:
        assert Entry.objects.count() == before + 1


def test_a_session_post_with_the_csrf_token_is_accepted(world):
    client = _client(world, session=True)
    secret = "k" * 32
    client.cookies["csrftoken"] = secret
    response = client.post(ADJUST, BODY, content_type="application/json", HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 201, response.content


def test_the_documented_401_is_in_the_openapi_schema(world):
    schema = Client().get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/partners/{slug}/adjustments"]["post"]["responses"]
    assert "401" in responses
    assert ApiToken.objects.filter(user=world.staff).exists()

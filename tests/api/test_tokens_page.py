"""The tokens page: create (secret shown once), use it with the API, revoke it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from partnercenter.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_create_use_and_revoke_a_token(edition):
    user = User.objects.create_user("ada@acme.test", email="ada@acme.test")
    client = Client()
    client.force_login(user)
    page = client.post(
        "/portal/tokens/", {"name": "CI export", "scopes": ["read"], "expires_in_days": "30"}
    )
    assert page.status_code == 200
    secret = re.search(rb'<code id="new-token">(pc_[^<]+)</code>', page.content).group(1).decode()
    assert ApiToken.objects.get().digest != secret
    me = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert me.json()["token"]["name"] == "CI export"
    assert secret.encode() not in client.get("/portal/tokens/").content  # shown once
    client.post(f"/portal/tokens/{ApiToken.objects.get().pk}/revoke")
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_a_nameless_token_is_refused_with_the_field(edition):
    client = Client()
    client.force_login(User.objects.create_user("ada@acme.test"))
    page = client.post("/portal/tokens/", {"name": "", "scopes": ["read"]})
    assert b"This field is required" in page.content
    assert ApiToken.objects.count() == 0


def test_signed_out_visitors_are_sent_to_sign_in():
    assert Client().get("/portal/tokens/").status_code == 302

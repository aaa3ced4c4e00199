"""`partnercenter token create`: a token printed once that works against the API."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from partnercenter.api.models import ApiToken


@pytest.fixture
def staff(db: Any) -> User:
    return User.objects.create_user("ops@7x.example", "ops@7x.example", "x" * 12, is_staff=True)


def create(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", *args, stdout=out, stderr=err)
    assert "not shown again" in err.getvalue()
    return out.getvalue().strip()


def test_a_created_token_is_printed_once_and_authenticates(staff: User, edition: Any) -> None:
    secret = create("OPS@7x.example", "--name", "store sync", "--scope", "write")
    token = ApiToken.objects.get()
    assert secret.startswith("pc_") and token.digest != secret
    assert token.scopes == ["read", "write"] and token.user == staff
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody@7x.example", "--name", "x"], "No user"),
        (["ops@7x.example", "--name", "  "], "name"),
        (["ops@7x.example", "--name", "x", "--expires-days", "0"], "--expires-days"),
    ],
)
def test_bad_input_is_a_message_and_creates_nothing(
    staff: User, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("token", "create", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert not ApiToken.objects.exists()

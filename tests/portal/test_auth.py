"""Signing in with email and password (allauth), password reset, invitations, signing out.

The wrong-password limits and the known-device rule are tested in tests/identity."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.test import Client

from partnercenter.identity.devices import DEVICE_COOKIE
from partnercenter.notifications.models import Message
from partnercenter.portal.services import person_invite
from tests.submissions.factories import PASSWORD, World


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _sign_in(client: Client, email: str, password: str, addr: str = "10.0.0.1") -> Any:
    return client.post("/portal/login/", {"login": email, "password": password}, REMOTE_ADDR=addr)


def test_sign_in_with_email_rotates_the_session_key(client: Client, world: World) -> None:
    client.get("/portal/login/")
    client.session.save()
    before = client.session.session_key

    response = _sign_in(client, "ADA@acme.example", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    assert client.session.session_key != before
    assert DEVICE_COOKIE in response.cookies


def test_staff_land_in_the_back_office(client: Client, world: World) -> None:
    response = _sign_in(client, "staff@7x.example", PASSWORD)

    assert response["Location"] == "/backoffice/"


def test_next_must_stay_on_the_site(client: Client, world: World) -> None:
    response = client.post(
        "/portal/login/?next=https://evil.example/",
        {"login": "ada@acme.example", "password": PASSWORD},
    )

    assert response["Location"] == "/portal/"


def test_a_wrong_password_is_named_and_signs_nobody_in(client: Client, world: World) -> None:
    response = _sign_in(client, "ada@acme.example", "wrong")

    assert response.status_code == 200
    assert b"That email address and password do not match" in response.content
    assert "_auth_user_id" not in client.session


def test_sign_up_is_closed(client: Client, world: World) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@x.example",
            "password1": "a-long-phrase-42",
            "password2": "a-long-phrase-42",
        },
    )

    assert b"Accounts come by invitation" in response.content
    assert not User.objects.filter(email="new@x.example").exists()


def test_password_reset_by_email(client: Client, world: World) -> None:
    assert client.get("/portal/password-reset/")["Location"] == "/accounts/password/reset/"
    client.post("/accounts/password/reset/", {"email": "max@acme.example"})

    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    weak = client.post(form.redirect_chain[-1][0], {"password1": "1234", "password2": "1234"})
    assert weak.status_code == 200
    assert b"too short" in weak.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"password1": "a-new-long-phrase-42", "password2": "a-new-long-phrase-42"},
    )
    assert done.status_code == 302
    assert _sign_in(Client(), "max@acme.example", "a-new-long-phrase-42").status_code == 302


def test_invitee_sets_a_password_from_the_link(client: Client, world: World) -> None:
    invitation = person_invite(admin=world.a_admin, name="Ivy", email="Ivy@Acme.example")
    url = f"/portal/invite/{invitation.token}/"

    weak = client.post(url, {"new_password1": "password", "new_password2": "password"})
    assert weak.status_code == 200
    accepted = client.post(
        url, {"new_password1": "ivy-chooses-well-7", "new_password2": "ivy-chooses-well-7"}
    )

    assert accepted.status_code == 302
    invitation.person.refresh_from_db()
    assert invitation.person.user is not None
    address = EmailAddress.objects.get(user=invitation.person.user)
    assert (address.email, address.verified, address.primary) == ("ivy@acme.example", True, True)
    assert client.get("/portal/").status_code == 200
    client.post("/portal/logout/")
    assert client.get(url).status_code == 404  # used
    assert client.get("/portal/invite/forged-token/").status_code == 404


def test_team_invite_sends_the_link_by_email(client: Client, world: World) -> None:
    client.force_login(world.a_admin.user)  # type: ignore[arg-type]

    response = client.post(
        "/portal/team/invite/", {"name": "Ivy", "email": "ivy@acme.example", "role": "member"}
    )
    duplicate = client.post(
        "/portal/team/invite/", {"name": "Ivy", "email": "ivy@acme.example", "role": "member"}
    )

    assert response.status_code == 302
    assert "/portal/invite/" in Message.objects.get(kind="team_invite").body_text
    assert duplicate.status_code == 400
    assert b"already on the team" in duplicate.content


def test_last_admin_cannot_demote_themselves(client: Client, world: World) -> None:
    client.force_login(world.a_admin.user)  # type: ignore[arg-type]

    client.post(f"/portal/team/{world.a_admin.pk}/role/", {"role": "member"})

    world.a_admin.refresh_from_db()
    assert world.a_admin.role == "admin"


def test_sign_out_needs_post(client: Client, world: World) -> None:
    client.force_login(world.a_member.user)  # type: ignore[arg-type]

    assert client.get("/portal/logout/").status_code == 405
    client.post("/portal/logout/")
    assert client.get("/portal/").status_code == 302

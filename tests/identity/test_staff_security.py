"""Staff need the second factor before staff pages; staff sessions end; deactivation ends sessions."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client
from django.utils import timezone

from partnercenter.audit.models import AuditEvent
from partnercenter.identity.adapter import SESSION_SINCE
from partnercenter.identity.middleware import SESSION_SEEN
from partnercenter.identity.services import user_deactivate
from partnercenter.partners.invitations import invite_token
from tests.identity.totp import SECRET, code, enrol
from tests.submissions.factories import PASSWORD, World


def _password(client: Client, email: str) -> Any:
    return client.post("/portal/login/", {"login": email, "password": PASSWORD})


@pytest.mark.parametrize("url", ["/backoffice/", "/admin/", "/backoffice/partners/"])
def test_staff_without_an_authenticator_are_sent_to_enrol_it(
    client: Client, world: World, url: str
) -> None:
    # given a staff member signed in with the password only
    assert _password(client, world.staff.username)["Location"] == "/backoffice/"
    # when they open a staff page
    response = client.get(url)
    # then they are sent to set up the authenticator app, and come back afterwards
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/?next=")


def test_enrolling_totp_opens_the_back_office(client: Client, world: World) -> None:
    _password(client, world.staff.username)
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200, page.get("Location")
    secret = page.context["form"].secret

    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200 and not Authenticator.objects.exists()
    done = client.post("/accounts/2fa/totp/activate/", {"code": code(secret)})

    assert done.status_code == 302
    assert Authenticator.objects.filter(user=world.staff, type="totp").exists()
    assert client.get("/backoffice/").status_code == 200


def test_an_enrolled_staff_member_passes_the_challenge_at_sign_in(
    client: Client, world: World
) -> None:
    enrol(world.staff)
    challenge = _password(client, world.staff.username)
    assert challenge["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/backoffice/").status_code == 302  # not signed in yet

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert wrong.status_code == 200
    assert b"Incorrect code" in wrong.content
    assert not AuditEvent.objects.filter(action="staff.sign_in").exists()
    done = client.post("/accounts/2fa/authenticate/", {"code": code(SECRET)})

    assert done["Location"] == "/backoffice/"
    assert client.get("/backoffice/").status_code == 200
    row = AuditEvent.objects.get(action="staff.sign_in")
    assert row.details["second_factor"] is True


def test_a_session_that_skipped_the_second_factor_is_asked_for_it(
    client: Client, world: World
) -> None:
    # given an enrolled staff member whose session never passed the second factor
    enrol(world.staff)
    client.force_login(world.staff)
    # then a staff page asks for a code first
    response = client.get("/backoffice/")
    assert response["Location"].startswith("/accounts/reauthenticate/") or response[
        "Location"
    ].startswith("/accounts/2fa/reauthenticate/")


def test_a_recovery_code_works_once(client: Client, world: World) -> None:
    enrol(world.staff)
    recovery = RecoveryCodes.activate(world.staff)
    one = recovery.get_unused_codes()[0]
    _password(client, world.staff.username)
    assert client.post("/accounts/2fa/authenticate/", {"code": one})["Location"] == "/backoffice/"
    client.post("/portal/logout/")

    again = Client()
    _password(again, world.staff.username)
    reused = again.post("/accounts/2fa/authenticate/", {"code": one})

    assert reused.status_code == 200
    assert b"Incorrect code" in reused.content
    assert again.get("/backoffice/").status_code == 302


def test_partner_people_need_no_second_factor(client: Client, world: World) -> None:
    assert _password(client, "max@acme.example")["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200  # optional: they may enrol


@pytest.mark.parametrize(
    ("idle", "age", "ended"),
    [
        (29 * 60, 3600, False),
        (31 * 60, 3600, True),
        (60, 11 * 3600, False),
        (60, 12 * 3600 + 60, True),
    ],
)
def test_staff_sessions_end_after_30_idle_minutes_or_12_hours(
    client: Client, world: World, idle: int, age: int, ended: bool
) -> None:
    enrol(world.staff)
    _password(client, world.staff.username)
    client.post("/accounts/2fa/authenticate/", {"code": code(SECRET, world.staff)})
    now = timezone.now().timestamp()
    session = client.session
    session[SESSION_SEEN] = now - idle
    session[SESSION_SINCE] = now - age
    session.save()

    response = client.get("/backoffice/")

    assert (response.status_code == 302 and "/portal/login/" in response["Location"]) is ended


def test_partner_sessions_have_no_staff_time_limit(client: Client, world: World) -> None:
    _password(client, "max@acme.example")
    session = client.session
    session[SESSION_SEEN] = timezone.now().timestamp() - 5 * 3600
    session.save()

    assert client.get("/portal/").status_code == 200


def test_deactivating_a_user_ends_their_sessions(world: World) -> None:
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        _password(device, "max@acme.example")
        assert device.get("/portal/").status_code == 200

    ended = user_deactivate(user=world.a_member.user, actor=world.staff, reason="left Acme")

    assert ended == 2
    user = world.a_member.user
    user.is_active = True  # switched on again: the old sessions do not come back
    user.save()
    assert laptop.get("/portal/").status_code == 302
    assert phone.get("/portal/").status_code == 302
    assert AuditEvent.objects.get(action="user.deactivate").details["sessions_ended"] == 2


def test_an_expired_invitation_is_refused_and_changes_nothing(
    client: Client, world: World, settings: Any
) -> None:
    from partnercenter.partners.models import Person

    person = Person.objects.create(partner=world.a, name="Ivy", email="ivy@acme.example")
    token = invite_token(person)
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=_in_days(15)):
        response = client.post(
            f"/portal/invite/{token}/",
            {"new_password1": "ivy-chooses-well-7", "new_password2": "ivy-chooses-well-7"},
        )

    assert response.status_code == 404
    assert b"not valid or has expired" in response.content
    person.refresh_from_db()
    assert person.user_id is None


def _in_days(days: int) -> float:
    return timezone.now().timestamp() + days * 86400


def test_staff_create_a_token_only_after_enrolling_and_it_expires_within_90_days(
    world: World,
) -> None:
    from datetime import timedelta

    from partnercenter.api.errors import InvalidToken
    from partnercenter.api.models import ApiToken
    from partnercenter.api.services import token_create

    with pytest.raises(InvalidToken, match="two-factor"):
        token_create(user=world.staff, name="ci", scopes=["read"], expires_at=None)
    assert not ApiToken.objects.exists()
    enrol(world.staff)
    with pytest.raises(InvalidToken, match="90 days") as refused:
        token_create(
            user=world.staff,
            name="ci",
            scopes=["read"],
            expires_at=timezone.now() + timedelta(days=365),
        )
    assert refused.value.field == "expires_at"

    token, _ = token_create(user=world.staff, name="ci", scopes=["read"], expires_at=None)

    assert token.expires_at is not None
    assert token.expires_at <= timezone.now() + timedelta(days=90)
    # partner people keep their choice (a token that never expires is theirs to make)
    person_token, _ = token_create(
        user=world.a_member.user, name="x", scopes=["read"], expires_at=None
    )
    assert person_token.expires_at is None


def test_an_old_staff_token_stops_working_after_90_days(world: World) -> None:
    from datetime import timedelta

    from partnercenter.api.models import ApiToken
    from partnercenter.api.selectors import token_for_secret
    from partnercenter.api.services import token_create

    enrol(world.staff)
    token, secret = token_create(user=world.staff, name="ci", scopes=["read"], expires_at=None)
    assert token_for_secret(secret) is not None
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - timedelta(days=91), expires_at=None
    )

    assert token_for_secret(secret) is None


def test_the_tokens_page_refuses_staff_without_two_factor(client: Client, world: World) -> None:
    client.force_login(world.staff)

    page = client.post(
        "/portal/tokens/", {"name": "ci", "scopes": ["read"], "expires_in_days": "30"}
    )

    assert b"two-factor authentication before creating" in page.content


def test_a_store_order_matches_a_verified_address_only(world: World) -> None:
    from partnercenter.identity.selectors import person_by_verified_email
    from partnercenter.partners.models import Person

    typed = Person.objects.create(partner=world.a, name="Typed", email="typed@acme.example")
    assert person_by_verified_email("typed@acme.example") is None  # typed in, never proven

    from tests.identity.totp import verified_account

    verified_account(typed)

    found = person_by_verified_email("TYPED@acme.example")
    assert found is not None and found.pk == typed.pk

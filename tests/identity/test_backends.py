"""The user and its person in one query (`identity.backends`), sessions loaded raw
(`identity.sessions`): faster, and the same security (issue 14).

Sessions name the backend that signed them in; the old backends stay listed, so a
session signed in before the change keeps working.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, authenticate
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnercenter.identity.backends import MODEL_BACKEND, user_with_person
from partnercenter.identity.sessions import SessionStore
from partnercenter.partners.models import Person
from partnercenter.partners.rows import PERSON_STASH
from tests.submissions.factories import PASSWORD, World

pytestmark = pytest.mark.django_db

OLD_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]


def _session_for(user: User, backend: str) -> Client:
    """A browser holding a session signed in under `backend` (as one made before)."""
    store = DjangoStore()
    store["_auth_user_id"] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    client = Client()
    client.cookies["sessionid"] = str(store.session_key)
    return client


def _fields(obj: Any) -> dict[str, object]:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


@pytest.mark.parametrize("backend", OLD_BACKENDS)
def test_a_session_signed_in_under_an_old_backend_keeps_working(world: World, backend: str) -> None:
    # given a session signed in before the change, naming Django's or allauth's backend
    client = _session_for(world.a_admin.user, backend)
    # when the admin opens the plan page
    response = client.get("/portal/plan/")
    # then it is served: nobody was signed out
    assert response.status_code == 200
    assert b"Plan and benefits" in response.content


def test_signing_in_records_the_new_backend_and_the_person_comes_with_the_user(
    client: Client, world: World
) -> None:
    # given the admin signs in with email and password
    response = client.post("/portal/login/", {"login": "ada@acme.example", "password": PASSWORD})
    assert response.status_code == 302
    # then the session names the new allauth backend
    assert client.session[BACKEND_SESSION_KEY] == (
        "partnercenter.identity.backends.AuthenticationBackend"
    )
    # and a portal page reads no person of its own: it came with the user
    client.get("/portal/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/portal/").status_code == 200
    assert not [q for q in queries.captured_queries if "partners_person p JOIN" in q["sql"]]


def test_the_user_and_person_are_what_the_orm_loads(world: World) -> None:
    # when the backend reads the admin's user (one query)
    with CaptureQueriesContext(connection) as queries:
        user = user_with_person(world.a_admin.user.pk)
    assert len(queries) == 1
    # then the user, the person and its partner equal the ORM's, field by field
    assert _fields(user) == _fields(User.objects.get(pk=world.a_admin.user.pk))
    expected = Person.objects.select_related("partner").get(pk=world.a_admin.pk)
    person = getattr(user, PERSON_STASH)
    assert _fields(person) == _fields(expected)
    assert _fields(person.partner) == _fields(expected.partner)
    # and staff have no person; an unknown id no user
    assert getattr(user_with_person(world.staff.pk), PERSON_STASH) is None
    assert user_with_person(10**9) is None


@pytest.mark.parametrize("backend", [MODEL_BACKEND, *OLD_BACKENDS])
def test_a_deactivated_users_session_is_over(world: World, backend: str) -> None:
    # given a signed-in admin
    client = _session_for(world.a_admin.user, backend)
    assert client.get("/portal/").status_code == 200
    # when the account is deactivated
    User.objects.filter(pk=world.a_admin.user.pk).update(is_active=False)
    # then the next request is anonymous (sent to sign in)
    response = client.get("/portal/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_password_change_signs_other_sessions_out(world: World) -> None:
    # given a session under the new backend
    client = _session_for(world.a_admin.user, MODEL_BACKEND)
    assert client.get("/portal/").status_code == 200
    # when the password is changed elsewhere
    user = User.objects.get(pk=world.a_admin.user.pk)
    user.set_password("another-long-password-2026")
    user.save()
    # then this session's hash no longer matches: signed out
    response = client.get("/portal/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_staff_pages_still_ask_for_the_second_factor(world: World) -> None:
    # given a staff session under the new backend that has not passed the second factor
    client = _session_for(world.staff, MODEL_BACKEND)
    # when a back-office page is opened
    response = client.get("/backoffice/")
    # then the staff user is sent to set up or pass the second factor first
    assert response.status_code == 302
    assert "/backoffice/" not in response["Location"]


def test_a_wrong_password_is_checked_once_refused_and_reported_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a listener for failed sign-ins, and password checks counted
    failures: list[dict[str, Any]] = []
    checks: list[str] = []
    check = User.check_password

    def counted(self: User, raw: str) -> bool:
        checks.append(raw)
        return check(self, raw)

    monkeypatch.setattr(User, "check_password", counted)

    def heard(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
        failures.append(credentials)

    user_login_failed.connect(heard)
    try:
        # when the wrong password is given by email and by username
        assert authenticate(None, email="ada@acme.example", password="wrong") is None
        # (checked once: the old backends listed for their sessions do not check it again)
        assert checks == ["wrong"]
        assert authenticate(None, username="ada@acme.example", password="wrong") is None
        # and the right one
        user = authenticate(None, email="ada@acme.example", password=PASSWORD)
    finally:
        user_login_failed.disconnect(heard)
    # then each failure is reported once, and the right password signs in
    assert len(failures) == 2
    assert user is not None and user.pk == world.a_admin.user.pk


def test_the_session_store_loads_what_djangos_wrote_and_nothing_expired(world: World) -> None:
    # given a session written by Django's store
    old = DjangoStore()
    old["colour"] = "teal"
    old.create()
    # when this store loads it
    # then it reads the same data
    assert SessionStore(old.session_key)["colour"] == "teal"
    # and an expired one is not loaded (its key is dropped, a new one made on save)
    old.set_expiry(timezone.now() - timedelta(seconds=1))
    old.save()
    gone = SessionStore(old.session_key)
    assert gone.get("colour") is None
    assert gone.session_key is None
    # as is an unknown key
    assert SessionStore("no-such-session-key-123").get("colour") is None

"""Authentication backends that read the signed-in user and its partner person in one query.

Every signed-in request loads its user (`django.contrib.auth.get_user` → the backend named
in the session → `get_user`); every portal page then needs the person behind that user
(`portal.access.person_of`). These backends read both in one statement — the user left
joined to its person and the person's partner — and leave the person on the user
(`partners.rows.PERSON_STASH`), so a portal page makes one round trip less (issue 14,
docs/benchmarks.md "Pages").

Nothing else changes: signing in is the parent classes' own `authenticate`; `get_user`
refuses an inactive user as Django's does; Django still checks the session's password
hash against the user it returns (a password change signs other sessions out); staff
flags, permissions and the second factor are read as before.

Sessions name the backend that signed them in, and Django loads only backends listed in
AUTHENTICATION_BACKENDS: the settings list these first and keep Django's and allauth's
after them, so a session signed in before this change keeps working (nobody is signed
out). Only new sign-ins get these paths; the old entries stay until those sessions expire.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import backends, get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest

from partnercenter.partners.models import Partner, Person
from partnercenter.partners.rows import (
    PERSON_COLUMNS,
    PERSON_STASH,
    PERSON_WIDTH,
    columns,
    converted,
    person_from_row,
)

MODEL_BACKEND = "partnercenter.identity.backends.ModelBackend"
"""The path sessions signed in with a username (or by `login(..., backend=)`) record."""

User = get_user_model()
_USER_FIELDS, _USER_COLUMNS = columns(User, "u")
_SQL = (
    f"SELECT {_USER_COLUMNS}, {PERSON_COLUMNS} FROM {User._meta.db_table} u "
    f"LEFT JOIN {Person._meta.db_table} p ON p.user_id = u.id "
    f"LEFT JOIN {Partner._meta.db_table} q ON q.id = p.partner_id "
    "WHERE u.id = %s"
)


def user_with_person(user_id: Any) -> Any:
    """The user `user_id` with its person (or None) left on it as `PERSON_STASH`; None
    when there is no such user. One query: the user left joined to its person and the
    person's partner (a person has at most one user: `Person.user` is one-to-one)."""
    with connection.cursor() as cursor:
        cursor.execute(_SQL, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    n = len(_USER_FIELDS)
    user = User.from_db(connection.alias, _USER_FIELDS, converted(User, row[:n]))
    rest = row[n : n + PERSON_WIDTH]
    setattr(user, PERSON_STASH, None if rest[0] is None else person_from_row(rest))
    return user


class _WithPerson:
    """`get_user` in one query, with the person (see the module docstring)."""

    def get_user(self, user_id: Any) -> Any:
        user = user_with_person(user_id)
        if user is None or not self.user_can_authenticate(user):  # type: ignore[attr-defined]
            return None
        return user


class ModelBackend(_WithPerson, backends.ModelBackend):
    """Django's username-and-password backend, reading the person with the user."""


class AuthenticationBackend(_WithPerson, AllauthBackend):
    """allauth's backend (sign-in by email), reading the person with the user.

    Credentials it refuses end the search: the old backends listed after it for their
    sessions would only check the same password again (twice the hashing per failed
    attempt); Django then reports the failure as before (`user_login_failed`)."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        if user is None and credentials.get("password"):
            raise PermissionDenied("Wrong credentials.")
        return user

"""Who may open a portal page: a signed-in person of a partner (and, for some, its partner admin).

Every portal view receives the signed-in `Person` and reads only through
`person.partner`, so another partner's rows are simply not found (404).
A terminated partner's people keep read access (no writes, no pages that write) for
the edition's `terminated_access_months`; after that the portal refuses them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone

from partnercenter.membership.selectors import portal_access, read_access_until
from partnercenter.partners.models import Person, Role
from partnercenter.partners.rows import PERSON_COLUMNS, PERSON_JOIN, PERSON_STASH, person_from_row

P = ParamSpec("P")
PortalView = Callable[Concatenate[HttpRequest, Person, P], HttpResponseBase]


_PERSON_SQL = (
    f"SELECT {PERSON_COLUMNS} FROM {PERSON_JOIN} WHERE p.user_id = %s ORDER BY p.id LIMIT 1"
)


def person_of(user: Any) -> Person | None:
    """The partner person behind a signed-in user, or None (staff, or a detached account).

    Read on every portal page: the authentication backend reads it with the user in one
    query (`identity.backends`, left on the user as `PERSON_STASH`); a user loaded any
    other way (a session signed in under Django's own backend) costs one raw look-up of
    the person joined to its partner, built into both models directly — a third of the
    cost of building the ORM query with `select_related` (issue 14, docs/benchmarks.md
    "Pages")."""
    if not user.is_authenticated or not user.is_active:
        return None
    stashed = getattr(user, PERSON_STASH, _UNREAD)
    if stashed is not _UNREAD:
        return stashed  # type: ignore[return-value]
    with connection.cursor() as cursor:
        cursor.execute(_PERSON_SQL, [user.pk])
        row = cursor.fetchone()
    return None if row is None else person_from_row(row)


_UNREAD = object()


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def ended_refusal(person: Person, method: str, writes: bool = False) -> str | None:
    """Why a terminated partner's person may not do this (None: allowed).

    Within the access period only reading pages answer; afterwards nothing does.
    """
    partner = person.partner
    access = portal_access(partner, timezone.now().date())
    if access == "full":
        return None
    ended_on = partner.terminated_on
    ended = f"{partner.name}'s membership ended" + (f" on {ended_on:%d %B %Y}" if ended_on else "")
    if access == "none":
        return f"{ended}; read access to the Partner Center ended too."
    if writes or method not in SAFE_METHODS:
        until = read_access_until(partner)
        reading = f"until {until:%d %B %Y}" if until else "for now"
        return f"{ended}; you can read the ledger and documents {reading}, not change them."
    return None


def portal_view(
    *, admin: bool = False, writes: bool = False
) -> Callable[[PortalView[P]], Callable[..., HttpResponseBase]]:
    """Require a signed-in partner person; with `admin`, a partner admin.

    `writes` marks a page that exists to change something (a form): a terminated
    partner's people are refused it even to look.
    """

    def decorate(view: PortalView[P]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("portal:login"))
            person = person_of(request.user)
            if person is None:
                raise PermissionDenied("This page is for people of a partner.")
            refusal = ended_refusal(person, request.method or "GET", writes)
            if refusal:
                raise PermissionDenied(refusal)
            if admin and person.role != Role.ADMIN:
                raise PermissionDenied("Only a partner admin can do this.")
            return view(request, person, *args, **kwargs)

        return wrapped

    return decorate

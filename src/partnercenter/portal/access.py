"""Who may open a portal page: a signed-in person of a partner (and, for some, its partner admin).

Every portal view receives the signed-in `Person` and reads only through
`person.partner`, so another partner's rows are simply not found (404).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse

from partnercenter.partners.models import Person, Role

P = ParamSpec("P")
PortalView = Callable[Concatenate[HttpRequest, Person, P], HttpResponseBase]


def person_of(user: Any) -> Person | None:
    """The partner person behind a signed-in user, or None (staff, or a detached account)."""
    if not user.is_authenticated or not user.is_active:
        return None
    return Person.objects.select_related("partner").filter(user=user).first()


def portal_view(
    *, admin: bool = False
) -> Callable[[PortalView[P]], Callable[..., HttpResponseBase]]:
    """Require a signed-in partner person; with `admin`, a partner admin."""

    def decorate(view: PortalView[P]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("portal:login"))
            person = person_of(request.user)
            if person is None:
                raise PermissionDenied("This page is for people of a partner.")
            if admin and person.role != Role.ADMIN:
                raise PermissionDenied("Only a partner admin can do this.")
            return view(request, person, *args, **kwargs)

        return wrapped

    return decorate

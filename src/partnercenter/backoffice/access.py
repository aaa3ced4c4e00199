"""The back office is for program staff with a role: partners are refused, anonymous users
sent to sign in, and each page checks its role's permission (see `staffroles.access`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, overload

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse

from partnercenter.staffroles.access import Perm, staff_refusal

P = ParamSpec("P")
View = Callable[P, HttpResponseBase]


def _guard(view: View[P], perm: Perm, private: bool) -> View[P]:
    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        request = args[0]
        assert isinstance(request, HttpRequest)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        refusal = staff_refusal(request.user, perm, request.method or "GET", private=private)
        if refusal:
            raise PermissionDenied(refusal)
        return view(*args, **kwargs)

    wrapped.staff_perm = perm  # type: ignore[attr-defined]  # read by the role sweep and nav
    return wrapped


@overload
def staff_view(view: View[P]) -> View[P]: ...


@overload
def staff_view(*, perm: Perm = None, private: bool = False) -> Callable[[View[Any]], View[Any]]: ...


def staff_view(
    view: View[P] | None = None, *, perm: Perm = None, private: bool = False
) -> View[P] | Callable[[View[Any]], View[Any]]:
    """Require an active staff user with a role, and `perm` (a permission or a tuple, any of).

    Bare `@staff_view`: every role may read, every role but the viewer may change.
    `@staff_view(perm=MANAGE_FINANCE)`: finance reads and changes, the viewer reads.
    `private=True`: only the permission reads too (a person's data, say).
    """
    if view is not None:
        return _guard(view, None, False)

    def decorate(inner: View[Any]) -> View[Any]:
        return _guard(inner, perm, private)

    return decorate


def staff_user(request: HttpRequest) -> AbstractBaseUser:
    """The signed-in staff user of a request that `staff_view` let through."""
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    return user

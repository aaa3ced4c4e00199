"""The back office is for program staff only: partners are refused, anonymous users sent to sign in."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse

P = ParamSpec("P")


def staff_view(view: Callable[P, HttpResponseBase]) -> Callable[P, HttpResponseBase]:
    """Require an active staff user."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        request = args[0]
        assert isinstance(request, HttpRequest)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if not (request.user.is_staff and request.user.is_active):
            raise PermissionDenied("The back office is for 7x program staff.")
        return view(*args, **kwargs)

    return wrapped


def staff_user(request: HttpRequest) -> AbstractBaseUser:
    """The signed-in staff user of a request that `staff_view` let through."""
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    return user

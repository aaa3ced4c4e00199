"""Staff signing in, recorded explicitly by wrapping the sign-in views (no `user_logged_in` signal).

`audited_sign_in` wraps the portal's sign-in view and the admin's login view
(see the root `urls.py`): when a POST ends with a staff user newly signed in, one
`staff.sign_in` row is written. Partner people signing in are not staff actions.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from partnercenter.audit.services import audit_record


def audited_sign_in(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Record `staff.sign_in` when `view` signs a staff user in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        before = request.user.pk if request.user.is_authenticated else None
        response = view(request, *args, **kwargs)
        user = request.user
        if (
            request.method == "POST"
            and user.is_authenticated
            and user.pk != before
            and getattr(user, "is_staff", False)
        ):
            audit_record(
                actor=user,
                action="staff.sign_in",
                target=("user", user.pk, actor_name(user)),
                details={"via": "admin" if request.path.startswith("/admin/") else "portal"},
                request=request,
            )
        return response

    return wrapped


def actor_name(user: Any) -> str:
    """The user's email, else username."""
    return str(getattr(user, "email", "") or user.get_username())

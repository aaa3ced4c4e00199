"""Template context for allauth's pages: the portal's navigation for partner people."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def portal_person(request: HttpRequest) -> dict[str, Any]:
    """`person` on allauth's pages (account_*, mfa_*), so "Security" sits inside the portal."""
    match = getattr(request, "resolver_match", None)
    name = getattr(match, "url_name", "") or ""
    user = getattr(request, "user", None)
    if not name.startswith(("account_", "mfa_")) or user is None or not user.is_authenticated:
        return {}
    person = getattr(user, "person", None)
    return {"person": person} if person is not None else {}

"""`{% backoffice_nav as sections %}`: the navigation the signed-in staff user may open."""

from __future__ import annotations

from typing import Any

from django import template

from partnercenter.backoffice.nav import nav_for, read_only

register = template.Library()


@register.simple_tag(takes_context=True)
def backoffice_nav(context: dict[str, Any]) -> list[dict[str, Any]]:
    request = context["request"]
    match = request.resolver_match
    return nav_for(request.user, match.url_name if match else "")


@register.simple_tag(takes_context=True)
def backoffice_read_only(context: dict[str, Any]) -> bool:
    """True when the signed-in staff user reads only (the viewer role)."""
    return read_only(context["request"].user)

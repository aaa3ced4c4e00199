"""`{% portal_nav person as sections %}`: the portal navigation for the signed-in person."""

from __future__ import annotations

from typing import Any

from django import template

from partnercenter.portal.nav import nav_for

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_nav(context: dict[str, Any], person: Any) -> list[dict[str, Any]]:
    match = context["request"].resolver_match
    return nav_for(person, match.url_name if match else "")

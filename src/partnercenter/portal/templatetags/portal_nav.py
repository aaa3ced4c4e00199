"""`{% portal_nav person %}`: the portal navigation for the signed-in person, as HTML.

The navigation depends only on whether the person is a partner admin, the current page
and the URL prefix, so each combination is rendered once per process (25 `reverse`
calls and ~100 template nodes a page otherwise).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

from partnercenter.portal.nav import nav_for

register = template.Library()


@lru_cache(maxsize=512)
def _nav_html(role: str, url_name: str, prefix: str) -> str:
    """The rendered navigation (`prefix` is part of the key: the links' URLs start with it)."""
    sections = nav_for(_Role(role), url_name)
    return render_to_string("web/_sections_nav.html", {"sections": sections, "label": "Portal"})


class _Role:
    """The one attribute of a person the navigation reads."""

    def __init__(self, role: str) -> None:
        self.role = role


@register.simple_tag(takes_context=True)
def portal_nav(context: dict[str, Any], person: Any) -> SafeString:
    match = context["request"].resolver_match
    role = "admin" if getattr(person, "role", None) == "admin" else ""
    html = _nav_html(role, match.url_name if match else "", get_script_prefix())
    return mark_safe(html)  # noqa: S308  (rendered by the template engine, which escapes)

"""Branded error pages: 404 and 500 in the site's look, without debug details.

The 500 page renders without the request's context processors (they may be what
failed) and from a base template that needs no user, session or database.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader


def _page(template: str, status: int, request: HttpRequest | None = None) -> HttpResponse:
    body = loader.get_template(template).render({}, request)
    return HttpResponse(body, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: the page does not exist (or is not the visitor's to see)."""
    return _page("404.html", 404, request)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: something broke on our side; the error is in the logs, not on the page."""
    return _page("500.html", 500)

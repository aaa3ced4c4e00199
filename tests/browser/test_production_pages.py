"""Under the Content-Security-Policy every page still works; the branded 404 and 500 pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest
from django.urls import path

from partnercenter import urls as site_urls
from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_accessibility import BACKOFFICE, PORTAL, PUBLIC
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


def _boom(request: HttpRequest) -> None:
    raise RuntimeError("secret internals")


urlpatterns = [path("test-boom/", _boom), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


def _watch(page: Any) -> list[str]:
    """Collect CSP violations and script errors the page reports."""
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{page.url}: {m.text}")
            if m.type == "error" and ("Content Security Policy" in m.text or "Refused" in m.text)
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))
    return problems


def test_no_page_breaks_the_content_security_policy(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    anonymous = new_page()
    problems = _watch(anonymous)
    for url in PUBLIC:
        response = anonymous.goto(base + url)
        assert "script-src 'self'" in response.headers["content-security-policy"], url
    # the API docs: local Swagger assets and their settings script run under the policy
    anonymous.goto(f"{base}/api/v1/docs")
    anonymous.get_by_text("/api/v1/partners/{slug}/standing").wait_for()
    shot(anonymous, "csp-api-docs")
    person = new_page()
    problems += _watch(person)
    sign_in(person, base, "max@acme.example")
    for url in PORTAL:
        person.goto(base + url)
    staff = new_page()
    problems += _watch(staff)
    sign_in(staff, base, world.staff.username)
    for url in BACKOFFICE:
        staff.goto(base + url)
    # htmx (a local static file) loaded and working on the back office pages
    assert staff.evaluate("typeof window.htmx") == "object"
    assert problems == []


def test_branded_404_and_500_pages(live_server: Any, settings: Any, new_page: Any, db: Any) -> None:
    settings.ROOT_URLCONF = __name__
    page = new_page()
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", name="We could not find that page").is_visible()
    shot(page, "error-404")
    axe_check(page)
    response = page.goto(f"{live_server.url}/test-boom/")
    assert response.status == 500
    assert page.get_by_role("heading", name="Something went wrong on our side").is_visible()
    assert "secret internals" not in html(page)
    shot(page, "error-500")
    axe_check(page)
    mobile = new_page(mobile=True)
    mobile.goto(f"{live_server.url}/no-such-page/")
    shot(mobile, "error-404-mobile")

"""The interactive docs in a real Chromium: Swagger UI loads (no CDN) and "Try it out" works."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from partnercenter.api.services import token_create
from tests.submissions.factories import with_roles

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in this thread

CHROMIUM = "/usr/bin/chromium"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_docs_authorize_and_try_an_operation(live_server):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make browsers)")
    from playwright.sync_api import expect, sync_playwright

    user = with_roles(User.objects.create_user("ops@7x.test", email="ops@7x.test", is_staff=True))
    _, secret = token_create(
        user=user, name="docs", scopes=["read"], expires_at=timezone.now() + timedelta(days=1)
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(15_000)
            offsite: list[str] = []
            page.on(
                "request",
                lambda r: offsite.append(r.url) if not r.url.startswith(live_server.url) else None,
            )
            page.goto(f"{live_server.url}/api/v1/docs")
            expect(page.get_by_text("/api/v1/partners/{slug}/standing")).to_be_visible()
            page.get_by_role("button", name="Authorize").first.click()
            page.locator(".modal-ux input").first.fill(secret)
            page.locator(".modal-ux button.authorize").first.click()
            page.locator(".modal-ux button.btn-done").first.click()
            page.locator("#operations-partner-partnercenter_api_routes_partner_me").click()
            page.get_by_role("button", name="Try it out").click()
            page.get_by_role("button", name="Execute").click()
            expect(
                page.locator(".live-responses-table tbody .response-col_status").first
            ).to_contain_text("200")
            expect(page.locator(".live-responses-table")).to_contain_text("ops@7x.test")
            assert offsite == []
        finally:
            browser.close()

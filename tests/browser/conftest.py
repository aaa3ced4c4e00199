"""One Chromium for the whole session; a fresh context (cookies) per actor; screenshots saved."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made
# by the test itself (building fixtures, checking results) are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make browsers)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


# Reads that do not retry. A click that navigates returns once the new document is committed,
# before it is parsed: a count or a text read then sees an empty page. Each of these waits for
# the document in flight to load first (a no-op when nothing is loading), in every test.
_ONE_SHOT_READS = (
    "count",
    "all",
    "inner_text",
    "inner_html",
    "text_content",
    "all_inner_texts",
    "all_text_contents",
    "is_visible",
    "is_checked",
    "get_attribute",
    "input_value",
)


@pytest.fixture(scope="session", autouse=True)
def _reads_wait_for_the_document() -> Iterator[None]:
    from playwright.sync_api import Locator

    def waiting(read: Any) -> Any:
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            self.page.wait_for_load_state()
            return read(self, *args, **kwargs)

        return wrapper

    with pytest.MonkeyPatch.context() as patch:
        for name in _ONE_SHOT_READS:
            patch.setattr(Locator, name, waiting(getattr(Locator, name)))
        yield


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PARTNERCENTER_STAFF_MFA_REQUIRED = True  # staff pass the second factor here


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """new_page(mobile=False) → a page in its own context (its own sign-in)."""
    contexts = []

    def make(mobile: bool = False) -> Any:
        size = {"width": 390, "height": 844} if mobile else {"width": 1280, "height": 900}
        context = browser.new_context(viewport=size)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def shot(page: Any, name: str) -> None:
    """Save a full-page screenshot as var/screenshots/<name>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    # A full-page screenshot stretches the viewport and scrolls. Back at its size, headless
    # Chromium can keep stale scroll offsets in its compositor, and with an embedded frame (a
    # PDF) it routes the next clicks into that frame: such pages get a viewport screenshot.
    framed = page.locator("iframe, object, embed").count() > 0
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=not framed)
    page.evaluate("() => window.scrollTo(0, 0)")


WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_check(page: Any) -> None:
    """Fail when the page breaks a WCAG 2.1 AA rule that axe-core checks."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    assert results.violations_count == 0, results.generate_report()


def html(page: Any) -> str:
    """The page's HTML once the document a click may have started has loaded.

    A click that navigates returns when the new document is committed, before
    it is parsed; reading `page.content()` then can give an empty string.
    """
    page.wait_for_load_state()
    return str(page.content())

"""A customer walks the directory to a partner's page, its badge and the verify page; the
partner admin uploads a logo on the portal's "Public page"."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from PIL import Image

from partnercenter.directory.demo import demo_directory
from partnercenter.directory.models import ListingRevision
from partnercenter.directory.services import listing_revision_approve, listing_update
from partnercenter.partners.models import Partner, Person
from partnercenter.partners.services import certification_record
from partnercenter.review.models import TierDecision
from tests.browser.conftest import SHOTS, axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


def _level(partner: Partner, level: str, points: int, plan: str = "") -> None:
    TierDecision.objects.create(
        partner=partner, as_of=date(2026, 1, 1), edition_id="2025-01-01",
        facts={"points": points}, level=level, direction="up", explanation=[],
    )  # fmt: skip
    Partner.objects.filter(pk=partner.pk).update(
        current_level=level,
        plan=plan,
        plan_paid_until=date(2099, 1, 1) if plan else None,
        valid_until=date(2026, 12, 31),
        country="DE",
        website=f"https://{partner.slug}.example",
    )


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    w = make_world(make_partner)
    _level(w.a, "gold", 60_000, plan="gold")
    _level(w.b, "professional", 9_000)
    for slug, name, level, profile in [
        ("fjord-hosting", "Fjord Hosting", "platinum", "hosting"),
        ("cobalt-creative", "Cobalt Creative", "silver", "creative"),
        ("harbor-cloud", "Harbor Cloud", "gold", "hosting"),
        ("baltic-systems", "Baltic Systems", "basic", "it"),
    ]:
        _level(make_partner(slug, name=name, profile=profile), level, 30_000)
    person = Person.objects.get(email="ada@acme.example")
    certification_record(person=person, type="developer", earned_on=date(2025, 6, 1))
    certification_record(person=person, type="sales", earned_on=date(2025, 6, 1))
    demo_directory(today=date(2026, 1, 1))
    listing_update(
        partner=w.a,
        description="Acme builds intranets and portals on Exponential for public bodies.",
        services=["Intranets", "Migrations", "Training"],
    )
    return w


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (900, 600), (35, 83, 214)).save(out, format="PNG")
    return out.getvalue()


def test_directory_partner_page_badge_and_verify(
    live_server: Any, world: World, new_page: Any
) -> None:
    base = live_server.url
    page = new_page()
    page.goto(base + "/")
    page.get_by_role("link", name="Find a partner").first.click()
    page.wait_for_load_state()
    assert page.title().startswith("Find a partner")
    names = page.locator(".partner-card h3").all_inner_texts()
    assert [n.strip() for n in names][:3] == ["Fjord Hosting", "Acme", "Harbor Cloud"]
    axe_check(page)
    shot(page, "directory")
    # the Hosting tab has the featured strip
    page.get_by_role("link", name="Hosting", exact=True).click()
    page.wait_for_load_state()
    assert "Featured Hosting partners" in html(page)
    axe_check(page)
    shot(page, "directory-hosting")
    # a bad filter answers with a message
    page.goto(base + "/partners/?country=Germany")
    assert "two-letter country code" in html(page)
    axe_check(page)
    # search and open a partner page
    page.goto(base + "/partners/")
    page.get_by_label("Search").fill("intranets")
    page.get_by_role("button", name="Show partners").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Acme", exact=True).click()
    page.wait_for_load_state()
    body = page.locator("body").inner_text()
    assert (
        "Acme builds intranets" in body
        and "Developer: 1" in body
        and "Gold since 1 January 2026" in body
    )
    axe_check(page)
    shot(page, "partner-page")
    # the badge, rendered by the browser, links to the verify page
    page.goto(base + "/badge/acme.svg")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("svg").screenshot(path=str(SHOTS / "badge.png"))  # an SVG document: no full page
    with page.context.expect_page() as opened:  # the badge opens the verify page in a new tab
        page.locator("text").click()
    page = opened.value
    page.wait_for_load_state()
    assert page.url.endswith("/verify/acme")
    body = page.locator("body").inner_text()
    assert "Acme is a Gold partner" in body and "31 December 2026" in body and "2025-01-01" in body
    axe_check(page)
    shot(page, "verify")
    page.goto(base + "/verify/nobody")
    assert "Not a listed partner" in html(page)
    axe_check(page)


def test_public_page_upload_in_the_portal(
    live_server: Any, world: World, new_page: Any, tmp_path: Any
) -> None:
    base = live_server.url
    page = new_page()
    sign_in(page, base, "ada@acme.example")
    page.get_by_role("link", name="Public page").click()
    page.wait_for_load_state()
    assert "Exponential certified — Gold" in html(page)
    assert "/badge/acme.svg" in page.locator("#snippet").input_value()
    axe_check(page)
    # a PDF named .png is refused on the field
    page.locator("#id_logo").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "not a readable PNG, JPEG or WebP image" in html(page)
    axe_check(page)
    shot(page, "public-page-refused")
    # a real PNG is accepted and shown on the public page
    page.locator("#id_logo").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": _png()}]
    )
    page.get_by_label("Services (one a line, at most 8)").fill("Intranets\nHosting")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Sent for review" in html(page)
    shot(page, "public-page")
    # the logo waits for staff; once approved it is on the public page
    page.goto(base + "/partners/acme/")
    assert page.get_by_role("img", name="Acme logo").count() == 0
    listing_revision_approve(
        revision=ListingRevision.objects.get(status="pending"), staff_user=world.staff
    )
    page.goto(base + "/partners/acme/")
    logo = page.get_by_role("img", name="Acme logo")
    assert logo.evaluate("img => img.naturalWidth") == 512
    assert (SHOTS / "public-page.png").exists()

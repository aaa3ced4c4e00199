"""A program manager publishes the next edition from the back office (issue 10).

The sample held in the repo is uploaded, its three mistakes are fixed one by one in the
browser, the diff and the what-if are read, a date in the past is refused, and the
edition is published for the 1st of next month.
"""

from __future__ import annotations

import subprocess
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partnercenter.audit.models import AuditEvent
from partnercenter.editions_workbench.selectors import proposed_date
from partnercenter.programs.models import ProgramEdition
from partnercenter.programs.selectors import edition_at
from tests.browser.conftest import SHOTS, axe_check, shot
from tests.browser.test_flows import sign_in
from tests.editions_workbench.conftest import FIXES, SAMPLE, give_points
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    return make_world(make_partner)


def test_publish_the_sample_next_edition(live_server: Any, world: World, new_page: Any) -> None:
    # given Acme with 4,600 points: Basic now, Professional once the threshold is 4,500
    give_points(world.a, 4600, timezone.now() - timedelta(days=30))
    today = timezone.now().date()
    next_month = proposed_date(today)
    base = live_server.url
    page = new_page()
    sign_in(page, base, world.staff.username)

    # the Editions page lists the edition in force
    page.get_by_role("link", name="Editions").click()
    expect(page.get_by_test_id("edition-2025-01-01")).to_contain_text("in force")
    shot(page, "editions-01-list")
    axe_check(page)

    # upload the sample: the check names each mistake by field path
    page.get_by_label("Program file (.toml)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Upload and check").click()
    count = page.get_by_test_id("problem-count")
    expect(count).to_contain_text("4 problems")
    expect(page.get_by_test_id("check")).to_contain_text("activities[1].tracking")
    shot(page, "editions-02-draft-with-problems")
    axe_check(page)

    # fix them one by one in the text; the list shrinks with each save
    text = page.get_by_label("Program file (TOML)")
    remaining = ["2 problems", "1 problem", None]
    for (wrong, right), after in zip(FIXES, remaining, strict=True):
        text.fill(text.input_value().replace(wrong, right, 1))
        page.get_by_role("button", name="Save and check").click()
        if after:
            expect(count).to_contain_text(after)
        else:
            expect(page.get_by_test_id("no-problems")).to_be_visible()
    shot(page, "editions-03-draft-fixed")

    # the diff in words and the what-if as of the text's date
    expect(page.get_by_test_id("diff")).to_contain_text(
        "Level Professional: points in the window 5,000 → 4,500"
    )
    whatif = page.get_by_test_id("whatif")
    expect(whatif).to_contain_text("1 up")
    expect(whatif.get_by_role("row", name="Acme")).to_contain_text("Professional")
    axe_check(page)

    # the contract preview is the contracts app's PDF for a sample partner
    href = page.get_by_test_id("contract-preview").get_attribute("href")
    pdf = page.request.get(base + str(href))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "editions-contract-preview.pdf").write_bytes(pdf.body())
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(SHOTS / "editions-contract-preview.pdf"),
            str(SHOTS / "editions-contract-preview"),
        ],  # fmt: skip
        check=False,
    )

    # a date that is not after today is refused on the field; nothing is published
    date_field = page.get_by_label("Takes effect on")
    date_field.fill(today.isoformat())
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("form").filter(has=page.get_by_label("Takes effect on"))).to_contain_text(
        "must be after today"
    )
    assert ProgramEdition.objects.count() == 1
    shot(page, "editions-04-publish-refused")
    axe_check(page)

    # publish for the 1st of next month
    page.get_by_label("Takes effect on").fill(next_month.isoformat())
    page.get_by_role("button", name="Publish").click()
    row = page.get_by_test_id(f"edition-{next_month.isoformat()}")
    expect(row).to_contain_text("scheduled")
    expect(page.locator(".messages")).to_contain_text("Published edition")
    shot(page, "editions-05-published")
    assert edition_at(next_month).level("professional").requirements[0].needed == 4500
    assert edition_at(today).edition_id == "2025-01-01"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"edition_draft.create", "edition_draft.save", "edition.publish"} <= actions

    # the published edition is read-only; its draft can no longer be edited
    row.get_by_role("link", name=next_month.isoformat()).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(next_month.isoformat())
    shot(page, "editions-06-published-edition")
    axe_check(page)
    page.go_back()
    row.get_by_role("link", name="draft #").click()
    expect(page.get_by_test_id("published")).to_contain_text("does not change")
    expect(page.get_by_role("button", name="Save and check")).to_have_count(0)
    shot(page, "editions-07-published-draft")
    axe_check(page)


def test_draft_page_on_a_phone(live_server: Any, world: World, new_page: Any) -> None:
    page = new_page(mobile=True)
    sign_in(page, live_server.url, world.staff.username)
    page.goto(live_server.url + "/backoffice/editions/")
    page.get_by_label("Program file (.toml)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_test_id("problem-count")).to_contain_text("4 problems")
    shot(page, "editions-08-draft-mobile")
    axe_check(page)
    page.goto(live_server.url + "/backoffice/editions/")
    shot(page, "editions-09-list-mobile")
    axe_check(page)

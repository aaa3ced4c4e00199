"""Staff bring existing partners in from CSV in a real browser: dry run, refused rows, import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Partner
from tests.browser.conftest import axe_check, html, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "import-examples"


@pytest.fixture
def world(transactional_db: Any, make_partner: Any, settings: Any, tmp_path: Path) -> World:
    settings.VAR_DIR = tmp_path / "var"
    return make_world(make_partner)


def check(page: Any, kind: str, path: Path) -> None:
    page.get_by_label("What the file holds").select_option(kind)
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()


def test_staff_check_then_import_partners_and_points(
    live_server: Any, world: World, new_page: Any, tmp_path: Path
) -> None:
    staff = new_page()
    sign_in(staff, live_server.url, world.staff.username)
    staff.get_by_role("link", name="Import", exact=True).click()
    assert staff.get_by_role("heading", name="Import", exact=True).is_visible()
    axe_check(staff)
    shot(staff, "60-backoffice-import")

    bad = tmp_path / "partners-with-mistakes.csv"
    bad.write_bytes(
        EXAMPLES.joinpath("partners.csv").read_bytes()
        + b"sunset,Sunset Studio,plumbing,XX,,active,2024-02-30,false,,,\n"
    )
    check(staff, "partners", bad)
    report = staff.get_by_test_id("report")
    assert report.get_by_test_id("refused").inner_text() == "1"
    rows = report.locator("tbody tr")

    assert rows.count() == 3
    assert rows.nth(0).inner_text().split("\t")[:2] == ["6", "profile"]
    assert staff.get_by_role("button", name="Import 4 new rows").count() == 0
    axe_check(staff)
    shot(staff, "61-backoffice-import-refused")
    assert Partner.objects.count() == 2

    check(staff, "partners", EXAMPLES / "partners.csv")
    assert staff.get_by_test_id("created").inner_text() == "4"
    axe_check(staff)
    shot(staff, "62-backoffice-import-dry-run")
    assert Partner.objects.count() == 2  # still a dry run

    staff.get_by_role("button", name="Import 4 new rows").click()
    staff.wait_for_load_state()
    assert "Imported partners: 4 created, 0 unchanged." in html(staff)
    shot(staff, "63-backoffice-import-done")
    assert Partner.objects.filter(slug="nordlicht-web", country="DE", plan="silver").exists()

    for kind in ("people", "certifications", "points"):
        check(staff, kind, EXAMPLES / f"{kind}.csv")
        created = staff.get_by_test_id("created").inner_text()
        staff.get_by_role("button", name=f"Import {created} new rows").click()
        staff.wait_for_load_state()
        assert f"Imported {kind}:" in html(staff)
    assert Entry.objects.filter(source="import").count() == 7

    check(staff, "points", EXAMPLES / "points.csv")
    assert staff.get_by_test_id("unchanged").inner_text() == "7"
    assert "nothing new to import" in html(staff)
    shot(staff, "64-backoffice-import-again")

    staff.get_by_role("link", name="Partners", exact=True).click()
    staff.get_by_role("link", name="Nordlicht Web GmbH").click()
    shot(staff, "65-backoffice-imported-partner")
    assert "Intranet for Stadtwerke Nord" in html(staff)

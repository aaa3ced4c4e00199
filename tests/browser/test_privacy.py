"""A person downloads their data; staff erase a person's personal data, the ledger unchanged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Sum

from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Person
from partnercenter.partners.services import certification_record
from tests.browser.conftest import axe_check, shot
from tests.browser.test_flows import sign_in
from tests.submissions.factories import World, make_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db: Any, make_partner: Any) -> World:
    made = make_world(make_partner)
    certification_record(person=made.a_member, type="sales", earned_on=date(2025, 2, 1))
    return made


def test_a_person_downloads_their_data(live_server: Any, world: World, new_page: Any) -> None:
    page = new_page()
    sign_in(page, live_server.url, "max@acme.example")
    page.get_by_role("link", name="My data").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="My data").is_visible()
    axe_check(page)
    shot(page, "privacy-my-data")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download my data (JSON)").click()
    data = json.loads(Path(info.value.path()).read_text())
    assert data["person"]["email"] == "max@acme.example"
    assert [c["type"] for c in data["certifications"]] == ["sales"]


def test_staff_erase_a_person(live_server: Any, world: World, new_page: Any) -> None:
    # given the ledger as it is, and staff on Acme's page
    before = (Entry.objects.aggregate(s=Sum("points"))["s"], Entry.objects.count())
    pk = world.a_member.pk
    staff = new_page()
    sign_in(staff, live_server.url, world.staff.username)
    staff.goto(f"{live_server.url}/backoffice/partners/acme/")
    # when they choose to erase Max, read the confirmation and give the reason
    staff.get_by_role("link", name="Erase… Max").click()
    staff.wait_for_load_state()
    assert staff.get_by_role("heading", name="Erase personal data").is_visible()
    axe_check(staff)
    staff.get_by_role("button", name="Erase personal data").click()  # no reason yet
    staff.wait_for_load_state()
    assert staff.get_by_text("Say which request this erasure answers.").is_visible()
    axe_check(staff)
    shot(staff, "privacy-erase-refused")
    staff.get_by_label("Reason").fill("Email of 3 March 2026 asking to be forgotten")
    staff.get_by_label("I understand this cannot be undone").check()
    shot(staff, "privacy-erase-confirm")
    staff.get_by_role("button", name="Erase personal data").click()
    staff.wait_for_load_state()
    # then the partner page shows the pseudonym and the erasure, and the ledger is unchanged
    assert staff.get_by_text(
        f"Personal data erased: the person is now “Erased person #{pk}”"
    ).is_visible()
    axe_check(staff)
    staff.get_by_role("heading", name="People").scroll_into_view_if_needed()
    shot(staff, "privacy-erased")
    person = Person.objects.get(pk=pk)
    assert (person.name, person.email) == (f"Erased person #{pk}", f"erased-{pk}@invalid")
    assert (Entry.objects.aggregate(s=Sum("points"))["s"], Entry.objects.count()) == before

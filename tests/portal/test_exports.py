"""Exports open right in Excel: a BOM on CSV, real dates and numbers in XLSX (issue 8, defect 6)."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from partnercenter.backoffice.services import adjustment_post
from partnercenter.submissions.services import submission_approve, submission_create
from tests.submissions.factories import World

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def data(world: World) -> World:
    """An approved case study and an adjustment whose reason has an en dash."""
    sub = submission_create(
        partner=world.a,
        person=world.a_member,
        activity="case_study",
        occurred_on=date(2025, 3, 3),
        description="Case study of Example AG",
        evidence_url="https://example.com/case",
    )
    submission_approve(submission=sub, staff_user=world.staff)
    adjustment_post(
        partner=world.a,
        staff_user=world.staff,
        points=7,
        reason="Bonus for 500–1500 seats",
        key="bonus-1",
    )
    return world


def _bytes(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("a_member", "/portal/ledger/?export=csv"),
        ("staff", "/backoffice/export/ledger/?partner=acme"),
        ("staff", "/backoffice/partners/?export=csv"),
    ],
)
def test_csv_starts_with_a_utf8_bom(client: Client, data: World, who: str, url: str) -> None:
    user = getattr(data, who)
    client.force_login(getattr(user, "user", user))

    body = _bytes(client.get(url))

    assert body.startswith(BOM)
    assert body.count(BOM) == 1
    if "ledger" in url:
        assert "500–1500".encode() in body


def test_csv_ledger_names_the_activity_beside_its_code(client: Client, data: World) -> None:
    client.force_login(data.a_member.user)  # type: ignore[arg-type]

    text = _bytes(client.get("/portal/ledger/?export=csv")).decode("utf-8-sig")

    header = text.splitlines()[0].split(",")
    assert header[4:6] == ["activity", "activity_name"]
    assert ",case_study,Case Study on https://7xWebsites.com," in text


def test_xlsx_ledger_has_real_dates_numbers_and_activity_names(client: Client, data: World) -> None:
    client.force_login(data.staff)

    book = load_workbook(io.BytesIO(client.get("/backoffice/export/ledger/?format=xlsx").content))

    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert isinstance(row["occurred_at"].value, datetime)
    assert row["occurred_at"].is_date
    assert "yy" in row["occurred_at"].number_format
    assert isinstance(row["recorded_at"].value, datetime)
    assert isinstance(row["points"].value, int)
    assert isinstance(row["revenue_usd"].value, int | float | Decimal)
    names = {sheet.cell(r, header.index("activity_name") + 1).value for r in (2, 3)}
    assert names == {"Case Study on https://7xWebsites.com", "Adjustment"}


def test_xlsx_partners_has_numbers_and_dates(client: Client, data: World) -> None:
    data.a.plan = "starter"
    data.a.plan_paid_until = date(2025, 12, 31)
    data.a.save()
    client.force_login(data.staff)

    book = load_workbook(io.BytesIO(client.get("/backoffice/partners/?export=xlsx").content))

    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    acme = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "acme")
    cell = {h: c for h, c in zip(header, acme, strict=True)}
    assert cell["plan_paid_until"].is_date
    assert cell["plan_paid_until"].value.date() == date(2025, 12, 31)
    assert isinstance(cell["points_in_window"].value, int)
    assert isinstance(cell["revenue_usd_in_window"].value, int | float)

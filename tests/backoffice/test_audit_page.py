"""The Audit page: newest first, filters, keyset pages, CSV with a BOM; staff only."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from django.test import Client

from partnercenter.audit.services import audit_record
from tests.submissions.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client, world: World) -> Client:
    client.force_login(world.staff)
    return client


@pytest.fixture
def trail(world: World) -> None:
    audit_record(actor=world.staff, action="ledger.adjust", target=world.a, details={"reason": "Duplicate webinar", "points": -300}, at=datetime(2026, 1, 5, 9, tzinfo=UTC))  # fmt: skip
    audit_record(actor=world.staff, action="submission.approve", target=("submission", 7, "bravo"), details={"points": 500}, at=datetime(2026, 2, 5, 9, tzinfo=UTC))  # fmt: skip
    audit_record(actor="command line (ops@host)", action="edition.load", target=("edition", "2027-01-01", "Exponential"), at=datetime(2026, 3, 5, 9, tzinfo=UTC))  # fmt: skip


def _rows(html: str) -> list[str]:
    return [a for a in ("ledger.adjust", "submission.approve", "edition.load") if f"<code>{a}</code>" in html]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", ["ledger.adjust", "submission.approve", "edition.load"]),
        ("?action=ledger.adjust", ["ledger.adjust"]),
        ("?actor=staff@7x", ["ledger.adjust", "submission.approve"]),
        ("?actor=command", ["edition.load"]),
        ("?target=acme", ["ledger.adjust"]),
        ("?target=partner:acme", ["ledger.adjust"]),
        ("?target=submission:7", ["submission.approve"]),
        ("?target=edition:2027-01-01", ["edition.load"]),
        ("?target=bravo", ["submission.approve"]),
        ("?since=2026-02-01&until=2026-02-28", ["submission.approve"]),
        ("?until=2026-01-05", ["ledger.adjust"]),
        ("?q=webinar", ["ledger.adjust"]),
    ],
)
def test_filters(staff: Client, trail: None, query: str, shown: list[str]) -> None:
    response = staff.get(f"/backoffice/audit/{query}")

    assert response.status_code == 200
    assert _rows(response.content.decode()) == shown


def test_newest_first(staff: Client, trail: None) -> None:
    html = staff.get("/backoffice/audit/").content.decode()

    assert html.index("edition.load</code>") < html.index("ledger.adjust</code>")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?since=2026-03-01&until=2026-01-01", "until"),
        ("?since=yesterday", "since"),
        ("?action=nope", "action"),
    ],  # fmt: skip
)
def test_bad_filters_are_refused_on_their_field(staff: Client, trail: None, query: str, field: str) -> None:  # fmt: skip
    response = staff.get(f"/backoffice/audit/{query}")

    assert response.status_code == 400
    assert response.context["form"].errors[field]


def test_pages_go_back_by_cursor(staff: Client, world: World, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from partnercenter.backoffice import views_audit

    monkeypatch.setattr(views_audit, "PAGE_SIZE", 2)
    same = datetime(2026, 1, 5, 9, tzinfo=UTC)  # rows of one instant are ordered by id
    for n in range(5):
        audit_record(actor=world.staff, action="ledger.adjust", target=world.a, details={"n": n}, at=same if n < 3 else None)  # fmt: skip

    seen: list[int] = []
    params = {"action": "ledger.adjust"}
    for _ in range(4):
        response = staff.get("/backoffice/audit/", params)
        seen += [e.details["n"] for e in response.context["rows"]]
        older = response.context["older"]
        if older is None:
            break
        assert f"before={quote(older)}" in response.content.decode()
        params["before"] = older

    assert seen == [4, 3, 2, 1, 0]


def test_csv_export_has_a_bom_and_the_filtered_rows(staff: Client, trail: None) -> None:
    response = staff.get("/backoffice/audit/?actor=staff@7x&export=csv")

    raw = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert raw.startswith("\ufeff".encode())
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["action"] for r in rows] == ["submission.approve", "ledger.adjust"]
    assert '"reason": "Duplicate webinar"' in rows[1]["details"]
    assert rows[1]["target_id"] == "acme"


def test_partners_and_anonymous_cannot_open_it(client: Client, world: World, trail: None) -> None:  # fmt: skip
    assert client.get("/backoffice/audit/").status_code == 302
    client.force_login(world.a_member.user)
    assert client.get("/backoffice/audit/?export=csv").status_code == 403

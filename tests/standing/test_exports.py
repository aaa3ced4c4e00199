"""The ledger CSV streams in constant memory; XLSX is refused above Excel's row limit.

Issue 14, "exports streamed in constant memory".
"""

from __future__ import annotations

import csv
import io
import tracemalloc
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from partnercenter.backoffice.services import adjustment_post
from partnercenter.ledger.models import Entry
from partnercenter.ledger.services import entry_reverse
from partnercenter.standing import exports
from partnercenter.standing.exports import csv_response, ledger_rows, xlsx_refusal
from partnercenter.standing.selectors import ledger_entries
from tests.submissions.factories import World


def _csv(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_a_partners_own_export_streams_its_entries_with_their_reversals(
    client: Client, world: World
) -> None:
    # given an adjustment of Acme, reversed, and one of Bravo
    adjustment_post(partner=world.a, staff_user=world.staff, points=40, reason="=Bonus", key="a")
    entry = Entry.objects.get(partner=world.a)
    reversal = entry_reverse(entry=entry, reason="Wrong").entry
    adjustment_post(partner=world.b, staff_user=world.staff, points=9, reason="Other", key="b")
    client.force_login(world.a_member.user)
    # when Max exports Acme's ledger
    response = client.get("/portal/ledger/?export=csv")
    # then the answer streams, and holds Acme's two entries only, the reversal linked both ways
    assert isinstance(response, StreamingHttpResponse)
    header, *rows = _csv(response)
    assert header == exports.LEDGER_HEADER
    by_id = {int(r[0]): dict(zip(header, r, strict=True)) for r in rows}
    assert set(by_id) == {entry.pk, reversal.pk}
    assert by_id[entry.pk]["reversed_by"] == str(reversal.pk)
    assert by_id[reversal.pk]["reverses"] == str(entry.pk)
    assert by_id[entry.pk]["points"] == "40" and by_id[reversal.pk]["points"] == "-40"
    assert by_id[entry.pk]["reason"].startswith("'=Bonus")  # formula-safe
    assert by_id[entry.pk]["partner"] == "acme"
    assert by_id[entry.pk]["activity_name"] == "Adjustment"


def _fill(world: World, n: int) -> None:
    """`n` entries of Acme, written straight to the table (the export only reads them)."""
    start = datetime(2025, 1, 1, 12, tzinfo=UTC)
    Entry.objects.bulk_create(
        Entry(
            partner=world.a,
            activity="forum_post",
            points=10,
            occurred_at=start + timedelta(minutes=k),
            recorded_at=start + timedelta(minutes=k),
            source="monitored",
            reason=f"Post {k} " + "x" * 80,
            idempotency_key=f"fill:{n}:{k}",
            edition_id="2025-01-01",
        )
        for k in range(n)
    )


def _peak_while_streaming() -> tuple[int, int]:
    """(rows read, peak bytes allocated) streaming the whole ledger as the staff export does."""
    response = csv_response("all.csv", ledger_rows(ledger_entries(None), {}))
    tracemalloc.start()
    try:
        rows = sum(1 for _ in response) - 2  # the BOM and the header
        return rows, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_entries(world: World) -> None:
    # given 3,000 entries, then 15,000
    _fill(world, 3000)
    small_rows, small_peak = _peak_while_streaming()
    _fill(world, 12000)
    big_rows, big_peak = _peak_while_streaming()
    # then five times the rows need about the same memory (a chunk, not the ledger)
    assert (small_rows, big_rows) == (3000, 15000)
    assert big_peak < 1.5 * small_peak, (small_peak, big_peak)


@pytest.mark.parametrize(
    ("rows", "refused"), [(0, False), (1_048_575, False), (1_048_576, True), (20_000_000, True)]
)
def test_xlsx_holds_excels_rows_at_most(rows: int, refused: bool) -> None:
    assert bool(xlsx_refusal(rows)) is refused


def test_a_too_large_xlsx_export_is_refused_with_the_count(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a sheet that holds 3 rows, and 3 entries (with the header, 4 rows)
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 3)
    for k in range(3):
        adjustment_post(partner=world.a, staff_user=world.staff, points=1, reason="r", key=f"{k}")
    client.force_login(world.staff)
    # when staff ask for it as XLSX
    response = client.get("/backoffice/export/ledger/?format=xlsx")
    # then the export page says why and offers CSV; the CSV of the same selection works
    assert response.status_code == 400
    page = response.content.decode()
    assert "XLSX holds at most 3 rows" in page and "this selection has 3 entries" in page
    assert len(_csv(client.get("/backoffice/export/ledger/?format=csv"))) == 4

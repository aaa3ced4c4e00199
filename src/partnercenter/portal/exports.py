"""CSV and XLSX exports, streamed so a large ledger never sits in memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse

from partnercenter.ledger.models import Entry

LEDGER_HEADER = [
    "entry",
    "partner",
    "occurred_at",
    "recorded_at",
    "activity",
    "source",
    "points",
    "revenue_usd",
    "person",
    "reason",
    "reverses",
    "reversed_by",
    "edition",
]


def _cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def ledger_rows(entries: QuerySet[Entry]) -> Iterator[Sequence[Any]]:
    yield LEDGER_HEADER
    for e in entries.iterator(chunk_size=2000):
        reversed_by = getattr(e, "reversed_by", None)
        yield [
            e.pk,
            e.partner.slug,
            e.occurred_at.isoformat(),
            e.recorded_at.isoformat(),
            e.activity,
            e.source,
            e.points,
            Decimal(e.revenue_cents).scaleb(-2),  # a number in XLSX, "12.50" in CSV
            _cell(e.person.name if e.person else ""),
            _cell(e.reason),
            e.reverses_id or "",
            reversed_by.pk if reversed_by else "",
            e.edition_id,
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([_cell(c) for c in row]) for row in rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename: str, title: str, rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """An XLSX workbook with one sheet (openpyxl's write-only mode keeps memory flat)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for row in rows:
        sheet.append([_cell(c) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""CSV and XLSX exports, streamed so a large ledger never sits in memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse

from partnercenter.ledger.models import Entry
from partnercenter.standing.tables import reversing_ids

LEDGER_HEADER = [
    "entry",
    "partner",
    "occurred_at",
    "recorded_at",
    "activity",
    "activity_name",
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


BOM = "\ufeff"
"""Excel reads a CSV as UTF-8 only when it starts with a byte-order mark ("500–1500" stays right)."""

XLSX_MAX_ROWS = 1_048_576
"""Excel's limit of rows on a sheet, the header row included."""


def xlsx_refusal(rows: int) -> str:
    """Why `rows` data rows cannot be an XLSX file (empty when they can)."""
    if rows + 1 <= XLSX_MAX_ROWS:
        return ""
    return (
        f"XLSX holds at most {XLSX_MAX_ROWS:,} rows ({XLSX_MAX_ROWS - 1:,} entries and the "
        f"header); this selection has {rows:,} entries. Export it as CSV (any size), or "
        "narrow it by partner or dates."
    )


DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
AMOUNT_FORMAT = "#,##0.00"


CHUNK = 2000
"""Entries read per round trip while exporting (a server-side cursor on PostgreSQL)."""

_LEDGER_FIELDS = (
    "id",
    "partner__slug",
    "occurred_at",
    "recorded_at",
    "activity",
    "source",
    "points",
    "revenue_cents",
    "person__name",
    "reason",
    "reverses_id",
    "edition_id",
)


def ledger_rows(
    entries: QuerySet[Entry], activity_names: Mapping[str, str] | None = None
) -> Iterator[Sequence[Any]]:
    """The header, then one row per entry: times as datetimes, amounts as Decimals.

    `activity_names` (code → name, from the edition) fills the column beside the code.
    Plain tuples in chunks of CHUNK (no model instances), and the reversing entries of
    each chunk in one query on the unique `reverses_id`: memory stays flat whatever
    the number of entries.
    """
    names = activity_names or {}
    yield LEDGER_HEADER
    rows = (
        entries.select_related(None)
        .prefetch_related(None)
        .values_list(*_LEDGER_FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    while chunk := list(islice(rows, CHUNK)):
        later = reversing_ids([r[0] for r in chunk])
        for (
            pk,
            slug,
            occurred,
            recorded,
            activity,
            source,
            points,
            cents,
            person,
            reason,
            reverses,
            edition,
        ) in chunk:
            yield [
                pk,
                slug,
                occurred,
                recorded,
                activity,
                names.get(activity, activity),
                source,
                points,
                Decimal(cents).scaleb(-2),
                _cell(person or ""),
                _cell(reason),
                reverses or "",
                later.get(pk, ""),
                edition,
            ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _text(value: Any) -> Any:
    """A CSV cell: times in ISO 8601 (UTC), amounts as "12.50", text made formula-safe."""
    if isinstance(value, date):
        return value.isoformat()
    return _cell(value)


def csv_response(filename: str, rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    """A streamed UTF-8 CSV that starts with a BOM, so Excel does not garble non-ASCII text."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield BOM
        for row in rows:
            yield writer.writerow([_text(c) for c in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _typed(sheet: Any, value: Any) -> Any:
    """An XLSX cell of the right type: a date or datetime with a number format, a number.

    Excel has no time zones: datetimes are written in UTC (the project's time) without one.
    """
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = AMOUNT_FORMAT
        return cell
    return _cell(value)


def xlsx_response(filename: str, title: str, rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """An XLSX workbook with one sheet (openpyxl's write-only mode keeps memory flat)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for row in rows:
        sheet.append([_typed(sheet, c) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

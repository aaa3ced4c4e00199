"""Reading an import file: UTF-8 CSV (with or without BOM), a header row, one record at a time.

The file is read as a stream, so a file of 100,000 rows never sits in memory; the header
is checked before the first row is handed out.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from typing import BinaryIO

from partnercenter.imports.errors import ImportFileError

MAX_FIELD = 10_000
"""The longest value a cell may hold (characters); longer is a broken file, not data."""


def _check_header(
    header: list[str], columns: tuple[str, ...], optional: frozenset[str]
) -> list[str]:
    names = [h.strip().lower() for h in header]
    if not any(names):
        raise ImportFileError("The first line must be the header row (the column names).", line=1)
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ImportFileError(f"Column {name!r} appears twice in the header.", line=1)
        seen.add(name)
    unknown = [n for n in names if n not in columns]
    if unknown:
        raise ImportFileError(
            f"Unknown column(s): {', '.join(unknown)}. The columns are: {', '.join(columns)}.",
            field=unknown[0],
            line=1,
        )
    missing = [c for c in columns if c not in seen and c not in optional]
    if missing:
        raise ImportFileError(
            f"Missing column(s): {', '.join(missing)}. The columns are: {', '.join(columns)}.",
            field=missing[0],
            line=1,
        )
    return names


def csv_records(
    stream: BinaryIO, *, columns: tuple[str, ...], optional: frozenset[str] = frozenset()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line, {column: value}) for each data row; values are stripped, absent columns "".

    Raises ImportFileError for a file that is empty, not UTF-8, not CSV or has a wrong header
    (before any row for header problems). A row with too many or too few cells is yielded
    with the key "" holding the reason, so the caller lists it with the other refused rows.
    """
    reader = csv.reader(_utf8_lines(stream), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise ImportFileError("The file is empty: a header row and at least one row needed.")
        names = _check_header(header, columns, optional)
        blank = dict.fromkeys(columns, "")
        for cells in reader:
            line = reader.line_num
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # an empty line
            if any(len(cell) > MAX_FIELD for cell in cells):
                yield line, {"": f"A value is longer than {MAX_FIELD:,} characters."}
                continue
            if len(cells) != len(names):
                yield (
                    line,
                    {"": f"Expected {len(names)} values (the header's), found {len(cells)}."},
                )
                continue
            record = dict(blank)
            record.update(zip(names, (c.strip() for c in cells), strict=True))
            yield line, record
    except csv.Error as error:
        raise ImportFileError(f"Not a readable CSV file ({error}).", line=reader.line_num) from None


def _utf8_lines(stream: BinaryIO) -> Iterator[str]:
    """The file's lines as text, decoded one by one so a bad byte is reported on its line.

    Lines end with LF, CRLF or a lone CR (old Mac exports). UTF-8 never uses these bytes
    inside a character, so splitting before decoding is safe.
    """
    number = 0
    for chunk in stream:
        for raw in chunk.splitlines(keepends=True):
            number += 1
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ImportFileError(
                    "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.",
                    line=number,
                ) from None

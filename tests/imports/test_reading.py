"""Reading import files: UTF-8 with or without BOM, a header row, line numbers that match an editor's."""

from __future__ import annotations

import io

import pytest

from partnercenter.imports.errors import ImportFileError
from partnercenter.imports.reading import csv_records

COLUMNS = ("slug", "name", "note")
OPTIONAL = frozenset({"note"})


def read(data: bytes) -> list[tuple[int, dict[str, str]]]:
    return list(csv_records(io.BytesIO(data), columns=COLUMNS, optional=OPTIONAL))


def test_bom_crlf_quotes_blank_lines_and_header_case() -> None:
    data = '\ufeff Slug ,NAME\r\nacme,"Acme, Inc."\r\n\r\nbravo,"Two\r\nlines"\r\ncharlie,Ç\r\n'

    rows = read(data.encode())

    assert rows == [
        (2, {"slug": "acme", "name": "Acme, Inc.", "note": ""}),
        (5, {"slug": "bravo", "name": "Two\r\nlines", "note": ""}),
        (6, {"slug": "charlie", "name": "Ç", "note": ""}),
    ]


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", None, "empty"),
        (b"slug,name,color\nacme,Acme,red\n", 1, "Unknown column(s): color"),
        (b"slug\nacme\n", 1, "Missing column(s): name"),
        (b"slug,name,slug\n", 1, "appears twice"),
        (b",\n", 1, "header row"),
        (b"slug,name\nacme,Acme\nb\xe9ta,B\xe9ta\n", 3, "not UTF-8"),
        ("slug,name\n\ufeffacme,Café\n".encode("utf-16"), 1, "not UTF-8"),
    ],
    ids=["empty", "extra column", "missing column", "twice", "no header", "latin-1", "utf-16"],
)
def test_a_file_that_cannot_be_read_names_why(data: bytes, line: int | None, words: str) -> None:
    with pytest.raises(ImportFileError) as refused:
        read(data)

    assert words in refused.value.message
    if line is not None:
        assert refused.value.line == line


def test_old_mac_line_endings() -> None:
    assert read(b'slug,name\racme,Acme\rbravo,"B\rB"\r') == [
        (2, {"slug": "acme", "name": "Acme", "note": ""}),
        (4, {"slug": "bravo", "name": "B\rB", "note": ""}),
    ]


def test_a_broken_quote_is_not_csv() -> None:
    with pytest.raises(ImportFileError) as refused:
        read(b'slug,name\nacme,"Acme" Inc\n')

    assert refused.value.message.startswith("Not a readable CSV file")
    assert refused.value.line == 2


def test_a_row_with_the_wrong_number_of_cells_is_reported_with_its_line() -> None:
    rows = read(b"slug,name\nacme,Acme,extra\nbravo,Bravo\n")

    assert rows[0] == (2, {"": "Expected 2 values (the header's), found 3."})
    assert rows[1][0] == 3


def test_the_stream_is_read_lazily_and_left_open() -> None:
    stream = io.BytesIO(b"slug,name\n" + b"p,P\n" * 100_000)
    records = csv_records(stream, columns=COLUMNS, optional=OPTIONAL)

    assert next(records) == (2, {"slug": "p", "name": "P", "note": ""})
    assert stream.tell() < 100_000  # one buffer read, not the whole file
    assert sum(1 for _ in records) == 99_999
    assert not stream.closed

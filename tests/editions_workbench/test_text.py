"""Exact edits to `[program]`: the id and date change, every other byte stays."""

from __future__ import annotations

from datetime import date

import pytest

from partnercenter.editions_workbench.text import program_value_set, retarget

TEXT = """# top
[program]
id = "exponential"
edition = "2027-01-01"
effective_from = 2027-01-01   # the day it starts

[window]
effective_from = 1999-01-01
"""


def test_sets_the_date_in_the_program_table_only() -> None:
    out = program_value_set(TEXT, "effective_from", "2026-12-01")
    assert out == TEXT.replace("2027-01-01   #", "2026-12-01   #")
    assert "effective_from = 1999-01-01" in out


def test_keeps_crlf_line_endings() -> None:
    out = program_value_set(TEXT.replace("\n", "\r\n"), "effective_from", "2026-12-01")
    assert out is not None and "effective_from = 2026-12-01   # the day it starts\r\n" in out


@pytest.mark.parametrize(
    "text",
    ["[window]\neffective_from = 2027-01-01\n", '[program]\nid = "x"\n', ""],
)
def test_none_when_the_program_table_has_no_such_line(text: str) -> None:
    assert program_value_set(text, "effective_from", "2026-12-01") is None


@pytest.mark.parametrize(
    ("edition_id", "expected_id"),
    [("2027-01-01", '"2026-12-01"'), ("winter-edition", '"winter-edition"')],
)
def test_retarget_moves_an_id_that_is_the_date(edition_id: str, expected_id: str) -> None:
    text = TEXT.replace('"2027-01-01"', f'"{edition_id}"')
    out = retarget(text, edition_id=edition_id, old=date(2027, 1, 1), new=date(2026, 12, 1))
    assert out is not None
    assert f"edition = {expected_id}" in out
    assert "effective_from = 2026-12-01" in out

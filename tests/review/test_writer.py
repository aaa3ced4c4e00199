"""The review's COPY text (PostgreSQL): one line a decision, text escaped as COPY reads it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from partnercenter.review.writer import DECISION_COLUMNS, copy_text

NOW = datetime(2026, 1, 1, 3, 4, 5, tzinfo=UTC)


def _row(**changes: object) -> tuple[object, ...]:
    row = {
        "partner_id": 7, "as_of": date(2026, 1, 1), "edition_id": "2025-01-01",
        "facts": '{"points": 5}', "level": "gold", "previous_level": "", "direction": "up",
        "changed": True, "next_level": "", "shape_id": 3,
        "logo_deadline": None, "run_id": None,
    }  # fmt: skip
    row.update(changes)
    return tuple(row.values())


def test_a_decision_is_one_line_of_thirteen_fields() -> None:
    line = copy_text([_row()], NOW)
    assert line == (
        '7\t2026-01-01\t2025-01-01\t{"points": 5}\tgold\t\tup\tt\t\t3\t\\N\t\\N\t'
        "2026-01-01T03:04:05+00:00\n"
    )
    assert len(line.rstrip("\n").split("\t")) == len(DECISION_COLUMNS)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("plain", "plain"),
        ("tab\there", "tab\\there"),
        ("line\nbreak", "line\\nbreak"),
        ("carriage\rreturn", "carriage\\rreturn"),
        ("back\\slash", "back\\\\slash"),
        ("Zürich ✓", "Zürich ✓"),
    ],
)
def test_text_fields_are_escaped_for_copy(text: str, written: str) -> None:
    line = copy_text([_row(next_level=text, logo_deadline=date(2026, 3, 1), run_id=3)], NOW)
    fields = line.rstrip("\n").split("\t")
    assert fields[8] == written and fields[10:12] == ["2026-03-01", "3"]

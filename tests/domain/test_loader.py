"""The loader accepts the shipped edition and names every mistake of a broken copy by field path."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from partnercenter.domain.loader import ProgramFileError, load_edition, parse_edition
from partnercenter.domain.program import Edition, Per, Tracking, Unit
from tests.domain.broken import broken_copy, problems_of
from tests.domain.shipped import EDITION_PATH

# --------------------------------------------------------------- the shipped edition


def test_shipped_edition_loads(edition: Edition) -> None:
    assert edition.program_id == "exponential"
    assert edition.edition_id == "2025-01-01"
    assert edition.effective_from == date(2025, 1, 1)
    assert edition.currency == "USD"
    assert [lv.code for lv in edition.levels] == [
        "student",
        "starter",
        "basic",
        "professional",
        "silver",
        "gold",
        "platinum",
    ]
    assert [lv.rank for lv in edition.levels] == list(range(7))
    assert len(edition.activities) == 21
    assert len(edition.plans) == 8
    assert len(edition.benefits) == 11
    assert [p.code for p in edition.profiles] == ["it", "creative", "hosting", "distribution"]


def test_shipped_edition_typed_fields(edition: Edition) -> None:
    premium = edition.activity("premium_project")
    assert premium.minimum is True
    assert premium.tracking is Tracking.REPORTED
    assert premium.per is Per.PARTNER
    assert premium.unit is Unit.EACH
    assert edition.activity("revenue").unit is Unit.USD
    assert edition.activity("event_participation").per is Per.PERSON
    annual = edition.activity("annual_participation")
    assert annual.cap is not None
    assert (annual.cap.per_period, annual.cap.period, annual.cap.max_total) == (1, "year", 3)
    assert edition.plan("now").response_hours is None
    assert edition.plan("starter").response_hours == 36
    assert edition.level("silver").certified is True
    assert edition.level("student").requirement("student_enrolment") is not None


def test_parse_and_load_agree(edition_text: str, edition: Edition) -> None:
    assert parse_edition(edition_text, "x.toml") == edition


def test_load_copy_from_tmp_path(tmp_path: Path, edition_text: str, edition: Edition) -> None:
    path = tmp_path / "copy.toml"
    path.write_text(edition_text, encoding="utf-8")
    assert load_edition(path) == edition


# --------------------------------------------------------------- broken copies


def test_invalid_toml_syntax(edition_text: str) -> None:
    error = problems_of(broken_copy(edition_text, "day_of_month = 1\n", "day_of_month = \n"))

    assert [p.path for p in error.problems] == ["(file)"]
    assert "is not valid TOML" in error.problems[0].message
    assert "line 20" in error.problems[0].message
    assert "Traceback" not in str(error)


def test_every_problem_of_a_file_is_listed(edition_text: str) -> None:
    text = broken_copy(edition_text, "points = 50000\n", "points = 15000\n")
    text = broken_copy(
        text, 'unit = "usd"\ntracking = "monitored"\n', 'unit = "usd"\ntracking = "x"\n'
    )
    text = broken_copy(text, "starter = 5\n", "bronze = 5\n")

    error = problems_of(text)

    assert {p.path for p in error.problems} == {
        "levels[5].requirements.points",
        "activities[0].tracking",
        "lead_priority.bronze",
    }
    assert len(error.describe().splitlines()) == 3


def test_wrong_type_is_reported_once(edition_text: str) -> None:
    error = problems_of(broken_copy(edition_text, 'code = "press_release"\n', "code = 7\n"))

    assert [(p.path, p.message) for p in error.problems] == [
        ("activities[15].code", "must be a string, not an integer (7)")
    ]


def test_duplicate_level_code(edition_text: str) -> None:
    error = problems_of(
        broken_copy(
            edition_text, 'code = "basic"\nname = "Basic"\n', 'code = "starter"\nname = "Basic"\n'
        )
    )
    # Also reported: "basic" is now unknown wherever it is named (benefits, discounts, ...).
    assert error.problems[0].path == "levels[2].code"
    assert error.problems[0].message == "duplicate level code 'starter' (also at levels[1])"


def test_empty_cap_is_rejected(edition_text: str) -> None:
    error = problems_of(broken_copy(edition_text, 'per_period = 1\nperiod = "month"\n', ""))
    assert [(p.path, p.message) for p in error.problems] == [
        ("activities[8].cap", "must set per_period and period, or max_total")
    ]


def test_hook_naming_an_unknown_activity_is_quoted_like_toml(edition_text: str) -> None:
    error = problems_of(
        broken_copy(edition_text, '"issues.opened" = "bug_report"', '"issues.opened" = "bug"')
    )
    assert [(p.path, p.message) for p in error.problems] == [
        ('hooks.github."issues.opened"', "names an unknown activity 'bug'")
    ]


def test_hook_from_an_unknown_source(edition_text: str) -> None:
    error = problems_of(edition_text + '\n[hooks.twitter]\n"tweet" = "article"\n')
    assert [p.path for p in error.problems] == ["hooks.twitter"]
    assert "is not a known source" in error.problems[0].message


def test_load_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(ProgramFileError) as info:
        load_edition(path)
    assert str(info.value).startswith(f"{path}: (file): cannot be read")


def test_load_directory(tmp_path: Path) -> None:
    with pytest.raises(ProgramFileError) as info:
        load_edition(tmp_path)
    assert "(file): cannot be read" in str(info.value)


def test_load_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(EDITION_PATH.read_bytes().replace("–".encode(), b"\xe9"))
    with pytest.raises(ProgramFileError) as info:
        load_edition(path)
    assert str(info.value) == f"{path}: (file): is not UTF-8 text"


def test_level_without_requirements_table_is_rejected(edition_text: str) -> None:
    error = problems_of(
        broken_copy(edition_text, "[levels.requirements]\nstudent_enrolment = true\n", "")
    )
    assert [p.path for p in error.problems] == ["levels[0].requirements"]


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        (
            "renewal_reminder_days = [60, 30, 7]",
            "renewal_reminder_days = [60, 0]",
            "membership.renewal_reminder_days[1]",
        ),
        (
            "renewal_reminder_days = [60, 30, 7]",
            'renewal_reminder_days = [60, "30"]',
            "membership.renewal_reminder_days[1]",
        ),
        ("invoice_due_days = 14", "invoice_due_days = -1", "billing.invoice_due_days"),
        ('plan_change = "next_period"', 'plan_change = "now"', "billing.plan_change"),
        ("logo_reminder_days = [14, 3]", "logo_reminder_days = 14", "grace.logo_reminder_days"),
    ],
)
def test_membership_and_billing_terms_are_checked(old: str, new: str, path: str) -> None:
    text = EDITION_PATH.read_text()
    assert old in text
    with pytest.raises(ProgramFileError) as caught:
        parse_edition(text.replace(old, new), "broken.toml")
    assert [p.path for p in caught.value.problems] == [path]


def test_membership_and_billing_terms_are_read() -> None:
    edition = parse_edition(EDITION_PATH.read_text())
    assert edition.membership.grace_days == 30
    assert edition.membership.renewal_reminder_days == (60, 30, 7)
    assert edition.membership.terminated_access_months == 12
    assert edition.billing.invoice_due_days == 14
    assert edition.billing.payment_grace_days == 30
    assert edition.logo_reminder_days == (14, 3)

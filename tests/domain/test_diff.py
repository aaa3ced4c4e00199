"""What changed between two editions, in words."""

from __future__ import annotations

import pytest

from partnercenter.domain.diff import diff_editions
from partnercenter.domain.loader import parse_edition
from partnercenter.domain.program import Edition


def _changed(text: str, *replacements: tuple[str, str]) -> Edition:
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return parse_edition(text, "new.toml")


def test_identical_editions_have_no_differences(edition: Edition, edition_text: str) -> None:
    assert diff_editions(edition, edition) == []
    assert diff_editions(edition, parse_edition(edition_text, "copy.toml")) == []


def test_changed_threshold(edition: Edition, edition_text: str) -> None:
    new = _changed(edition_text, ("points = 50000\n", "points = 40000\n"))
    assert diff_editions(edition, new) == ["Level Gold: points in the window 50,000 → 40,000"]


def test_changed_revenue_threshold_in_usd(edition: Edition, edition_text: str) -> None:
    new = _changed(edition_text, ("revenue_cents = 1500000\n", "revenue_cents = 2000050\n"))
    assert diff_editions(edition, new) == [
        "Level Gold: revenue in the window USD 15,000 → USD 20,000.50"
    ]


def test_new_and_dropped_requirement(edition: Edition, edition_text: str) -> None:
    new = _changed(
        edition_text,
        (
            "[levels.requirements]\npoints = 5000\n",
            "[levels.requirements]\npoints = 5000\nsales_certifications = 1\n",
        ),
        ("revenue_cents = 6000000\n", ""),
    )
    assert diff_editions(edition, new) == [
        "Level Professional: now requires sales certifications 1",
        "Level Platinum: no longer requires revenue in the window (was USD 60,000)",
    ]


def test_added_activity(edition: Edition, edition_text: str) -> None:
    new = parse_edition(
        edition_text + '\n[[activities]]\ncode = "webinar"\nname = "Webinar"\npoints = 750\n'
        'tracking = "reported"\n',
        "new.toml",
    )
    assert diff_editions(edition, new) == ["Activities: added Webinar (webinar)"]


def test_removed_and_changed_activity(edition: Edition, edition_text: str) -> None:
    new = _changed(
        edition_text,
        (
            '[[activities]]\ncode = "conference_presentation"\nname = "Conference Presentation"\n'
            'points = 500\ntracking = "reported"\n',
            "",
        ),
        ("points = 50\n", "points = 75\n"),
    )
    assert diff_editions(edition, new) == [
        "Activities: removed Conference Presentation (conference_presentation)",
        "Activity Bug Report: points 50 → 75",
    ]


def test_changed_plan_column(edition: Edition, edition_text: str) -> None:
    new = _changed(edition_text, ("tickets = 10\n", "tickets = 12\n"))
    assert diff_editions(edition, new) == ["Plan Gold Partner Plan: tickets 10 → 12"]


def test_changed_plan_response(edition: Edition, edition_text: str) -> None:
    new = _changed(edition_text, ("response_hours = 4\n", "response_hours = 6\n"))
    assert diff_editions(edition, new) == ["Plan Gold Partner Plan: response hours 4 → 6"]


def test_changed_benefit_cell(edition: Edition, edition_text: str) -> None:
    new = _changed(
        edition_text,
        (
            'name = "Monthly briefing"\nlevels = ["professional",',
            'name = "Monthly briefing"\nlevels = ["basic", "professional",',
        ),
    )
    assert diff_editions(edition, new) == ["Benefit Monthly briefing: now for basic"]


def test_benefit_taken_away(edition: Edition, edition_text: str) -> None:
    new = _changed(
        edition_text,
        (
            'name = "Co-marketing investment from 7x"\nlevels = ["gold", "platinum"]',
            'name = "Co-marketing investment from 7x"\nlevels = ["platinum"]',
        ),
    )
    assert diff_editions(edition, new) == [
        "Benefit Co-marketing investment from 7x: no longer for gold"
    ]


def test_changed_discount(edition: Edition, edition_text: str) -> None:
    new = _changed(edition_text, ("gold = 15, platinum = 20 }", "gold = 17, platinum = 20 }"))
    assert diff_editions(edition, new) == ["Discount Services from 7x (percent) for gold: 15 → 17"]


def test_changed_lead_priority_and_referral(edition: Edition, edition_text: str) -> None:
    new = _changed(
        edition_text, ("silver = 3\n", "silver = 2\n"), ("hot_percent = 20", "hot_percent = 25")
    )
    assert diff_editions(edition, new) == [
        "Program: referral hot percent 20 → 25",
        "Lead priority for silver: 3 → 2",
    ]


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("months = 12\n\n[review]", "months = 6\n\n[review]", "Program: window months 12 → 6"),
        ("logo_days = 30", "logo_days = 45", "Program: logo grace days 30 → 45"),
        (
            "points_path_points = 5000",
            "points_path_points = 6000",
            "Membership: points path points 5,000 → 6,000",
        ),
    ],
)
def test_program_terms(edition: Edition, edition_text: str, old: str, new: str, line: str) -> None:
    assert diff_editions(edition, _changed(edition_text, (old, new))) == [line]


def test_edition_id_alone_is_not_a_rule_change(edition: Edition, edition_text: str) -> None:
    new = _changed(edition_text, ('edition = "2025-01-01"', 'edition = "2025-07-01"'))
    assert diff_editions(edition, new) == []


def test_changed_lead_rules_are_named(edition: Edition, edition_text: str) -> None:
    new = _changed(edition_text, ("answer_hours = 48", "answer_hours = 24"))
    assert diff_editions(edition, new) == ["Leads: answer hours 48 → 24"]


def test_changed_directory_rules(edition: Edition, edition_text: str) -> None:
    new = _changed(edition_text, ("list_registered = false", "list_registered = true"))
    assert diff_editions(edition, new) == ["Directory: list registered no → yes"]


def test_changed_referral_rules_are_named(edition: Edition) -> None:
    import dataclasses

    from partnercenter.domain.diff import diff_editions

    changed = dataclasses.replace(
        edition,
        referrals=dataclasses.replace(
            edition.referrals, expiry_days=60, hot_criteria={"budget": "Budget confirmed"}
        ),
    )
    lines = diff_editions(edition, changed)
    assert "Referrals: expiry days 90 → 60" in lines
    assert "Referrals: hot criterion joint_call Joint call with 7x held → none" in lines


def test_entitlements_changes_are_named(edition: Edition, edition_text: str) -> None:
    from partnercenter.domain.loader import parse_edition

    changed = parse_edition(
        edition_text.replace("meeting_cancel_hours = 24", "meeting_cancel_hours = 48")
    )
    assert diff_editions(edition, changed) == ["Entitlements: meeting cancel hours 24 → 48"]


def test_a_benefit_that_becomes_a_service_is_named(edition: Edition, edition_text: str) -> None:
    new = _changed(
        edition_text,
        (
            'name = "Exponential Partner logo"\nlevels = ["professional", "silver", "gold", "platinum"]',
            'name = "Exponential Partner logo"\nlevels = ["professional", "silver", "gold", "platinum"]'
            "\nservice = true",
        ),
    )
    assert diff_editions(edition, new) == ["Benefit Exponential Partner logo: service no → yes"]

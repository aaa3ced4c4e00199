"""A draft's report: problems by field path, the diff in words, the what-if; the editions list."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User

from partnercenter.editions_workbench.selectors import (
    draft_contract_preview,
    draft_report,
    editions_listing,
    proposed_date,
)
from partnercenter.editions_workbench.services import draft_create, draft_publish
from tests.editions_workbench.conftest import fixed, give_points, sample_text

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)


@pytest.fixture
def staff(edition: Any) -> User:
    return User.objects.create_user("pm@7x.example", "pm@7x.example", "x", is_staff=True)


def draft_of(staff: User, text: str) -> Any:
    return draft_create(
        source=text, contract_template=None, filename="next.toml", actor=staff, today=TODAY
    )


def test_the_sample_names_each_mistake_by_field_path(staff: User) -> None:
    report = draft_report(draft_of(staff, sample_text()), TODAY)
    paths = [p.path for p in report.check.problems]
    assert paths == [
        "levels[4].requirements.points",
        "levels[4].requirements.points",
        "activities[1].tracking",
        "referral_fees.hot_percnt",
    ]
    assert report.problem_count == 4 and report.simulation is None and not report.diff


def test_fixed_sample_shows_the_diff_and_who_would_move(staff: User, make_partner: Any) -> None:
    # given a partner with 4,600 points (Basic today, Professional at 4,500) and one with 2,000
    climber = make_partner("climber", name="Climber")
    give_points(climber, 4600)
    give_points(make_partner("quiet", name="Quiet"), 2000)
    report = draft_report(draft_of(staff, fixed(sample_text())), TODAY)
    assert report.problem_count == 0 and report.base is not None
    assert report.base.edition_id == "2025-01-01"
    assert "Level Professional: points in the window 5,000 → 4,500" in report.diff
    assert report.publish_problems == []  # 2027-01-01 is free and after today
    s = report.simulation
    assert s is not None and s.as_of == date(2027, 1, 1)
    assert (s.total, s.up, s.down) == (2, 1, 0)
    [move] = report.moves
    assert (move.slug, move.before, move.after, move.direction) == (
        "climber",
        "Basic",
        "Professional",
        "up",
    )


def test_publish_problems_are_shown_before_publishing(staff: User) -> None:
    text = fixed(sample_text()).replace(
        "effective_from = 2027-01-01", "effective_from = 2025-01-01"
    )
    report = draft_report(draft_of(staff, text), TODAY)
    messages = [f"{p.path} {p.message}" for p in report.publish_problems]
    assert any("after today" in m for m in messages)
    assert any("'2025-01-01' already takes effect" in m for m in messages)


def test_editions_list_states(staff: User) -> None:
    draft = draft_of(staff, fixed(sample_text()))
    draft_publish(draft_id=draft.pk, effective_from=date(2026, 12, 1), actor=staff, today=TODAY)
    rows = editions_listing(TODAY)
    assert [(r.edition_id, r.state, r.draft_id) for r in rows] == [
        ("2026-12-01", "scheduled", draft.pk),
        ("2025-01-01", "in force", None),
    ]
    assert [r.state for r in editions_listing(date(2026, 12, 1))] == ["in force", "past"]


def test_contract_preview_is_a_pdf_only_without_problems(staff: User) -> None:
    assert draft_contract_preview(draft_of(staff, sample_text()), TODAY) is None
    pdf = draft_contract_preview(draft_of(staff, fixed(sample_text())), TODAY)
    assert pdf is not None and pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("today", "proposed"),
    [
        (date(2026, 11, 26), date(2026, 12, 1)),
        (date(2026, 12, 31), date(2027, 1, 1)),
        (date(2027, 1, 1), date(2027, 2, 1)),
        (date(2027, 1, 31), date(2027, 2, 1)),
    ],
)
def test_proposed_date_is_the_first_of_next_month(today: date, proposed: date) -> None:
    assert proposed_date(today) == proposed

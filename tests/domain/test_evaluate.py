"""The tier engine at every threshold of the document, and the words of its decisions."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import pytest

from partnercenter.domain.evaluate import TierDecision, evaluate
from partnercenter.domain.program import Edition, Requirement
from partnercenter.domain.requirements import Facts

# The document's table, written out here so the test checks the numbers, not just the engine:
# (level, points, revenue cents, profile certifications, sales certifications, level below)
THRESHOLDS = [
    ("starter", 3_000, 0, 0, 0, None),
    ("basic", 4_000, 0, 0, 0, "starter"),
    ("professional", 5_000, 0, 0, 0, "basic"),
    ("silver", 20_000, 0, 1, 1, "professional"),
    ("gold", 50_000, 1_500_000, 2, 2, "silver"),
    ("platinum", 200_000, 6_000_000, 3, 3, "gold"),
]
FIELDS = ("points", "revenue_cents", "profile_certifications", "sales_certifications")


def _exactly(level: str) -> Facts:
    """Facts that meet every requirement of `level` exactly, and no more."""
    row = next(r for r in THRESHOLDS if r[0] == level)
    return Facts(**dict(zip(FIELDS, row[1:5], strict=True)))


def _by_the_table(facts: Facts) -> str | None:
    """The document's answer: the last row of the table whose every amount the facts reach."""
    have = [getattr(facts, f) for f in FIELDS]
    reached = [
        row[0] for row in THRESHOLDS if all(h >= n for h, n in zip(have, row[1:5], strict=True))
    ]
    return reached[-1] if reached else None


def _boundary_cases() -> Iterator[Any]:
    for level, *amounts, below in THRESHOLDS:
        for field, needed in zip(FIELDS, amounts, strict=True):
            if needed == 0:
                continue
            yield pytest.param(level, field, needed, level, id=f"{level}-{field}-at")
            yield pytest.param(level, field, needed - 1, below, id=f"{level}-{field}-one-below")
            if needed > 1:
                without = _by_the_table(dataclasses.replace(_exactly(level), **{field: 0}))
                yield pytest.param(level, field, 0, without, id=f"{level}-{field}-without")


@pytest.mark.parametrize(("level", "field", "value", "expected"), list(_boundary_cases()))
def test_boundary(
    edition: Edition, level: str, field: str, value: int, expected: str | None
) -> None:
    facts = dataclasses.replace(_exactly(level), **{field: value})

    decision = evaluate(facts, edition)

    assert decision.level == expected
    assert expected == _by_the_table(facts)
    check = next(c for c in decision.level_check(level).checks if c.kind == field)
    assert check.has == value
    assert check.met is (expected == level)


@pytest.mark.parametrize("level", [row[0] for row in THRESHOLDS])
def test_student_flag_does_not_change_a_tier(edition: Edition, level: str) -> None:
    facts = dataclasses.replace(_exactly(level), student=True)
    assert evaluate(facts, edition).level == level


@pytest.mark.parametrize(
    ("level", "next_level"),
    [(row[0], nxt[0]) for row, nxt in zip(THRESHOLDS, THRESHOLDS[1:], strict=False)]
    + [("platinum", None)],
)
def test_next_level_at_each_threshold(edition: Edition, level: str, next_level: str | None) -> None:
    decision = evaluate(_exactly(level), edition)
    assert decision.next_level == next_level


@pytest.mark.parametrize("level", [row[0] for row in THRESHOLDS[1:]])
def test_one_below_names_the_level_as_next(edition: Edition, level: str) -> None:
    facts = dataclasses.replace(_exactly(level), points=_exactly(level).points - 1)
    decision = evaluate(facts, edition)
    assert decision.next_level == level
    assert [(c.kind, c.needed, c.has) for c in decision.missing] == [
        ("points", facts.points + 1, facts.points)
    ]


def test_no_facts_no_level(edition: Edition) -> None:
    decision = evaluate(Facts(), edition)
    assert decision.level is None
    assert decision.next_level == "starter"
    assert decision.membership is None
    assert decision.missing_sentence(edition) == "3,000 more points for Starter"


# ------------------------------------------------------------------ student


def test_student_enrolment(edition: Edition) -> None:
    decision = evaluate(Facts(student=True), edition)
    assert decision.level == "student"
    assert decision.next_level == "starter"
    assert decision.level_check("student").qualifies


def test_student_with_points_below_starter(edition: Edition) -> None:
    decision = evaluate(Facts(student=True, points=2_999), edition)
    assert decision.level == "student"
    assert decision.missing_sentence(edition) == "1 more point for Starter"


def test_student_with_starter_points_is_starter(edition: Edition) -> None:
    assert evaluate(Facts(student=True, points=3_000), edition).level == "starter"


def test_student_is_not_next_for_a_non_student(edition: Edition) -> None:
    decision = evaluate(Facts(points=10), edition)
    assert decision.level is None
    assert decision.next_level == "starter"  # the student level is not attainable by activity
    assert not decision.level_check("student").attainable


# ------------------------------------------------------------- membership


def test_points_path_makes_professional(edition: Edition) -> None:
    decision = evaluate(Facts(points=5_000), edition)
    assert decision.level == "professional"
    assert decision.membership == "points_path"


def test_one_point_short_of_the_points_path(edition: Edition) -> None:
    decision = evaluate(Facts(points=4_999), edition)
    assert decision.level == "basic"
    assert decision.membership is None


def test_paid_plan_membership(edition: Edition) -> None:
    decision = evaluate(Facts(points=100, paid_plan=True), edition)
    assert decision.membership == "paid_plan"
    assert decision.level is None  # the fee is a way in, not a level


def test_paid_plan_wins_over_points_path(edition: Edition) -> None:
    assert evaluate(Facts(points=6_000, paid_plan=True), edition).membership == "paid_plan"


def test_points_path_is_a_floor(edition: Edition) -> None:
    """If an edition made Professional harder, 5,000 points still make a partner Professional."""
    harder = tuple(
        dataclasses.replace(
            lv, requirements=(Requirement("points", 8_000), Requirement("sales_certifications", 1))
        )
        if lv.code == "professional"
        else lv
        for lv in edition.levels
    )
    changed = dataclasses.replace(edition, levels=harder)

    decision = evaluate(Facts(points=5_000), changed)

    assert decision.level == "professional"
    assert decision.membership == "points_path"
    assert not decision.level_check("professional").qualifies
    assert decision.next_level == "silver"


# ------------------------------------------------------- what is missing


def test_missing_for_silver(edition: Edition) -> None:
    decision = evaluate(Facts(points=12_600, profile_certifications=1), edition)

    assert decision.level == "professional"
    assert decision.next_level == "silver"
    assert [(c.kind, c.needed, c.has, c.met) for c in decision.missing] == [
        ("points", 20_000, 12_600, False),
        ("sales_certifications", 1, 0, False),
    ]
    assert (
        decision.missing_sentence(edition)
        == "7,400 more points and 1 sales certification for Silver"
    )


def test_missing_sentence_lists_three_with_commas(edition: Edition) -> None:
    decision = evaluate(Facts(points=10_000), edition)
    assert decision.missing_sentence(edition) == (
        "10,000 more points, 1 profile certification and 1 sales certification for Silver"
    )


def test_missing_sentence_plural_and_revenue(edition: Edition) -> None:
    facts = Facts(points=60_000, revenue_cents=1_499_950, profile_certifications=1)
    decision = evaluate(facts, edition)
    assert decision.level == "professional"  # Silver needs a sales certification too
    assert decision.next_level == "silver"
    facts = Facts(
        points=60_000, revenue_cents=1_499_950, profile_certifications=1, sales_certifications=1
    )
    decision = evaluate(facts, edition)
    assert decision.level == "silver"
    assert decision.missing_sentence(edition) == (
        "USD 0.50 more revenue, 1 profile certification and 1 sales certification for Gold"
    )


def test_missing_sentence_revenue_whole_dollars(edition: Edition) -> None:
    facts = Facts(points=50_000, profile_certifications=2, sales_certifications=2)
    decision = evaluate(facts, edition)
    assert decision.missing_sentence(edition) == "USD 15,000 more revenue for Gold"


def test_missing_sentence_at_the_top(edition: Edition) -> None:
    decision = evaluate(_exactly("platinum"), edition)
    assert decision.level == "platinum"
    assert decision.next_level is None
    assert decision.missing == ()
    assert decision.missing_sentence(edition) == "Top level reached."


def test_every_level_and_requirement_is_explained(edition: Edition) -> None:
    decision = evaluate(Facts(points=12_600, profile_certifications=1), edition)
    assert [lc.level for lc in decision.levels] == [lv.code for lv in edition.levels]
    for lc, level in zip(decision.levels, edition.levels, strict=True):
        assert [(c.kind, c.needed) for c in lc.checks] == [
            (r.kind, r.needed) for r in level.requirements
        ]
    assert [lc.qualifies for lc in decision.levels] == [False, True, True, True] + [False] * 3


# ------------------------------------------------------------------ as_dict


def test_as_dict(edition: Edition) -> None:
    facts = Facts(points=12_600, profile_certifications=1)
    data = evaluate(facts, edition).as_dict()

    assert data["edition"] == "2025-01-01"
    assert data["level"] == "professional"
    assert data["next_level"] == "silver"
    assert data["membership"] == "points_path"
    assert data["missing"] == [
        {"kind": "points", "needed": 20_000, "has": 12_600},
        {"kind": "sales_certifications", "needed": 1, "has": 0},
    ]
    assert data["facts"] == facts.as_dict()
    assert [x["level"] for x in data["explanation"]] == [lv.code for lv in edition.levels]
    silver = data["explanation"][4]
    assert silver["qualifies"] is False
    assert silver["requirements"][0] == {
        "kind": "points",
        "needed": 20_000,
        "has": 12_600,
        "met": False,
    }
    assert json.loads(json.dumps(data)) == data


def test_decision_is_frozen(edition: Edition) -> None:
    decision: TierDecision = evaluate(Facts(), edition)
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.level = "gold"  # type: ignore[misc]

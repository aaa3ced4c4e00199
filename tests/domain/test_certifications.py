"""The pure rules of expiring certifications: the next review, and the level-drop warning in words."""

from __future__ import annotations

from datetime import date

import pytest

from partnercenter.domain.certifications import Lapsing, level_warning, next_review_on
from partnercenter.domain.evaluate import evaluate
from partnercenter.domain.program import Edition
from partnercenter.domain.requirements import Facts

GOLD = Facts(
    points=60_000, revenue_cents=2_000_000, profile_certifications=2, sales_certifications=2
)
REVIEW = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("today", "day_of_month", "expected"),
    [
        (date(2026, 5, 20), 1, date(2026, 6, 1)),
        (date(2026, 5, 31), 1, date(2026, 6, 1)),
        (date(2026, 6, 1), 1, date(2026, 7, 1)),  # the review day: today's review is done
        (date(2026, 12, 15), 1, date(2027, 1, 1)),
        (date(2026, 5, 2), 5, date(2026, 5, 5)),
        (date(2026, 1, 30), 31, date(2026, 2, 28)),  # clamped like the scheduler's review day
    ],
)
def test_the_next_review(today: date, day_of_month: int, expected: date) -> None:
    assert next_review_on(today, day_of_month) == expected


def test_an_expiring_sales_certification_reads_as_the_issue_says(edition: Edition) -> None:
    # given a Gold partner whose second sales certification expires on 20 May
    then = evaluate(GOLD.__class__(**{**GOLD.as_dict(), "sales_certifications": 1}), edition)
    lapsing = [Lapsing(kind="sales", name="Sales", ends_on=date(2026, 5, 20))]
    # when the warning is computed for the review of 1 June
    warning = level_warning(
        edition=edition, level="gold", review_on=REVIEW, then=then, now=GOLD, lapsing=lapsing
    )
    # then it names the drop and the reason
    assert warning is not None
    assert warning.to_level == "silver"
    assert warning.sentence == (
        "If nothing changes, on 1 June you will drop to Silver: "
        "1 sales certification expires on 20 May."
    )


def test_several_reasons_and_dates(edition: Edition) -> None:
    then_facts = Facts(
        points=41_000, revenue_cents=2_000_000, profile_certifications=0, sales_certifications=2
    )
    lapsing = [
        Lapsing(kind="profile", name="Developer", ends_on=date(2026, 5, 3)),
        Lapsing(kind="profile", name="WCMS", ends_on=date(2026, 5, 20)),
    ]
    warning = level_warning(
        edition=edition,
        level="gold",
        review_on=REVIEW,
        then=evaluate(then_facts, edition),
        now=GOLD,
        lapsing=lapsing,
    )
    assert warning is not None
    assert warning.reasons == (
        "19,000 points leave the window by 1 June",
        "2 profile certifications expire on 3 May and 20 May",
    )
    assert warning.to_name == "Professional"


def test_a_revoked_certification_is_named_as_revoked(edition: Edition) -> None:
    then = evaluate(Facts(points=25_000, profile_certifications=1), edition)
    warning = level_warning(
        edition=edition,
        level="silver",
        review_on=REVIEW,
        then=then,
        now=Facts(points=25_000, profile_certifications=1, sales_certifications=1),
        lapsing=[Lapsing(kind="sales", name="Sales", ends_on=date(2026, 5, 10), revoked=True)],
    )
    assert warning is not None
    assert warning.reasons == ("1 sales certification is revoked from 10 May",)


def test_dropping_below_every_level(edition: Edition) -> None:
    warning = level_warning(
        edition=edition,
        level="starter",
        review_on=REVIEW,
        then=evaluate(Facts(points=2_000), edition),
        now=Facts(points=3_100),
    )
    assert warning is not None
    assert warning.sentence == (
        "If nothing changes, on 1 June you will drop to no level: "
        "1,100 points leave the window by 1 June."
    )


@pytest.mark.parametrize(
    ("level", "facts"),
    [
        ("gold", GOLD),  # holds
        ("silver", GOLD),  # rises
        ("", Facts()),  # never reviewed
        ("diamond", Facts()),  # a level this edition does not have
    ],
)
def test_no_warning_unless_the_level_drops(edition: Edition, level: str, facts: Facts) -> None:
    then = evaluate(facts, edition)
    assert (
        level_warning(edition=edition, level=level, review_on=REVIEW, then=then, now=facts) is None
    )


def test_a_certification_that_already_expired_since_the_last_review(edition: Edition) -> None:
    then = evaluate(Facts(points=25_000, profile_certifications=1), edition)
    lapsing = [
        Lapsing(kind="sales", name="Sales", ends_on=date(2026, 5, 10), ended=True),
        Lapsing(kind="sales", name="Sales", ends_on=date(2026, 5, 28)),
    ]
    warning = level_warning(
        edition=edition,
        level="silver",
        review_on=REVIEW,
        then=then,
        now=Facts(points=25_000, profile_certifications=1, sales_certifications=1),
        lapsing=lapsing,
    )
    assert warning is not None
    assert warning.reasons == (
        "1 sales certification expires on 28 May and 1 sales certification expired on 10 May",
    )

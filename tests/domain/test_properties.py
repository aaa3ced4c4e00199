"""Properties of the tier engine, over generated facts (hypothesis).

The default runs keep example counts modest so the domain suite stays well under
two seconds; `pytest -m slow` runs the same properties with many more examples.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnercenter.domain.evaluate import TierDecision, evaluate
from partnercenter.domain.program import Edition
from partnercenter.domain.requirements import REQUIREMENT_KINDS, Facts
from tests.domain.shipped import EDITION

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=3_000, deadline=None)


def _amounts(kind: str, top: int) -> st.SearchStrategy[int]:
    """Any amount up to `top`, with the edition's thresholds (and their neighbours) favoured."""
    edges = sorted(
        {
            max(0, r.needed + delta)
            for lv in EDITION.levels
            for r in lv.requirements
            if r.kind == kind
            for delta in (-1, 0, 1)
        }
    )
    return st.one_of(st.sampled_from(edges), st.integers(0, top)) if edges else st.integers(0, top)


facts_strategy = st.builds(
    Facts,
    points=_amounts("points", 300_000),
    revenue_cents=_amounts("revenue_cents", 10_000_000),
    profile_certifications=_amounts("profile_certifications", 6),
    sales_certifications=_amounts("sales_certifications", 6),
    student=st.booleans(),
    paid_plan=st.booleans(),
)
more_strategy = st.fixed_dictionaries(
    {
        "points": st.integers(0, 250_000),
        "revenue_cents": st.integers(0, 8_000_000),
        "profile_certifications": st.integers(0, 4),
        "sales_certifications": st.integers(0, 4),
        "student": st.booleans(),
        "paid_plan": st.booleans(),
    }
)


def _rank(edition: Edition, decision: TierDecision) -> int:
    return edition.level(decision.level).rank if decision.level else -1


def _more(facts: Facts, extra: dict[str, int | bool]) -> Facts:
    """`facts` with more (or as much) of every fact."""
    return Facts(
        points=facts.points + int(extra["points"]),
        revenue_cents=facts.revenue_cents + int(extra["revenue_cents"]),
        profile_certifications=facts.profile_certifications + int(extra["profile_certifications"]),
        sales_certifications=facts.sales_certifications + int(extra["sales_certifications"]),
        student=facts.student or bool(extra["student"]),
        paid_plan=facts.paid_plan or bool(extra["paid_plan"]),
    )


def _qualifies(facts: Facts, edition: Edition, code: str) -> bool:
    """Whether the facts meet every requirement of a level, read straight from the edition."""
    return all(
        REQUIREMENT_KINDS[r.kind].fact(facts) >= r.needed for r in edition.level(code).requirements
    )


def _expected_rank(facts: Facts, edition: Edition) -> int:
    ranks = [lv.rank for lv in edition.levels if _qualifies(facts, edition, lv.code)]
    path = edition.membership
    if facts.points >= path.points_path_points:
        ranks.append(edition.level(path.points_path_level).rank)
    return max(ranks, default=-1)


# ---------------------------------------------------------------- properties


def check_more_never_lowers(facts: Facts, extra: dict[str, int | bool]) -> None:
    before = evaluate(facts, EDITION)
    after = evaluate(_more(facts, extra), EDITION)
    assert _rank(EDITION, after) >= _rank(EDITION, before)


def check_highest_qualifying(facts: Facts) -> None:
    decision = evaluate(facts, EDITION)
    rank = _rank(EDITION, decision)
    assert rank == _expected_rank(facts, EDITION)
    # No level above the decision's qualifies, and the decision's own checks agree.
    for lc in decision.levels:
        level = EDITION.level(lc.level)
        assert lc.qualifies == _qualifies(facts, EDITION, lc.level)
        if level.rank > rank:
            assert not lc.qualifies
    # The next level is above, and what is missing is exactly its unmet checks.
    if decision.next_level is not None:
        assert EDITION.level(decision.next_level).rank > rank
        assert decision.missing
        assert all(not c.met for c in decision.missing)
    else:
        assert decision.missing == ()


def check_reproducible(facts: Facts) -> None:
    decision = evaluate(facts, EDITION)
    assert evaluate(facts, EDITION) == decision
    assert evaluate(Facts.from_dict(facts.as_dict()), EDITION) == decision
    stored = json.loads(json.dumps(decision.as_dict()))
    assert evaluate(Facts.from_dict(stored["facts"]), EDITION).as_dict() == stored


@FAST
@given(facts_strategy, more_strategy)
def test_more_of_any_fact_never_lowers_the_level(
    facts: Facts, extra: dict[str, int | bool]
) -> None:
    check_more_never_lowers(facts, extra)


@FAST
@given(facts_strategy, st.sampled_from(tuple(Facts.__dataclass_fields__)))
def test_more_of_one_fact_never_lowers_the_level(facts: Facts, field: str) -> None:
    value = getattr(facts, field)
    more = True if isinstance(value, bool) else value + 1
    after = evaluate(dataclasses.replace(facts, **{field: more}), EDITION)
    assert _rank(EDITION, after) >= _rank(EDITION, evaluate(facts, EDITION))


@FAST
@given(facts_strategy)
def test_level_is_the_highest_qualifying(facts: Facts) -> None:
    check_highest_qualifying(facts)


@FAST
@given(facts_strategy)
def test_decision_is_reproducible(facts: Facts) -> None:
    check_reproducible(facts)


@pytest.mark.slow
@SLOW
@given(facts_strategy, more_strategy)
def test_slow_properties(facts: Facts, extra: dict[str, int | bool]) -> None:
    check_more_never_lowers(facts, extra)
    check_highest_qualifying(facts)
    check_reproducible(facts)

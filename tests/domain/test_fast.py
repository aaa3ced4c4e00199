"""The review's compiled evaluator gives exactly `evaluate`'s answers, explanation included."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from partnercenter.domain.evaluate import evaluate
from partnercenter.domain.fast import Evaluator
from partnercenter.domain.requirements import Facts
from tests.domain.shipped import EDITION
from tests.domain.test_properties import facts_strategy

EVALUATOR = Evaluator(EDITION)


def _same(facts: Facts) -> None:
    fast = EVALUATOR.decide(facts)
    pure = evaluate(facts, EDITION)
    assert fast.level == pure.level
    assert fast.next_level == pure.next_level
    assert fast.membership == pure.membership
    assert fast.missing == [[c.kind, c.needed, c.has] for c in pure.missing]
    assert json.loads(fast.explanation_json) == [
        [lc.level, lc.qualifies, [[c.kind, c.needed, c.has, c.met] for c in lc.checks]]
        for lc in pure.levels
    ]


@pytest.mark.parametrize(
    "facts",
    [
        Facts(),
        Facts(points=2999),
        Facts(points=3000),
        Facts(points=5000, paid_plan=True),
        Facts(student=True),
        Facts(points=20000, profile_certifications=1, sales_certifications=1),
        Facts(
            points=200000, revenue_cents=6_000_000, profile_certifications=3, sales_certifications=3
        ),
    ],
)
def test_boundaries(facts: Facts) -> None:
    _same(facts)


@settings(max_examples=60, deadline=None)
@given(facts_strategy)
def test_any_facts(facts: Facts) -> None:
    _same(facts)


@pytest.mark.slow
@settings(max_examples=5000, deadline=None)
@given(facts_strategy)
def test_any_facts_many(facts: Facts) -> None:
    _same(facts)

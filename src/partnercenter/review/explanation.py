"""A decision's explanation and missing requirements: its shape filled in with its facts.

The review stores, per decision, only the partner's numbers (`facts`) and a pointer to
the shape of the decision (`DecisionShape`, shared by every partner in the same bucket of
the edition's thresholds); here the two are put back together, as `domain.fast.Evaluator`
wrote them before shapes were stored apart (tests/review/test_shapes.py holds them equal).
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from partnercenter.domain.fast import Evaluator, Shape
from partnercenter.domain.requirements import REQUIREMENT_KINDS, Facts

if TYPE_CHECKING:
    from partnercenter.review.models import TierDecision


def numbers(facts: dict[str, Any]) -> dict[str, int]:
    """Each requirement kind's number for these facts (a decision's `facts`)."""
    known = Facts.from_dict(facts)
    return {code: int(kind.fact(known)) for code, kind in REQUIREMENT_KINDS.items()}


def explanation_of(decision: TierDecision) -> list[Any]:
    """[[level, qualifies, [[kind, needed, has, met], ...]], ...] of a stored decision."""
    if decision.explanation is not None or decision.shape is None:
        return list(decision.explanation or [])
    has = numbers(decision.facts)
    return list(json.loads(decision.shape.template % tuple(has[k] for k in decision.shape.fill)))


def missing_of(decision: TierDecision) -> list[list[Any]]:
    """[[kind, needed, has], ...]: what the decision's next level still needs."""
    if decision.missing is not None or decision.shape is None:
        return list(decision.missing or [])
    has = numbers(decision.facts)
    return [[kind, needed, has[kind]] for kind, needed in decision.shape.missing]


def shape_fields(evaluator: Evaluator, shape: Shape) -> dict[str, Any]:
    """What `DecisionShape` stores of one of the evaluator's shapes, with its digest."""
    fields: dict[str, Any] = {
        "template": shape.template,
        "fill": [evaluator.kinds[i] for i in evaluator.fill],
        "missing": [[kind, needed] for kind, needed, _ in shape.missing],
    }
    text = json.dumps([fields["template"], fields["fill"], fields["missing"]])
    fields["digest"] = hashlib.sha256(text.encode()).hexdigest()
    return fields


def expand(explanation: list[Any]) -> list[dict[str, Any]]:
    """The stored explanation as dicts, for templates and the API."""
    return [
        {
            "level": level,
            "qualifies": qualifies,
            "requirements": [{"kind": k, "needed": n, "has": h, "met": m} for k, n, h, m in checks],
        }
        for level, qualifies, checks in explanation
    ]

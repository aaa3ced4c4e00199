"""The stored form of a decision's explanation: compact, complete, and readable back."""

from __future__ import annotations

from typing import Any

from partnercenter.domain.evaluate import TierDecision


def compact(decision: TierDecision) -> list[Any]:
    """Every level with every requirement as [level, qualifies, [[kind, needed, has, met], ...]]."""
    return [
        [lc.level, lc.qualifies, [[c.kind, c.needed, c.has, c.met] for c in lc.checks]]
        for lc in decision.levels
    ]


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

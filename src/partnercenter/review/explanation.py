"""Reading back a decision's stored explanation (written by `domain.fast.Evaluator`)."""

from __future__ import annotations

from typing import Any


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

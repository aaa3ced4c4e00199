"""The tier engine for many partners at once: `evaluate`'s answers with far fewer objects.

The monthly review decides 100,000 partners; building a TierDecision with a
Check per requirement for each costs more than reading their facts. `Evaluator`
compiles an edition once and answers with plain values and the explanation
already in its stored JSON form. Tests hold it equal to `evaluate` on any facts.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from partnercenter.domain.program import Edition
from partnercenter.domain.requirements import REQUIREMENT_KINDS, Facts


class FastDecision(NamedTuple):
    """What the review stores for one partner (a tuple: built 100,000 times a review)."""

    level: str | None
    next_level: str | None
    missing: list[list[int | str]]
    """[[kind, needed, has], ...] of the next level's unmet requirements."""
    membership: str | None
    explanation_json: str
    """The compact explanation: [[level, qualifies, [[kind, needed, has, met], ...]], ...]."""


class Evaluator:
    """An edition compiled for repeated evaluation.

    Every met/unmet pattern is fixed by where each fact falls among the
    thresholds of its kind, so the decision's shape is computed once per such
    bucket combination and only the partner's own numbers are filled in.
    """

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        self.kinds = sorted({r.kind for lv in edition.levels for r in lv.requirements})
        self.facts_of = [REQUIREMENT_KINDS[k].fact for k in self.kinds]
        self.thresholds = [
            sorted({r.needed for lv in edition.levels for r in lv.requirements if r.kind == k})
            for k in self.kinds
        ]
        self.index = {k: i for i, k in enumerate(self.kinds)}
        self.ranks = {level.code: level.rank for level in edition.levels}
        """Each level's rank by code (a code not in the edition, or no level, ranks -1)."""
        self.fill = [self.index[r.kind] for lv in edition.levels for r in lv.requirements]
        path = edition.membership
        self.path_points = path.points_path_points
        self.path_rank = (
            edition.level(path.points_path_level).rank if path.points_path_level else -1
        )
        self.shapes: dict[tuple[int | bool, ...], Shape] = {}

    def decide(self, facts: Facts) -> FastDecision:
        has = [fact(facts) for fact in self.facts_of]
        shape = self._shape_of(has, facts)
        return FastDecision(
            level=shape.level,
            next_level=shape.next_level,
            missing=[[kind, needed, has[i]] for kind, needed, i in shape.missing],
            membership=shape.membership,
            explanation_json=shape.template % tuple([has[i] for i in self.fill]),
        )

    def shape(self, facts: Facts) -> Shape:
        """The decision of every partner in `facts`' bucket, their numbers left out (the review
        on PostgreSQL decides a whole chunk from its buckets, `review.setwise`)."""
        return self._shape_of([fact(facts) for fact in self.facts_of], facts)

    def _shape_of(self, has: list[int], facts: Facts) -> Shape:
        key = (
            *[bisect_right(t, h) for t, h in zip(self.thresholds, has, strict=True)],
            facts.paid_plan,
            facts.points >= self.path_points,
        )
        shape = self.shapes.get(key)
        if shape is None:
            shape = self.shapes[key] = self._shape(has, facts)
        return shape

    def _shape(self, has: list[int], facts: Facts) -> Shape:
        parts = []
        rank = -1
        for lv in self.edition.levels:
            checks = []
            ok = True
            for r in lv.requirements:
                met = has[self.index[r.kind]] >= r.needed
                ok = ok and met
                checks.append(f'["{r.kind}",{r.needed},%d,{"true" if met else "false"}]')
            if ok:
                rank = lv.rank
            parts.append(f'["{lv.code}",{"true" if ok else "false"},[{",".join(checks)}]]')
        membership = "paid_plan" if facts.paid_plan else None
        if self.path_rank >= 0 and facts.points >= self.path_points:
            membership = membership or "points_path"
            rank = max(rank, self.path_rank)
        next_level = None
        missing: list[tuple[str, int, int]] = []
        for lv in self.edition.levels[rank + 1 :]:
            blocked = any(
                REQUIREMENT_KINDS[r.kind].boolean and has[self.index[r.kind]] < r.needed
                for r in lv.requirements
            )
            if blocked:
                continue
            next_level = lv.code
            missing = [
                (r.kind, r.needed, self.index[r.kind])
                for r in lv.requirements
                if has[self.index[r.kind]] < r.needed
            ]
            break
        return Shape(
            level=self.edition.levels[rank].code if rank >= 0 else None,
            next_level=next_level,
            missing=tuple(missing),
            membership=membership,
            template="[" + ",".join(parts) + "]",
        )


@dataclass(frozen=True)
class Shape:
    """A decision with the partner's numbers left out: shared by all facts in one bucket."""

    level: str | None
    next_level: str | None
    missing: tuple[tuple[str, int, int], ...]
    """(kind, needed, index into `Evaluator.kinds` of the number the partner has)."""
    membership: str | None
    template: str
    """The explanation's JSON with a `%d` for each number, in `Evaluator.fill` order."""

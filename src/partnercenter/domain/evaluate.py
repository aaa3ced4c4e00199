"""The tier engine: from a partner's facts and an edition to a decision that explains itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from partnercenter.domain.program import Edition, Level
from partnercenter.domain.requirements import REQUIREMENT_KINDS, Facts


@dataclass(frozen=True)
class Check:
    """One requirement of one level against the facts: needed, has, met."""

    kind: str
    needed: int
    has: int

    @property
    def met(self) -> bool:
        return self.has >= self.needed

    @property
    def short(self) -> int:
        """How much is missing (0 when met)."""
        return max(0, self.needed - self.has)

    @property
    def label(self) -> str:
        return REQUIREMENT_KINDS[self.kind].label

    def missing_words(self) -> str:
        return REQUIREMENT_KINDS[self.kind].missing(self.short)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "needed": self.needed, "has": self.has, "met": self.met}


@dataclass(frozen=True)
class LevelCheck:
    """All requirements of one level, and whether the facts meet every one."""

    level: str
    name: str
    checks: tuple[Check, ...]

    @property
    def qualifies(self) -> bool:
        return all(c.met for c in self.checks)

    @property
    def attainable(self) -> bool:
        """False when an unmet yes/no condition (such as student enrolment) blocks it."""
        return not any(REQUIREMENT_KINDS[c.kind].boolean and not c.met for c in self.checks)


@dataclass(frozen=True)
class TierDecision:
    """The level a partner's facts earn under an edition, with the reasons."""

    edition_id: str
    facts: Facts
    level: str | None
    """The highest level whose requirements all hold; None below every level."""
    levels: tuple[LevelCheck, ...]
    """Every level, lowest first, with every requirement: needed, has, met."""
    next_level: str | None
    """The lowest attainable level above the current one, if any."""
    missing: tuple[Check, ...]
    """The unmet requirements of the next level."""
    membership: str | None
    """How the partner is in the program: "paid_plan", "points_path" or None."""

    def level_check(self, code: str) -> LevelCheck:
        return next(lc for lc in self.levels if lc.level == code)

    def missing_sentence(self, edition: Edition) -> str:
        """Words such as "7,400 more points and 1 sales certification for Silver"."""
        if self.next_level is None:
            return "Top level reached." if self.level else "No level can be reached."
        parts = [c.missing_words() for c in self.missing]
        name = edition.level(self.next_level).name
        if not parts:
            return f"Ready for {name}."
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"{joined} for {name}"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form; `explanation` lists each level's checks."""
        return {
            "edition": self.edition_id,
            "facts": self.facts.as_dict(),
            "level": self.level,
            "next_level": self.next_level,
            "membership": self.membership,
            "missing": [{"kind": c.kind, "needed": c.needed, "has": c.has} for c in self.missing],
            "explanation": [
                {
                    "level": lc.level,
                    "qualifies": lc.qualifies,
                    "requirements": [c.as_dict() for c in lc.checks],
                }
                for lc in self.levels
            ],
        }


def _check_level(level: Level, facts: Facts) -> LevelCheck:
    checks = tuple(
        Check(kind=r.kind, needed=r.needed, has=REQUIREMENT_KINDS[r.kind].fact(facts))
        for r in level.requirements
    )
    return LevelCheck(level=level.code, name=level.name, checks=checks)


def evaluate(facts: Facts, edition: Edition) -> TierDecision:
    """Place the facts in the highest level whose requirements all hold, and say why.

    The points path ("earn N points: automatically becomes Professional") is a
    floor: a partner with that many points holds at least that level.
    """
    level_checks = tuple(_check_level(level, facts) for level in edition.levels)
    rank = -1
    for index, lc in enumerate(level_checks):
        if lc.qualifies:
            rank = index
    membership = None
    path = edition.membership
    if facts.paid_plan:
        membership = "paid_plan"
    if path.points_path_level and facts.points >= path.points_path_points:
        membership = membership or "points_path"
        rank = max(rank, edition.level(path.points_path_level).rank)
    next_check = next((lc for lc in level_checks[rank + 1 :] if lc.attainable), None)
    return TierDecision(
        edition_id=edition.edition_id,
        facts=facts,
        level=level_checks[rank].level if rank >= 0 else None,
        levels=level_checks,
        next_level=next_check.level if next_check else None,
        missing=tuple(c for c in next_check.checks if not c.met) if next_check else (),
        membership=membership,
    )

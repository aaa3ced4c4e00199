"""What-if: evaluate every partner under another edition, writing nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Min

from partnercenter.domain.fast import Evaluator
from partnercenter.domain.program import Edition
from partnercenter.partners.models import Partner
from partnercenter.programs.selectors import edition_at
from partnercenter.review.selectors import chunk_facts
from partnercenter.review.services import REVIEWED_STATUSES, Change, _direction


@dataclass
class Simulation:
    """How many partners a candidate edition would move, against the edition in force then."""

    as_of: date
    current_edition: str
    candidate_edition: str
    total: int = 0
    up: int = 0
    down: int = 0
    same: int = 0
    moves: list[Change] = field(default_factory=list)
    memberships: dict[int, str] = field(default_factory=dict)
    """Partner id → its membership kind under the candidate (for the partners that move)."""


def edition_simulate(*, candidate: Edition, as_of: date, chunk: int = 20000) -> Simulation:
    """Each reviewed (active or lapsed) partner's level on `as_of` under the edition in force
    and under `candidate`."""
    current = edition_at(as_of)
    before, after = Evaluator(current), Evaluator(candidate)
    result = Simulation(as_of, current.edition_id, candidate.edition_id)
    bounds = Partner.objects.filter(status__in=REVIEWED_STATUSES).aggregate(
        lo=Min("id"), hi=Max("id")
    )
    if bounds["lo"] is None:
        return result
    lo = bounds["lo"]
    moved: dict[int, tuple[str | None, bool]] = {}
    while lo <= bounds["hi"]:
        rows = chunk_facts(as_of, current, lo, lo + chunk)
        # A candidate with another window length sees other facts.
        same_window = candidate.window_months == current.window_months
        other = rows if same_window else chunk_facts(as_of, candidate, lo, lo + chunk)
        for (row, facts), (_, candidate_facts) in zip(rows, other, strict=True):
            old = before.decide(facts).level or ""
            new = after.decide(candidate_facts).level or ""
            # A level the candidate removed ranks below every level it keeps.
            direction = (
                _direction(after.ranks, old, new) if old in after.ranks or not old else "down"
            )
            if old != new and direction == "same":
                direction = "up" if new else "down"
            result.total += 1
            setattr(result, direction, getattr(result, direction) + 1)
            if old != new:
                result.moves.append(Change(row[0], row[1], row[2], old, new, direction))
                held = candidate_facts.points >= candidate.membership.points_path_points
                moved[row[0]] = (new or None, held)
        lo += chunk
    result.memberships = _memberships(moved, as_of, candidate)
    return result


def _memberships(
    moved: dict[int, tuple[str | None, bool]], as_of: date, candidate: Edition
) -> dict[int, str]:
    """The membership kind of each moved partner under the candidate's decision."""
    from partnercenter.domain.membership import membership_on
    from partnercenter.membership.selectors import membership_facts, review_coverage

    coverage = review_coverage(moved, as_of, candidate)
    out = {}
    for partner in Partner.objects.filter(pk__in=list(moved)):
        level, held = moved[partner.pk]
        covered_on = as_of if held else coverage[partner.pk][2]
        facts = membership_facts(partner, as_of, candidate, coverage=(level, held, covered_on))
        out[partner.pk] = str(membership_on(facts, candidate).kind)
    return out

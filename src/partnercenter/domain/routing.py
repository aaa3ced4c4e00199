"""Routing a customer's lead to a partner: a pure function that explains every step.

Eligible partners are active members with the lead's profile whose level has a lead
priority. They are ordered by lead priority (1 first), then same country as the lead,
then fewest open leads; inside a tie, round-robin by **the partner offered a lead least
recently** (never offered first, then the oldest offer; the partner id breaks the last
tie). No stored cursor is needed: each offer moves its partner to the back of its tie.
Partners at the open-lead cap, or who declined (or let expire) this lead, are skipped,
each with a step saying so. With nobody left the lead goes to 7x staff (unrouted) with
the reason. The rules' numbers come from the edition (`[lead_priority]`, `[leads]`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from partnercenter.domain.program import Leads


class StepKind(StrEnum):
    OFFER = "offer"
    SKIP = "skip"
    UNROUTED = "unrouted"


class Passed(StrEnum):
    """How a partner already let this lead go (it is not offered it again)."""

    NO = ""
    DECLINED = "declined"
    EXPIRED = "expired"


@dataclass(frozen=True)
class LeadAsk:
    """What routing needs of a lead: the profile asked for and the customer's country."""

    profile: str
    country: str


@dataclass(frozen=True)
class Candidate:
    """A partner as routing sees it (built by the caller from the database)."""

    id: int
    name: str
    profile: str
    country: str
    level: str | None
    active: bool
    open_leads: int
    passed: Passed = Passed.NO
    last_offered_at: datetime | None = None


@dataclass(frozen=True)
class Step:
    """One routing decision: an offer, a skip, or handing the lead to 7x; with its why."""

    kind: StepKind
    partner_id: int | None
    explanation: str
    priority: int | None = None


@dataclass(frozen=True)
class Routing:
    """The steps of one routing round, in order; the last is the offer or the unrouted step."""

    steps: tuple[Step, ...]

    @property
    def offered_to(self) -> int | None:
        last = self.steps[-1] if self.steps else None
        return last.partner_id if last is not None and last.kind == StepKind.OFFER else None


def eligible(c: Candidate, ask: LeadAsk, lead_priority: Mapping[str, int]) -> bool:
    """Active, with the lead's profile, at a level that has a lead priority."""
    return (
        c.active and c.profile == ask.profile and c.level is not None and c.level in lead_priority
    )


def _key(
    c: Candidate, ask: LeadAsk, lead_priority: Mapping[str, int]
) -> tuple[int, int, int, int, float, int]:
    assert c.level is not None
    offered = c.last_offered_at
    return (
        lead_priority[c.level],
        0 if c.country == ask.country else 1,
        c.open_leads,
        0 if offered is None else 1,
        0.0 if offered is None else offered.timestamp(),
        c.id,
    )


def order(
    candidates: Sequence[Candidate], ask: LeadAsk, lead_priority: Mapping[str, int]
) -> list[Candidate]:
    """The eligible candidates in serving order (see the module's docstring)."""
    chosen = [c for c in candidates if eligible(c, ask, lead_priority)]
    return sorted(chosen, key=lambda c: _key(c, ask, lead_priority))


def _where(c: Candidate, ask: LeadAsk) -> str:
    return (
        f"same country ({ask.country})"
        if c.country == ask.country
        else f"other country ({c.country or '—'})"
    )


def route(
    ask: LeadAsk,
    candidates: Sequence[Candidate],
    lead_priority: Mapping[str, int],
    rules: Leads,
    profile_name: str = "",
) -> Routing:
    """One routing round for `ask`: skips in serving order, then one offer or "unrouted"."""
    label = profile_name or ask.profile
    steps: list[Step] = []
    for c in order(candidates, ask, lead_priority):
        assert c.level is not None
        priority = lead_priority[c.level]
        if c.passed == Passed.DECLINED:
            steps.append(Step(StepKind.SKIP, c.id, f"skipped {c.name}: declined", priority))
            continue
        if c.passed == Passed.EXPIRED:
            text = f"skipped {c.name}: did not answer within {rules.answer_hours} hours"
            steps.append(Step(StepKind.SKIP, c.id, text, priority))
            continue
        if c.open_leads >= rules.open_lead_cap:
            text = f"skipped {c.name}: at cap {rules.open_lead_cap}"
            steps.append(Step(StepKind.SKIP, c.id, text, priority))
            continue
        text = (
            f"offered to {c.name}: priority {priority}, {label}, {_where(c, ask)}, "
            f"{c.open_leads} open"
        )
        steps.append(Step(StepKind.OFFER, c.id, text, priority))
        return Routing(tuple(steps))
    steps.append(Step(StepKind.UNROUTED, None, _unrouted_reason(ask, candidates, steps, label)))
    return Routing(tuple(steps))


def _unrouted_reason(
    ask: LeadAsk, candidates: Sequence[Candidate], skips: list[Step], label: str
) -> str:
    if not skips:
        same = [c for c in candidates if c.profile == ask.profile]
        if not same:
            return f"to 7x staff: no partner with the {label} profile"
        return (
            f"to 7x staff: no active {label} partner at a level with lead priority "
            f"({len(same)} {label} partner(s), none eligible)"
        )
    return f"to 7x staff: every eligible {label} partner was skipped ({len(skips)})"

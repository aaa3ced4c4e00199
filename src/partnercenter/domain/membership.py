"""The membership rule: whether a partner is in the program on a day, and when that changes.

The level is what the facts earn (the engine, `evaluate.py`); *membership* is whether the
partner is in the program: a paid plan (any plan) or the points path. This module turns
the stored facts of one partner into its membership on a day, and says when it lapses,
when a notice ends and which reminders are due. Pure: no Django, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from partnercenter.domain.program import Edition
from partnercenter.domain.windows import add_months


class Kind(StrEnum):
    """What a partner's membership is on a day (the vocabulary the portal, CLI and JSON use)."""

    APPLICANT = "applicant"
    """Not a member yet: approved, signing the contract or choosing a plan."""
    PAID_PLAN = "paid_plan"
    """A member by a paid plan, at or above Starter's threshold."""
    POINTS_PATH = "points_path"
    """A member by the points path (no fee)."""
    REGISTERED = "registered"
    """A member (paid plan) whose level is below Starter: portal, reporting and team,
    no level benefits."""
    GRACE = "grace"
    """Active, but neither a paid plan nor the points path today: lapses after the grace period."""
    LAPSED = "lapsed"
    """Out of membership (grace passed, or not renewed): still reviewed, no benefits."""
    SUSPENDED = "suspended"
    """Staff suspended the partner."""
    TERMINATED = "terminated"
    """The contract has ended."""


MEMBER_KINDS = frozenset({Kind.PAID_PLAN, Kind.POINTS_PATH, Kind.REGISTERED})
"""Kinds with level benefits or at least the portal, reporting and team of a member."""

BENEFIT_KINDS = frozenset({Kind.PAID_PLAN, Kind.POINTS_PATH, Kind.GRACE})
"""Kinds whose level benefits, listing, leads and commissions run (grace keeps them until
the lapse; a registered partner has no level with benefits)."""


@dataclass(frozen=True)
class MembershipFacts:
    """What is stored about one partner that decides its membership on `day`.

    `paid_plan` and `points_path` are today's answers (plan paid through the day; the
    review's points reach the path). `covered_until` is the last day either was known
    to hold (None: never known; `activated_on` then starts the grace period).
    `level` is the level engine's decision (None below every level).
    """

    day: date
    status: str
    paid_plan: bool
    points_path: bool
    level: str | None
    covered_until: date | None = None
    activated_on: date | None = None
    valid_until: date | None = None
    notice_given_on: date | None = None
    ends_on: date | None = None
    terminated_on: date | None = None


@dataclass(frozen=True)
class MembershipState:
    """A partner's membership on a day and the dates that matter next."""

    kind: Kind
    under_notice: bool
    ends_on: date | None
    """Under notice: the day the partner is terminated."""
    lapses_on: date | None
    """Active without membership (or validity running out): the day it lapses."""
    valid_until: date | None
    renew_due: bool
    """The validity ends within the longest renewal reminder period."""
    starter_points: int
    """Points Starter needs (what a registered partner is told)."""

    @property
    def has_benefits(self) -> bool:
        """Whether level benefits, listing, leads and commissions run."""
        return self.kind in BENEFIT_KINDS

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form (the `membership` key of `explain --json`)."""
        return {
            "kind": str(self.kind),
            "under_notice": self.under_notice,
            "ends_on": _iso(self.ends_on),
            "lapses_on": _iso(self.lapses_on),
            "valid_until": _iso(self.valid_until),
            "renew_due": self.renew_due,
            "has_benefits": self.has_benefits,
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


_KINDS_BY_STATUS = {
    "applicant": Kind.APPLICANT,
    "suspended": Kind.SUSPENDED,
    "terminated": Kind.TERMINATED,
}


def starter_rank(edition: Edition) -> int:
    """The rank of Starter, the first level with benefits for a paying member."""
    return edition.level("starter").rank if edition.has_level("starter") else 0


def starter_points(edition: Edition) -> int:
    """The points Starter needs (0 when the edition has no Starter or no points requirement)."""
    if not edition.has_level("starter"):
        return 0
    requirement = edition.level("starter").requirement("points")
    return requirement.needed if requirement else 0


def below_starter(level: str | None, edition: Edition) -> bool:
    """No level, or a level below Starter without benefits of its own: a registered partner.

    Student ranks below Starter but is an educational enrolment with the Starter column
    of the benefits matrix (the edition lists it there), so a student is no mere
    registered partner.
    """
    if not level or not edition.has_level(level):
        return True
    if edition.benefits_of(level):
        return False
    return edition.level(level).rank < starter_rank(edition)


def lapse_day(facts: MembershipFacts, edition: Edition) -> date | None:
    """The day an active partner lapses, if nothing changes (None: it does not).

    Two ways: neither a paid plan nor the points path for longer than `grace_days`
    (counted from the last covered day, else activation), or the validity ran out
    without renewal (the day after `valid_until`).
    """
    candidates = []
    if not (facts.paid_plan or facts.points_path):
        start = facts.covered_until or facts.activated_on
        if start is not None:
            candidates.append(start + timedelta(days=edition.membership.grace_days + 1))
    if facts.valid_until is not None:
        candidates.append(facts.valid_until + timedelta(days=1))
    return min(candidates) if candidates else None


def regains(facts: MembershipFacts) -> bool:
    """A lapsed partner comes back when it has a paid plan or the points path within validity."""
    within = facts.valid_until is None or facts.valid_until >= facts.day
    return facts.status == "lapsed" and within and (facts.paid_plan or facts.points_path)


def membership_on(facts: MembershipFacts, edition: Edition) -> MembershipState:
    """The membership of a partner on `facts.day` under `edition`."""
    terms = edition.membership
    under_notice = facts.status == "active" and facts.ends_on is not None
    lapses_on = None
    if facts.status == "active":
        lapses_on = lapse_day(facts, edition)
        if lapses_on is not None and lapses_on <= facts.day:
            kind = Kind.LAPSED
        elif facts.paid_plan and below_starter(facts.level, edition) and not facts.points_path:
            kind = Kind.REGISTERED
        elif facts.paid_plan:
            kind = Kind.PAID_PLAN
        elif facts.points_path:
            kind = Kind.POINTS_PATH
        else:
            kind = Kind.GRACE
    elif facts.status == "lapsed":
        kind = Kind.LAPSED
    else:
        kind = _KINDS_BY_STATUS.get(facts.status, Kind.APPLICANT)
    longest = max(terms.renewal_reminder_days, default=0)
    renew_due = (
        facts.status in ("active", "lapsed")
        and facts.valid_until is not None
        and facts.valid_until - timedelta(days=longest) <= facts.day
        and not under_notice
    )
    return MembershipState(
        kind=kind,
        under_notice=under_notice,
        ends_on=facts.ends_on if under_notice else None,
        lapses_on=lapses_on,
        valid_until=facts.valid_until,
        renew_due=renew_due,
        starter_points=starter_points(edition),
    )


def notice_end(notice_day: date, edition: Edition) -> date:
    """The day a notice given on `notice_day` takes effect (the edition's notice days later)."""
    return notice_day + timedelta(days=edition.membership.termination_notice_days)


def access_until(terminated_on: date, edition: Edition) -> date:
    """The last day a terminated partner's people may read their ledger and documents."""
    return add_months(terminated_on, edition.membership.terminated_access_months) - timedelta(
        days=1
    )


def reminder_due(deadline: date, days_before: tuple[int, ...], day: date) -> int | None:
    """Which reminder (days before `deadline`) is due on `day`: the latest threshold reached.

    On 45 days before with reminders at 60/30/7 that is 60; at 20 days, 30. A reminder
    is keyed by its threshold, so a day missed (scheduler down) is caught up once, and
    earlier thresholds skipped are not sent late. None once the deadline has come, or
    before the first threshold.
    """
    left = (deadline - day).days
    if left < 0:
        return None
    reached = [d for d in days_before if left <= d]
    return min(reached) if reached else None


def renewal_reminder_due(valid_until: date, day: date, edition: Edition) -> int | None:
    """The renewal reminder due on `day` (60, 30 or 7 in the shipped edition), if any."""
    return reminder_due(valid_until, edition.membership.renewal_reminder_days, day)


def logo_reminder_due(due_on: date, day: date, edition: Edition) -> int | None:
    """The logo-deadline reminder due on `day` (`logo_reminder_days` before `due_on`), if any."""
    return reminder_due(due_on, edition.logo_reminder_days, day)


_WORDS = {
    Kind.APPLICANT: "applicant (not a member yet)",
    Kind.PAID_PLAN: "member by a paid plan",
    Kind.POINTS_PATH: "member by the points path",
    Kind.REGISTERED: "registered partner (paid plan, below Starter: no level benefits)",
    Kind.GRACE: "neither a paid plan nor the points path",
    Kind.LAPSED: "lapsed (benefits, listing, leads and commissions suspended)",
    Kind.SUSPENDED: "suspended by 7x",
    Kind.TERMINATED: "terminated",
}


def describe(state: MembershipState) -> str:
    """The membership in words, with the dates that matter (for the CLI and staff pages)."""
    words = _WORDS[state.kind]
    if state.kind == Kind.REGISTERED and state.starter_points:
        words += f"; Starter needs {state.starter_points:,} points"
    if state.under_notice and state.ends_on:
        words += f"; under notice, ends on {state.ends_on.isoformat()}"
    elif state.lapses_on and state.kind != Kind.LAPSED:
        words += f"; lapses on {state.lapses_on.isoformat()}"
    if state.valid_until and state.kind not in (Kind.TERMINATED, Kind.APPLICANT):
        words += f"; valid until {state.valid_until.isoformat()}"
    return words

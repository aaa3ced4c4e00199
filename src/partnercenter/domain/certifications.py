"""Certifications that run out, and the level a partner would drop to at the next review.

Pure rules (no Django): when the next review is, which expiry reminder is due, and the
words of the warning "If nothing changes, on 1 June you will drop to Gold: 1 sales
certification expires on 20 May." The services read the rows and call these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from partnercenter.domain.evaluate import Check, TierDecision
from partnercenter.domain.program import Edition
from partnercenter.domain.requirements import Facts
from partnercenter.domain.windows import add_months

KIND_OF_REQUIREMENT = {
    "profile_certifications": "profile",
    "sales_certifications": "sales",
}
"""The certification kind each certification requirement counts."""


def next_review_on(today: date, review_day_of_month: int) -> date:
    """The first review after `today` (reviews run on the edition's day of each month).

    On the review day itself the review is today's business: the next one is a month later.
    """
    this_month = today.replace(day=min(review_day_of_month, 28))
    return this_month if this_month > today else add_months(this_month, 1)


@dataclass(frozen=True)
class Lapsing:
    """A certification that counts for the partner today and no longer at the review."""

    kind: str
    """"profile" or "sales" (the certification type's kind)."""
    name: str
    """The certification type's name, e.g. "Sales"."""
    ends_on: date
    """The day it stops counting: its expiry date, or the day a revocation takes effect."""
    revoked: bool = False
    ended: bool = False
    """It already stopped counting (after the last review, before today)."""


@dataclass(frozen=True)
class LevelWarning:
    """A coming drop: the review, the level now and then, and why, in words."""

    review_on: date
    level: str
    level_name: str
    to_level: str
    """The level the review would give ("" below every level)."""
    to_name: str
    reasons: tuple[str, ...]

    @property
    def sentence(self) -> str:
        """ "If nothing changes, on 1 June you will drop to Gold: 1 sales certification …"."""
        why = "; ".join(self.reasons)
        target = self.to_name if self.to_level else "no level"
        return f"If nothing changes, on {_day(self.review_on)} you will drop to {target}" + (
            f": {why}." if why else "."
        )


def _day(day: date) -> str:
    return f"{day.day} {day:%B}"


def _dates(days: Sequence[date]) -> str:
    unique = sorted(set(days))
    words = [_day(d) for d in unique]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


_VERBS = {
    # (revoked, ended, one) → the verb phrase before the date
    (False, False, True): "expires on",
    (False, False, False): "expire on",
    (False, True, True): "expired on",
    (False, True, False): "expired on",
    (True, False, True): "is revoked from",
    (True, False, False): "are revoked from",
    (True, True, True): "was revoked from",
    (True, True, False): "were revoked from",
}


def _certification_reason(check: Check, kind: str, lapsing: Sequence[Lapsing]) -> str:
    groups: dict[tuple[bool, bool], list[Lapsing]] = {}
    for c in lapsing:
        if c.kind == kind:
            groups.setdefault((c.revoked, c.ended), []).append(c)
    parts = []
    for (revoked, ended), certs in sorted(groups.items()):
        n = len(certs)
        noun = f"{kind} certification" + ("" if n == 1 else "s")
        verb = _VERBS[(revoked, ended, n == 1)]
        parts.append(f"{n} {noun} {verb} {_dates([c.ends_on for c in certs])}")
    return " and ".join(parts) or f"{check.missing_words()} needed"


def _usd(cents: int) -> str:
    dollars, rest = divmod(cents, 100)
    return f"USD {dollars:,}" + (f".{rest:02d}" if rest else "")


def _reason(check: Check, now: Facts, lapsing: Sequence[Lapsing], review_on: date) -> str:
    """Why one requirement of the current level fails at the review, in words."""
    if check.kind in KIND_OF_REQUIREMENT:
        return _certification_reason(check, KIND_OF_REQUIREMENT[check.kind], lapsing)
    if check.kind == "points" and now.points > check.has:
        return f"{now.points - check.has:,} points leave the window by {_day(review_on)}"
    if check.kind == "revenue_cents" and now.revenue_cents > check.has:
        lost = now.revenue_cents - check.has
        return f"{_usd(lost)} of revenue leaves the window by {_day(review_on)}"
    if check.kind == "paid_plan":
        return f"the paid plan is not paid through {_day(review_on)}"
    return f"{check.missing_words()} needed"


def level_warning(
    *,
    edition: Edition,
    level: str,
    review_on: date,
    then: TierDecision,
    now: Facts,
    lapsing: Sequence[Lapsing] = (),
) -> LevelWarning | None:
    """The warning for a partner at `level` whose review on `review_on` would decide `then`.

    None unless `then` ranks below `level` (a level the edition no longer has is not
    compared). The reasons are the current level's unmet requirements at the review:
    certifications that stop counting (`lapsing`), points or revenue leaving the window
    (against `now`, today's facts), a plan not paid through the review.
    """
    if not level or not edition.has_level(level):
        return None
    rank = edition.level(level).rank
    to = then.level or ""
    to_rank = edition.level(to).rank if to else -1
    if to_rank >= rank:
        return None
    unmet = [c for c in then.level_check(level).checks if not c.met]
    reasons = tuple(dict.fromkeys(_reason(c, now, lapsing, review_on) for c in unmet))
    return LevelWarning(
        review_on=review_on,
        level=level,
        level_name=edition.level(level).name,
        to_level=to,
        to_name=edition.level(to).name if to else "no level",
        reasons=reasons,
    )

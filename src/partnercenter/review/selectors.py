"""Reading a partner's facts on a date: from rollups for the whole program, from entries for one.

The review reads one rollup row per partner per month, so its cost follows the
number of partners, not the number of entries. Months only partly inside the
window (when the as-of date is not the 1st) are read from the entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import Sum

from partnercenter.domain.evaluate import TierDecision, evaluate
from partnercenter.domain.program import CertificationKind, Edition
from partnercenter.domain.requirements import Facts
from partnercenter.domain.windows import (
    EntryLike,
    Leaving,
    add_months,
    points_leaving,
    start_of_day,
    window_bounds,
)
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Partner
from partnercenter.programs.selectors import edition_at
from partnercenter.review.writer import active_partners, rollup_sums, valid_certifications


def window_parts(as_of: date, months: int) -> tuple[date, date, list[tuple[date, date]]]:
    """How the window of a review as of `as_of` is read: the whole months [first, stop)
    from the rollups (as month starts), and the partly covered edges, [a, b) date ranges,
    from the entries (`window_totals` here, `setwise` in SQL)."""
    start, end = window_bounds(as_of, months)
    first = start if start.day == 1 else add_months(start.replace(day=1), 1)
    stop = max(first, end.replace(day=1))
    edges = [(start, first)] if start < first else []
    if stop < end:
        edges.append((stop, end))
    return first, stop, edges


def window_totals(
    as_of: date, months: int, lo: int, hi: int, ids: Sequence[int] | None = None
) -> dict[int, tuple[int, int]]:
    """Points and revenue in the window for partners with lo <= id < hi, read from rollups.

    With `ids` (a page of partners scattered over the id range), only those are read.
    """
    first, stop, edges = window_parts(as_of, months)
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for pid, p, r in rollup_sums(lo, hi, first, stop, ids):
        t = totals[pid]
        t[0] += p or 0
        t[1] += r or 0
    for a, b in edges:
        edge = Entry.objects.filter(
            partner_id__gte=lo,
            partner_id__lt=hi,
            occurred_at__gte=start_of_day(a),
            occurred_at__lt=start_of_day(b),
        )
        if ids:
            edge = edge.filter(partner_id__in=ids)
        edge_rows = (
            edge.values("partner_id")
            .annotate(p=Sum("points"), r=Sum("revenue_cents"))
            .values_list("partner_id", "p", "r")
        )
        for pid, p, r in edge_rows:
            t = totals[pid]
            t[0] += p or 0
            t[1] += r or 0
    return {pid: (t[0], t[1]) for pid, t in totals.items()}


def certification_counts(
    as_of: date,
    edition: Edition,
    partner_ids: Iterable[int] | None = None,
    lo: int = 0,
    hi: int = 0,
) -> dict[int, tuple[int, int]]:
    """Valid (profile, sales) certifications per partner on `as_of`: earned before it, not expired.

    A person counts once per certification type, however often renewed.
    """
    kinds = {c.code: c.kind for c in edition.certifications}
    if partner_ids is not None:
        wanted = set(partner_ids)
        lo, hi = min(wanted, default=0), max(wanted, default=-1) + 1
    rows = [r for r in valid_certifications(lo, hi, as_of) if partner_ids is None or r[0] in wanted]
    held: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for pid, person_id, ctype in rows:
        if ctype in kinds:
            held[pid].add((person_id, ctype))
    out: dict[int, tuple[int, int]] = {}
    for pid, pairs in held.items():
        profile = sum(1 for _, t in pairs if kinds[t] == CertificationKind.PROFILE)
        out[pid] = (profile, len(pairs) - profile)
    return out


def chunk_facts(
    as_of: date, edition: Edition, lo: int, hi: int
) -> list[tuple[tuple[Any, ...], Facts]]:
    """Each active partner with lo <= id < hi, and its facts on `as_of` (window from rollups).

    The row is (id, slug, name, student, plan, plan_paid_until, current_level).
    """
    partners = active_partners(lo, hi)
    if not partners:
        return []
    totals = window_totals(as_of, edition.window_months, lo, hi)
    certs = certification_counts(as_of, edition, lo=lo, hi=hi)
    out = []
    for row in partners:
        pid, plan, paid_until = row[0], row[4], row[5]
        points, revenue = totals.get(pid, (0, 0))
        profile, sales = certs.get(pid, (0, 0))
        facts = Facts(
            points=points,
            revenue_cents=revenue,
            profile_certifications=profile,
            sales_certifications=sales,
            student=row[3],
            paid_plan=paid_plan_active(plan, paid_until, as_of),
        )
        out.append((row, facts))
    return out


def paid_plan_active(plan: str, paid_until: date | None, as_of: date) -> bool:
    """A partner's paid plan counts on `as_of` when it has one, paid through that date."""
    return bool(plan) and paid_until is not None and paid_until >= as_of


@dataclass(frozen=True)
class Contributor:
    """An entry that made the numbers, for "explain"."""

    entry_id: int
    occurred_on: date
    activity: str
    points: int
    revenue_cents: int
    reason: str
    person: str = ""
    """The person the entry names, by their current (possibly pseudonymised) name."""


@dataclass(frozen=True)
class Standing:
    """A partner's facts and decision on a date, with what made them and what is about to leave."""

    partner: Partner
    as_of: date
    edition: Edition
    decision: TierDecision
    entries_counted: int
    top_contributors: list[Contributor]
    leaving: list[Leaving]
    with_late: bool


def partner_standing(
    partner: Partner, as_of: date, *, with_late: bool = True, top: int = 10
) -> Standing:
    """The standing of one partner on `as_of`, computed from its entries, writing nothing.

    With `with_late=False` only entries recorded before the end of `as_of` count,
    so the answer for a past date stays what it was then, even after late approvals.
    """
    edition = edition_at(as_of)
    start, end = window_bounds(as_of, edition.window_months)
    qs = Entry.objects.filter(
        partner=partner,
        occurred_at__gte=start_of_day(start),
        occurred_at__lt=start_of_day(end),
    )
    if not with_late:
        qs = qs.filter(recorded_at__lt=start_of_day(as_of + timedelta(days=1)))
    rows = list(
        qs.values_list(
            "id", "occurred_at", "activity", "points", "revenue_cents", "reason", "person__name"
        )
    )
    inside = rows
    points = sum(r[3] for r in inside)
    revenue = sum(r[4] for r in inside)
    profile, sales = certification_counts(as_of, edition, [partner.pk]).get(partner.pk, (0, 0))
    facts = Facts(
        points=points,
        revenue_cents=revenue,
        profile_certifications=profile,
        sales_certifications=sales,
        student=partner.student,
        paid_plan=paid_plan_active(partner.plan, partner.plan_paid_until, as_of),
    )
    decision = evaluate(facts, edition)
    # The entries that lifted the numbers most: reversals and deductions lift nothing.
    contributors = sorted((r for r in inside if r[3] > 0), key=lambda r: (-r[3], r[1]))[:top]
    return Standing(
        partner=partner,
        as_of=as_of,
        edition=edition,
        decision=decision,
        entries_counted=len(inside),
        top_contributors=[
            Contributor(r[0], _day(r[1]), r[2], r[3], r[4], r[5], r[6] or "") for r in contributors
        ],
        leaving=points_leaving(
            [EntryLike(_day(r[1]), r[3], r[4]) for r in inside], as_of, edition.window_months
        ),
        with_late=with_late,
    )


def _day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()

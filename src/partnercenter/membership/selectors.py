"""Reading membership: who to write to, and what a partner's membership is on a date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Max, QuerySet

from partnercenter.billing.models import Invoice
from partnercenter.billing.selectors import invoices_open
from partnercenter.domain.membership import (
    MembershipFacts,
    MembershipState,
    access_until,
    membership_on,
)
from partnercenter.domain.program import Edition
from partnercenter.membership.models import SchedulerRun
from partnercenter.partners.models import Notice, Partner, PartnerStatus, Person, Role
from partnercenter.programs.selectors import edition_at
from partnercenter.review.models import TierDecision
from partnercenter.review.selectors import paid_plan_active

LOGO_NOTICE_KINDS = ("level_decreased", "logo")
"""Notices that carry a logo deadline: a level drop (the review) and a termination."""


def partner_admin_emails(partner: Partner) -> list[str]:
    """The addresses of the partner's admins (the people a membership email goes to)."""
    return list(
        Person.objects.filter(partner=partner, role=Role.ADMIN)
        .order_by("id")
        .values_list("email", flat=True)
    )


def covering_levels(edition: Edition) -> list[str]:
    """Levels a decision can only reach with the points path's points (the path's level and up)."""
    code = edition.membership.points_path_level
    if not code or not edition.has_level(code):
        return []
    rank = edition.level(code).rank
    return [lv.code for lv in edition.levels if lv.rank >= rank]


def review_coverage(
    partner_ids: Iterable[int], as_of: date, edition: Edition
) -> dict[int, tuple[str | None, bool, date | None]]:
    """Per partner, from its reviews up to `as_of`: (latest level, points path held at the
    latest review, last review day the points path held). Two grouped queries per 1,000."""
    ids = list(partner_ids)
    covering = covering_levels(edition)
    out: dict[int, tuple[str | None, bool, date | None]] = {}
    for k in range(0, len(ids), 1000):
        part = ids[k : k + 1000]
        decisions = TierDecision.objects.filter(partner_id__in=part, as_of__lte=as_of)
        latest_day = dict(
            decisions.values("partner_id").annotate(d=Max("as_of")).values_list("partner_id", "d")
        )
        covered = dict(
            decisions.filter(level__in=covering)
            .values("partner_id")
            .annotate(d=Max("as_of"))
            .values_list("partner_id", "d")
        )
        levels: dict[int, str] = {}
        for pid, day, level in decisions.filter(as_of__in=set(latest_day.values())).values_list(
            "partner_id", "as_of", "level"
        ):
            if latest_day.get(pid) == day:
                levels[pid] = level
        for pid in part:
            last = latest_day.get(pid)
            held = last is not None and covered.get(pid) == last
            out[pid] = (levels.get(pid) or None, held, covered.get(pid))
    return out


def membership_facts(
    partner: Partner,
    day: date,
    edition: Edition,
    *,
    coverage: tuple[str | None, bool, date | None] | None = None,
) -> MembershipFacts:
    """The stored facts of one partner's membership on `day`.

    The level and the points path come from its reviews (or `coverage`, e.g. a live
    standing); the paid plan from `plan` / `plan_paid_until`, the cache billing writes.
    """
    level, points_path, covered_on = coverage or review_coverage([partner.pk], day, edition).get(
        partner.pk, (None, False, None)
    )
    paid = paid_plan_active(partner.plan, partner.plan_paid_until, day)
    covered_until = covered_on
    if partner.plan and partner.plan_paid_until:
        covered_until = max(filter(None, [covered_on, partner.plan_paid_until]))
    return MembershipFacts(
        day=day,
        status=partner.status,
        paid_plan=paid,
        points_path=points_path,
        level=level,
        covered_until=covered_until,
        activated_on=partner.activated_on or partner.partner_since,
        valid_until=partner.valid_until,
        notice_given_on=partner.notice_given_on,
        ends_on=partner.ends_on,
        terminated_on=partner.terminated_on,
    )


def membership_state(
    partner: Partner, day: date, *, level: str | None = None, points: int | None = None
) -> MembershipState:
    """A partner's membership on `day`. With `level` and `points` (a live standing), those
    are used instead of the latest review's."""
    edition = edition_at(day)
    coverage = None
    if points is not None:
        held = points >= edition.membership.points_path_points
        _, _, covered_on = review_coverage([partner.pk], day, edition).get(
            partner.pk, (None, False, None)
        )
        coverage = (level, held, day if held else covered_on)
    return membership_on(membership_facts(partner, day, edition, coverage=coverage), edition)


def portal_access(partner: Partner, day: date) -> str:
    """What the partner's people may do in the portal: "full", "read" (terminated, within
    `terminated_access_months`) or "none" (terminated longer ago)."""
    if partner.status != PartnerStatus.TERMINATED:
        return "full"
    if partner.terminated_on is None:
        return "read"
    until = access_until(partner.terminated_on, edition_at(partner.terminated_on))
    return "read" if day <= until else "none"


def read_access_until(partner: Partner) -> date | None:
    """The last day a terminated partner's people may read the portal."""
    if partner.terminated_on is None:
        return None
    return access_until(partner.terminated_on, edition_at(partner.terminated_on))


def partners_under_notice() -> QuerySet[Partner]:
    """Partners with a notice running (active, or lapsed meanwhile), the soonest end first."""
    return Partner.objects.filter(
        status__in=(PartnerStatus.ACTIVE, PartnerStatus.LAPSED), ends_on__isnull=False
    ).order_by("ends_on", "name")


def partners_lapsing_soon(today: date, days: int = 60) -> list[tuple[Partner, MembershipState]]:
    """Active partners whose membership lapses within `days` (validity ending, or no plan
    nor points path), with their state; the soonest first."""
    from datetime import timedelta

    from django.db.models import Q

    edition = edition_at(today)
    horizon = today + timedelta(days=days)
    candidates = list(
        Partner.objects.filter(status=PartnerStatus.ACTIVE, ends_on__isnull=True).filter(
            Q(valid_until__lte=horizon)
            | Q(plan="")
            | Q(plan_paid_until__isnull=True)
            | Q(plan_paid_until__lt=today)
        )[:2000]
    )
    coverage = review_coverage([p.pk for p in candidates], today, edition)
    out = []
    for p in candidates:
        state = membership_on(membership_facts(p, today, edition, coverage=coverage[p.pk]), edition)
        if state.lapses_on is not None and state.lapses_on <= horizon:
            out.append((p, state))
    out.sort(key=lambda ps: (ps[1].lapses_on or today, ps[0].name))
    return out


def logo_deadlines_overdue(today: date) -> QuerySet[Notice]:
    """Logo deadlines that passed unresolved: flagged in the back office until staff resolve them."""
    return (
        Notice.objects.filter(
            kind__in=LOGO_NOTICE_KINDS, resolved_at__isnull=True, due_on__lt=today
        )
        .select_related("partner")
        .order_by("due_on")
    )


def scheduler_runs(limit: int = 100) -> QuerySet[SchedulerRun]:
    """The latest scheduler runs, newest first."""
    return SchedulerRun.objects.order_by("-started_at", "-id")[:limit]


def statement_context(partner: Partner) -> dict[str, Any]:
    """What a final statement lists: open invoices (when billing is installed), commissions."""
    return {"invoices": open_invoices(partner)}


def open_invoices(partner: Partner) -> list[Invoice]:
    """The partner's unpaid invoices (billing)."""
    return list(invoices_open(partner))

"""What the portal shows: a partner's dashboard, ledger, history, plan and benefits."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.safestring import SafeString

from partnercenter.certifications.selectors import level_warning_for
from partnercenter.domain.certifications import LevelWarning
from partnercenter.domain.commercial import discount_percent, lead_priority
from partnercenter.domain.membership import MembershipState
from partnercenter.domain.program import Edition, Level, Plan
from partnercenter.domain.requirements import REQUIREMENT_KINDS
from partnercenter.domain.windows import Leaving, add_months
from partnercenter.ledger.models import Entry, MonthlyRollup
from partnercenter.membership.selectors import membership_state
from partnercenter.partners.models import Notice, Partner
from partnercenter.review.explanation import expand, explanation_of, missing_of
from partnercenter.review.models import TierDecision
from partnercenter.review.selectors import Standing, paid_plan_active, partner_standing
from partnercenter.standing.cache import cached, standing_key
from partnercenter.standing.charts import Chart, bar_chart, chart_html


@dataclass(frozen=True)
class Progress:
    """One requirement of the next level as a progress bar."""

    label: str
    needed: str
    has: str
    percent: int
    met: bool
    missing: str


@dataclass(frozen=True)
class Dashboard:
    """Everything the partner's home page shows, computed live (writes nothing)."""

    partner: Partner
    edition: Edition
    standing: Standing
    level: Level | None
    live_level: Level | None
    next_level: Level | None
    progress: list[Progress]
    missing_sentence: str
    leaving: list[Leaving]
    chart: Chart
    chart_html: SafeString
    names: dict[str, str]
    latest: list[Entry]
    notices: list[Notice]
    membership: MembershipState
    """The membership card (status, validity, what keeps it), with today's live standing."""
    level_warning: LevelWarning | None
    """The coming level drop, if the next review would lower the level."""


def activity_names(edition: Edition) -> dict[str, str]:
    """Catalogue names by code, with staff adjustments, for ledger tables."""
    names = {a.code: a.name for a in edition.activities}
    names["adjustment"] = "Adjustment"
    return names


def explain_levels(standing: Standing) -> list[dict[str, Any]]:
    """Every level of a live decision with each requirement in words (has / needed / met)."""
    out = []
    for lc in standing.decision.levels:
        rows = []
        for c in lc.checks:
            kind = REQUIREMENT_KINDS[c.kind]
            rows.append(
                {
                    "label": kind.label,
                    "has": kind.amount(c.has),
                    "needed": kind.amount(c.needed),
                    "met": c.met,
                }
            )
        out.append({"name": lc.name, "qualifies": lc.qualifies, "requirements": rows})
    return out


def standing_now(partner: Partner, today: date, top: int = 0) -> Standing:
    """The standing as of tomorrow's start, so that today's approved entries already count."""
    return partner_standing(partner, today + timedelta(days=1), top=top)


def progress_rows(standing: Standing) -> list[Progress]:
    """A bar per requirement of the next level: needed, has, and the words for what is missing."""
    decision = standing.decision
    if decision.next_level is None:
        return []
    rows = []
    for check in decision.level_check(decision.next_level).checks:
        kind = REQUIREMENT_KINDS[check.kind]
        percent = 100 if check.met else int(100 * max(0, check.has) / max(1, check.needed))
        rows.append(
            Progress(
                label=kind.label,
                needed=kind.amount(check.needed),
                has=kind.amount(check.has),
                percent=min(100, percent),
                met=check.met,
                missing="" if check.met else check.missing_words(),
            )
        )
    return rows


def points_by_month(partner: Partner, today: date, months: int = 24) -> list[tuple[str, int]]:
    """Points per calendar month over the last `months` months, oldest first (from the rollups)."""
    first = add_months(today.replace(day=1), -(months - 1))
    sums = dict(
        MonthlyRollup.objects.filter(partner=partner, month__gte=first).values_list(
            "month", "points"
        )
    )
    out = []
    for k in range(months):
        month = add_months(first, k)
        out.append((month.strftime("%b %y"), int(sums.get(month, 0))))
    return out


def _level(edition: Edition, code: str | None) -> Level | None:
    return edition.level(code) if code and edition.has_level(code) else None


@dataclass(frozen=True)
class _Computed:
    """What the dashboard computes from entries and certifications: kept in the cache."""

    standing: Standing
    chart: Chart
    chart_html: SafeString
    latest: list[Entry]
    membership: MembershipState
    level_warning: LevelWarning | None


def _computed(partner: Partner, today: date) -> _Computed:
    standing = standing_now(partner, today)
    chart = bar_chart(points_by_month(partner, today), title="Points by month, last 24 months")
    decision = standing.decision
    return _Computed(
        standing=replace(standing, partner=partner),
        chart=chart,
        chart_html=chart_html(chart, "points"),
        latest=list(Entry.objects.filter(partner=partner).select_related("person")[:8]),
        membership=membership_state(
            partner, today, level=decision.level, points=decision.facts.points
        ),
        level_warning=level_warning_for(partner, today),
    )


def dashboard(partner: Partner, today: date) -> Dashboard:
    """The partner's home page; today's approved entries already count.

    The standing, chart and latest entries are computed once per change (see
    `standing.cache`); the running notices are read on every load.
    """
    computed = cached(standing_key("dashboard", partner, today), lambda: _computed(partner, today))
    standing = replace(computed.standing, partner=partner)
    edition = standing.edition
    decision = standing.decision
    return Dashboard(
        partner=partner,
        edition=edition,
        standing=standing,
        level=_level(edition, partner.current_level),
        live_level=_level(edition, decision.level),
        next_level=_level(edition, decision.next_level),
        progress=progress_rows(standing),
        missing_sentence=decision.missing_sentence(edition),
        leaving=standing.leaving,
        chart=computed.chart,
        chart_html=computed.chart_html,
        names=activity_names(edition),
        latest=computed.latest,
        membership=computed.membership,
        level_warning=computed.level_warning,
        notices=running_notices(partner, today),
    )


def running_notices(partner: Partner, today: date) -> list[Notice]:
    """The partner's open notices, newest first (5): a logo deadline long past is history, not news.

    Read on every dashboard load (notices are written by many areas, so they are not
    cached): one raw statement, as the ORM's query building cost six times the query."""
    return list(Notice.objects.raw(_NOTICES_SQL, [partner.pk, today]))


_NOTICES_SQL = (
    f"SELECT * FROM {Notice._meta.db_table} WHERE partner_id = %s AND resolved_at IS NULL "
    "AND (due_on IS NULL OR due_on >= %s) ORDER BY created_at DESC, id DESC LIMIT 5"
)


def ledger_entries(
    partner: Partner | None,
    *,
    activity: str = "",
    source: str = "",
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Entry]:
    """Entries (of one partner, or all for staff) filtered by activity, source and date, newest first."""
    # The reversing entries are not joined (`reversed_by`): SQLite, whose statistics count
    # the NULL `reverses_id` of nearly every entry as one value, scanned the whole ledger
    # per row of such a join. Tables look them up per page (`standing.tables`).
    qs = Entry.objects.select_related("person", "reverses", "partner")
    if partner is not None:
        qs = qs.filter(partner=partner)
    if activity:
        qs = qs.filter(activity=activity)
    if source:
        qs = qs.filter(source=source)
    if start:
        qs = qs.filter(occurred_at__date__gte=start)
    if end:
        qs = qs.filter(occurred_at__date__lte=end)
    return qs.order_by("-occurred_at", "-id")


def ledger_totals(qs: QuerySet[Entry]) -> dict[str, int]:
    sums = qs.aggregate(points=Sum("points"), revenue=Sum("revenue_cents"))
    return {"points": sums["points"] or 0, "revenue_cents": sums["revenue"] or 0}


def ledger_count_and_totals(
    partner: Partner, entries: QuerySet[Entry], *, filtered: bool, today: date
) -> tuple[int, dict[str, int]]:
    """How many entries and their sums; a partner's whole ledger is counted once per change."""

    def compute() -> tuple[int, dict[str, int]]:
        sums = entries.aggregate(n=Count("id"), points=Sum("points"), revenue=Sum("revenue_cents"))
        return sums["n"], {"points": sums["points"] or 0, "revenue_cents": sums["revenue"] or 0}

    if filtered:
        return compute()
    return cached(standing_key("ledger", partner, today), compute)


def level_history(partner: Partner, edition: Edition) -> list[dict[str, Any]]:
    """Every review decision, newest first, with its explanation in words."""
    out = []
    decisions = TierDecision.objects.filter(partner=partner).select_related("shape")
    for d in decisions.order_by("-as_of", "-id")[:60]:
        levels = expand(explanation_of(d))
        for lv in levels:
            lv["name"] = _name(edition, lv["level"])
            for r in lv["requirements"]:
                kind = REQUIREMENT_KINDS.get(r["kind"])
                r["label"] = kind.label if kind else r["kind"]
                r["needed_words"] = kind.amount(r["needed"]) if kind else r["needed"]
                r["has_words"] = kind.amount(r["has"]) if kind else r["has"]
        missing = []
        for kind_code, needed, has in missing_of(d):
            kind = REQUIREMENT_KINDS.get(kind_code)
            if kind:
                missing.append(kind.missing(max(0, needed - has)))
        out.append(
            {
                "decision": d,
                "level_name": _name(edition, d.level) or "No level",
                "previous_name": _name(edition, d.previous_level) or "No level",
                "next_name": _name(edition, d.next_level),
                "missing": missing,
                "levels": levels,
            }
        )
    return out


def _name(edition: Edition, code: str) -> str:
    return edition.level(code).name if code and edition.has_level(code) else code


@dataclass(frozen=True)
class PlanAndBenefits:
    """The level's column of the benefits matrix, its discounts and lead priority, and the plan."""

    level: Level | None
    benefits: list[tuple[str, bool]]
    discounts: list[tuple[str, int, bool]]
    lead_priority: int | None
    plan: Plan | None
    plan_active: bool
    edition: Edition


def plan_and_benefits(partner: Partner, edition: Edition, today: date) -> PlanAndBenefits:
    """Read from the edition: the Student level has the Starter column (the document's rule)."""
    level = _level(edition, partner.current_level)
    code = level.code if level else None
    held = {b.code for b in edition.benefits_of(code)}
    plan = edition.plan(partner.plan) if partner.plan and _has_plan(edition, partner.plan) else None
    return PlanAndBenefits(
        level=level,
        benefits=[(b.name, b.code in held) for b in edition.benefits],
        discounts=[
            (
                d.name,
                discount_percent(edition, code, d.code),
                bool(code) and code in d.kick_off_package,
            )
            for d in edition.discounts
        ],
        lead_priority=lead_priority(edition, code),
        plan=plan,
        plan_active=plan is not None
        and paid_plan_active(plan.code, partner.plan_paid_until, today),
        edition=edition,
    )


def _has_plan(edition: Edition, code: str) -> bool:
    return any(p.code == code for p in edition.plans)

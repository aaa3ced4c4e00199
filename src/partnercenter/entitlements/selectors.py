"""Reads: a partner's quotas (allowed − SUM of usage), tickets, slots, the SLA and revenue reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db.models import Case, F, QuerySet, Sum, Value, When

from partnercenter.domain import quotas
from partnercenter.domain.program import Edition, Plan
from partnercenter.entitlements.models import (
    Meeting,
    MeetingSlot,
    MeetingStatus,
    Queue,
    RevenueCheck,
    Ticket,
    TicketStatus,
    Usage,
)
from partnercenter.ledger.models import Entry
from partnercenter.partners.models import Partner
from partnercenter.programs.selectors import edition_at
from partnercenter.review.selectors import paid_plan_active

ENTITLEMENTS = ("tickets", "meetings")


@dataclass(frozen=True)
class Quota:
    """One entitlement's state in the period holding an instant (the API's quota shape)."""

    entitlement: str
    plan: Plan
    period: quotas.Period
    allowed: int
    used: int
    remaining: int

    def as_dict(self) -> dict[str, object]:
        return {
            "entitlement": self.entitlement,
            "period_start": self.period.start,
            "period_end": self.period.end,
            "allowed": self.allowed,
            "used": self.used,
            "remaining": self.remaining,
            "resets_at": self.period.resets_at,
        }


def plan_in_force(partner: Partner, at: datetime) -> Plan | None:
    """The partner's paid plan at `at` (plan set and paid through that day), else None."""
    day = at.astimezone(UTC).date()
    if not paid_plan_active(partner.plan, partner.plan_paid_until, day):
        return None
    edition = edition_at(day)
    try:
        return edition.plan(partner.plan)
    except KeyError:
        return None


def plan_bringing(edition: Edition, entitlement: str, partner: Partner) -> Plan | None:
    """The cheapest plan this partner may take that brings `entitlement` (for "which plan")."""
    offered = [
        p
        for p in edition.plans
        if (p.tickets if entitlement == "tickets" else p.guidance_meetings) > 0
        and (p.code != "student" or partner.student)
    ]
    return min(offered, key=lambda p: p.price_cents, default=None)


def _quota_numbers(entitlement: str, plan: Plan) -> tuple[int, str]:
    if entitlement == "tickets":
        return plan.tickets, plan.tickets_period
    return plan.guidance_meetings, plan.guidance_period


def quota_of(partner: Partner, entitlement: str, at: datetime) -> Quota | None:
    """The entitlement's allowance in the period holding `at`; None without a paid plan."""
    plan = plan_in_force(partner, at)
    if plan is None:
        return None
    allowed, kind = _quota_numbers(entitlement, plan)
    period = quotas.period_containing(kind, at)
    rows = [
        quotas.UsageRow(plan=p, amount=a)
        for p, a in Usage.objects.filter(
            partner=partner, entitlement=entitlement, period_start=period.start
        ).values_list("plan", "amount")
    ]
    rule = edition_at(at.date()).entitlements.plan_change_rule
    a = quotas.allowance(rule=rule, period=period, plan=plan.code, quota=allowed, rows=rows)
    return Quota(entitlement, plan, period, a.allowed, a.used, a.remaining)


def quotas_of(partner: Partner, at: datetime) -> list[Quota]:
    """Every entitlement's quota (empty without a paid plan)."""
    out = [quota_of(partner, e, at) for e in ENTITLEMENTS]
    return [q for q in out if q is not None]


def partner_tickets(partner: Partner) -> QuerySet[Ticket]:
    """A partner's tickets, newest first."""
    return Ticket.objects.filter(partner=partner).select_related("person")


def partner_ticket(partner: Partner, pk: int) -> Ticket | None:
    return partner_tickets(partner).filter(pk=pk).first()


def ticket_queue(*, show: str = "open") -> QuerySet[Ticket]:
    """Staff's queue: open tickets with a due time first (soonest due), then the community queue."""
    qs = Ticket.objects.select_related("partner", "person")
    if show == "open":
        qs = qs.filter(status__in=(TicketStatus.OPEN, TicketStatus.ANSWERED))
    waiting = Case(When(first_response_at__isnull=True, then=Value(0)), default=Value(1))
    return qs.annotate(waiting=waiting).order_by(
        "waiting", F("response_due_at").asc(nulls_last=True), "opened_at"
    )


def free_slots(at: datetime) -> QuerySet[MeetingSlot]:
    """Future slots without a live booking, soonest first."""
    taken = Meeting.objects.exclude(status=MeetingStatus.CANCELLED).values("slot_id")
    return (
        MeetingSlot.objects.filter(starts_at__gt=at).exclude(pk__in=taken).select_related("staff")
    )


def partner_meetings(partner: Partner) -> QuerySet[Meeting]:
    return Meeting.objects.filter(partner=partner).select_related("slot", "person", "slot__staff")


def all_slots() -> QuerySet[MeetingSlot]:
    """Every slot with its bookings, newest first (the back office)."""
    return (
        MeetingSlot.objects.select_related("staff")
        .prefetch_related("meetings", "meetings__partner", "meetings__person")
        .order_by("-starts_at")
    )


@dataclass(frozen=True)
class SlaRow:
    """One plan's month: tickets with an SLA, how many met it, response times, breaches.

    `met_percent` is over the decided tickets (answered, or breached unanswered); a ticket
    still within its time counts in `tickets` but not yet in the percentage."""

    plan: str
    tickets: int
    met: int
    met_percent: float | None
    median_minutes: int | None
    worst_minutes: int | None
    breaches: int


def month_bounds(month: date) -> tuple[datetime, datetime]:
    start = datetime(month.year, month.month, 1, tzinfo=UTC)
    return start, quotas.period_containing("month", start).end


def sla_report(month: date) -> list[SlaRow]:
    """Per plan, the SLA-queue tickets opened in `month`, measured from their timestamps."""
    start, end = month_bounds(month)
    tickets = Ticket.objects.filter(queue=Queue.SLA, opened_at__gte=start, opened_at__lt=end)
    by_plan: dict[str, list[Ticket]] = {}
    for t in tickets.order_by("plan", "opened_at"):
        by_plan.setdefault(t.plan, []).append(t)
    rows = []
    for plan, items in by_plan.items():
        minutes = [
            int((t.first_response_at - t.opened_at).total_seconds() // 60)
            for t in items
            if t.first_response_at is not None
        ]
        decided = sum(1 for t in items if t.first_response_at is not None or t.breached_at)
        met = sum(
            1
            for t in items
            if t.first_response_at is not None
            and t.response_due_at is not None
            and t.first_response_at <= t.response_due_at
        )
        rows.append(
            SlaRow(
                plan=plan,
                tickets=len(items),
                met=met,
                met_percent=round(100 * met / decided, 1) if decided else None,
                median_minutes=quotas.median(minutes),
                worst_minutes=max(minutes, default=None),
                breaches=sum(1 for t in items if t.breached_at is not None),
            )
        )
    return rows


def quarter_revenue_cents(partner: Partner, quarter: quotas.Period) -> int:
    """Revenue the partner generated for 7x in the quarter: the ledger's revenue entries
    (reversals included). The partner's own plan payments are invoices, not ledger revenue."""
    total = Entry.objects.filter(
        partner=partner, occurred_at__gte=quarter.start, occurred_at__lt=quarter.end
    ).aggregate(s=Sum("revenue_cents"))["s"]
    return int(total or 0)


@dataclass(frozen=True)
class RevenueProgress:
    """The quarter so far against the plan's requirement (the portal's progress bar)."""

    quarter: quotas.Period
    required_cents: int
    revenue_cents: int

    @property
    def percent(self) -> int:
        if self.required_cents <= 0:
            return 100
        return min(100, int(100 * self.revenue_cents / self.required_cents))

    @property
    def shortfall_cents(self) -> int:
        return max(0, self.required_cents - self.revenue_cents)

    @property
    def label(self) -> str:
        q = (self.quarter.start.month - 1) // 3 + 1
        return f"Q{q} {self.quarter.start.year}"


def revenue_progress(partner: Partner, at: datetime) -> RevenueProgress | None:
    """This quarter's revenue against the plan's requirement; None without one."""
    plan = plan_in_force(partner, at)
    if plan is None or plan.revenue_requirement_cents <= 0:
        return None
    quarter = quotas.period_containing("quarter", at)
    return RevenueProgress(
        quarter, plan.revenue_requirement_cents, quarter_revenue_cents(partner, quarter)
    )


def revenue_checks(*, shortfall_only: bool = False) -> QuerySet[RevenueCheck]:
    """The quarter-end checks for the back-office report, newest quarter first."""
    qs = RevenueCheck.objects.select_related("partner")
    if shortfall_only:
        qs = qs.filter(revenue_cents__lt=F("required_cents"))
    return qs

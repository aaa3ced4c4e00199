"""Scheduler jobs: stamp SLA breaches as they happen; check the quarter's revenue at its end."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from partnercenter.domain import quotas
from partnercenter.entitlements.models import RevenueCheck
from partnercenter.entitlements.selectors import plan_in_force, quarter_revenue_cents
from partnercenter.entitlements.services import breaches_stamp
from partnercenter.partners.models import Notice, Partner, PartnerStatus


def sla_breaches_job(as_of: date) -> dict[str, int]:
    """Hourly: SLA tickets past their due time without a staff response get `breached_at` now."""
    return {"breached": breaches_stamp(now=timezone.now())}


def quarter_revenue_check(*, quarter: quotas.Period, now: datetime | None = None) -> dict[str, int]:
    """Check each active partner's revenue in `quarter` against its plan's requirement (once).

    A shortfall leaves a `revenue_shortfall` notice; the report lists every check. No
    sanction follows from here: staff decide.
    """
    now = now or timezone.now()
    last_moment = quarter.end - timedelta(microseconds=1)
    checked = shortfalls = 0
    for partner in Partner.objects.filter(status=PartnerStatus.ACTIVE).order_by("pk"):
        plan = plan_in_force(partner, last_moment)
        if plan is None or plan.revenue_requirement_cents <= 0:
            continue
        revenue = quarter_revenue_cents(partner, quarter)
        try:
            with transaction.atomic():
                check = RevenueCheck.objects.create(
                    partner=partner,
                    quarter_start=quarter.start.date(),
                    plan=plan.code,
                    required_cents=plan.revenue_requirement_cents,
                    revenue_cents=revenue,
                    checked_at=now,
                )
                checked += 1
                if check.shortfall_cents:
                    shortfalls += 1
                    q = (quarter.start.month - 1) // 3 + 1
                    Notice.objects.create(
                        partner=partner,
                        kind="revenue_shortfall",
                        message=(
                            f"Q{q} {quarter.start.year}: revenue for 7x was "
                            f"USD {revenue / 100:,.2f} against the {plan.name}'s requirement of "
                            f"USD {plan.revenue_requirement_cents / 100:,.2f} "
                            f"(short by USD {check.shortfall_cents / 100:,.2f})."
                        ),
                    )
        except IntegrityError:
            continue  # checked before: once per partner and quarter
    return {"checked": checked, "shortfalls": shortfalls}


def quarter_revenue_job(as_of: date) -> dict[str, int]:
    """Daily: check the quarter that ended before `as_of` (a no-op once done)."""
    today = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    current = quotas.period_containing("quarter", today)
    previous = quotas.period_containing("quarter", current.start - timedelta(days=1))
    return quarter_revenue_check(quarter=previous)

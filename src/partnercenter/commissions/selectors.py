"""Reading referrals and the commissions ledger: statuses, balances, statements."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from partnercenter.commissions.models import (
    CommissionEntry,
    CommissionStatus,
    EntryStatus,
    Referral,
)
from partnercenter.domain import commissions as rules
from partnercenter.domain.commissions import EntryKind, Line
from partnercenter.partners.models import Partner


def entries_with_status() -> QuerySet[CommissionEntry]:
    """Commission entries annotated with `current_status` (the latest record; else pending)."""
    latest = CommissionStatus.objects.filter(entry=OuterRef("pk")).order_by("-id")
    status = Coalesce(Subquery(latest.values("status")[:1]), Value(EntryStatus.PENDING))
    return CommissionEntry.objects.select_related("partner", "referral").annotate(
        **{"current_status": status}  # the model declares the attribute for type checkers
    )


def partner_entries(partner: Partner) -> QuerySet[CommissionEntry]:
    """A partner's commission entries, oldest first, with their status."""
    return entries_with_status().filter(partner=partner).order_by("booked_at", "id")


def partner_balance(partner: Partner) -> int:
    """What 7x owes the partner in cents: the sum of all its commission entries."""
    return rules.balance(
        Line(e.kind, e.amount_cents) for e in CommissionEntry.objects.filter(partner=partner)
    )


def partner_referrals(partner: Partner) -> QuerySet[Referral]:
    """A partner's referrals, newest first."""
    return Referral.objects.filter(partner=partner).order_by("-registered_at", "-id")


def month_start(day: date) -> date:
    return day.replace(day=1)


def _at(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


@dataclass(frozen=True)
class Statement:
    """One partner's month: opening balance, its entries, the totals and closing balance."""

    partner: Partner
    month: date
    entries: list[CommissionEntry]
    totals: rules.Totals


def statement_for(partner: Partner, month: date) -> Statement:
    """The month's statement, computed from the ledger (so it always adds up to it)."""
    month = month_start(month)
    start, end = _at(month), _at(_following(month))
    everything = partner_entries(partner)
    before = [Line(e.kind, e.amount_cents) for e in everything.filter(booked_at__lt=start)]
    during = list(everything.filter(booked_at__gte=start, booked_at__lt=end))
    totals = rules.totals(before, [Line(e.kind, e.amount_cents) for e in during])
    return Statement(partner=partner, month=month, entries=during, totals=totals)


def _following(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def statement_csv(statement: Statement) -> str:
    """The statement as CSV: an opening line, one line per entry, a closing line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["date", "kind", "referral", "description", "status", "amount_cents"])
    writer.writerow(
        [
            statement.month.isoformat(),
            "opening",
            "",
            "Opening balance",
            "",
            statement.totals.opening_cents,
        ]
    )
    for e in statement.entries:
        writer.writerow(
            [
                e.booked_at.astimezone(UTC).date().isoformat(),
                e.kind,
                e.referral.code if e.referral else "",
                e.description,
                getattr(e, "current_status", ""),
                e.amount_cents,
            ]
        )
    last = date.fromordinal(_following(statement.month).toordinal() - 1)
    writer.writerow(
        [last.isoformat(), "closing", "", "Closing balance", "", statement.totals.closing_cents]
    )
    return out.getvalue()


def commissions_due(partner: Partner) -> list[dict[str, Any]]:
    """Commissions earned and not yet paid out (for the final statement), oldest first."""
    rows = partner_entries(partner).exclude(kind=EntryKind.PAYOUT)
    return [
        {
            "booked_on": e.booked_at.astimezone(UTC).date(),
            "referral": e.referral.code if e.referral else "",
            "company": e.referral.company if e.referral else "",
            "description": e.description,
            "status": e.current_status,
            "amount_cents": e.amount_cents,
        }
        for e in rows
        if e.current_status != EntryStatus.PAID
    ]

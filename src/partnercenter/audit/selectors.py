"""Reading the audit trail: filters and keyset pages that stay fast at millions of rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q, QuerySet

from partnercenter.audit.models import AuditEvent

ACTIONS: dict[str, str] = {
    "staff.sign_in": "Staff signed in",
    "submission.approve": "Submission approved",
    "submission.reject": "Submission rejected",
    "ledger.adjust": "Ledger adjusted",
    "certification.record": "Certification recorded",
    "certification.revoke": "Certification revoked",
    "review.run": "Review run",
    "edition.load": "Edition loaded",
    "edition_draft.create": "Edition draft started",
    "edition_draft.save": "Edition draft saved",
    "edition.publish": "Edition published",
    "partner.update": "Partner changed",
    "application.approve": "Application approved",
    "application.reject": "Application rejected",
    "invoice.payment": "Payment recorded",
    "invoice.void": "Invoice voided",
    "membership.notice": "Notice given",
    "membership.notice_withdraw": "Notice withdrawn",
    "membership.terminate": "Membership terminated",
    "logo_deadline.resolve": "Logo deadline resolved",
    "delivery.replay": "Webhook delivery replayed",
    "person.erase": "Personal data erased",
    "contract.countersign": "Contract countersigned",
    "import.apply": "CSV imported",
    "partner.create": "Partner created (admin)",
    "partner.delete": "Partner deleted (admin)",
    "auth.denied": "Authorization refused",
    "lead.share": "Lead shared with a partner",
    "lead.reroute": "Lead routed again",
    "referral.payment": "Referral payment recorded",
    "referral.refund": "Referral refund recorded",
    "commission.approve": "Commissions approved",
    "payout.create": "Payout batch built",
    "payout.paid": "Payout batch paid",
    "ticket.reply": "Ticket answered",
    "ticket.close": "Ticket closed",
    "meeting_slot.publish": "Meeting slot published",
    "meeting.mark": "Meeting marked held or no-show",
    "listing.propose": "Public page change sent for review",
    "listing.approve": "Public page change approved",
    "listing.reject": "Public page change rejected",
    "appeal.file": "Appeal filed",
    "appeal.uphold": "Appeal upheld",
    "appeal.dismiss": "Appeal dismissed",
}
"""The actions the trail knows, with their names for people (the filter's choices)."""


@dataclass(frozen=True)
class AuditFilter:
    """What the Audit page filters on; empty values do not filter."""

    actor: str = ""
    action: str = ""
    target: str = ""
    since: date | None = None
    until: date | None = None
    text: str = ""


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def audit_events(f: AuditFilter) -> QuerySet[AuditEvent]:
    """The rows matching `f`, newest first (time, then id for rows of the same instant)."""
    qs = AuditEvent.objects.all()
    if f.action:
        qs = qs.filter(action=f.action)
    if f.actor:
        qs = qs.filter(actor_label__icontains=f.actor)
    if f.target:
        kind, sep, ident = f.target.partition(":")
        if sep and kind and ident:  # "partner:acme", "invoice:2026-000001": the (type, id) index
            qs = qs.filter(target_type=kind, target_id=ident)
        else:
            qs = qs.filter(Q(target_id=f.target) | Q(target_label=f.target))
    if f.since:
        qs = qs.filter(created_at__gte=_start(f.since))
    if f.until:
        qs = qs.filter(created_at__lt=_start(f.until + timedelta(days=1)))
    if f.text:
        # JSON as text: a containment search across every value of the details.
        qs = qs.filter(details__icontains=f.text)
    return qs.order_by("-created_at", "-id")


def cursor_of(event: AuditEvent) -> str:
    """The position just after `event` in newest-first order: `<created_at>_<id>`."""
    return f"{event.created_at.isoformat()}_{event.pk}"


def _parse_cursor(cursor: str) -> tuple[datetime, int] | None:
    stamp, _, ident = cursor.rpartition("_")
    try:
        at = datetime.fromisoformat(stamp.replace(" ", "+"))
    except ValueError:
        return None
    if at.tzinfo is None or not ident.isdigit():
        return None
    return at, int(ident)


def audit_page(
    qs: QuerySet[AuditEvent], *, before: str = "", size: int = 50
) -> tuple[list[AuditEvent], str | None]:
    """One page of `qs` older than the cursor `before`, and the next page's cursor.

    Keyset paging on (created_at, id): each page is an index range scan, as fast
    on the millionth row as on the first (no OFFSET, no COUNT).
    """
    position = _parse_cursor(before) if before else None
    if position is not None:
        at, ident = position
        qs = qs.filter(created_at__lte=at).exclude(created_at=at, id__gte=ident)
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (cursor_of(rows[-1]) if more and rows else None)


CSV_HEADER: list[object] = [
    "id",
    "created_at",
    "actor",
    "actor_id",
    "action",
    "target_type",
    "target_id",
    "target",
    "count",
    "ip",
    "method",
    "path",
    "user_agent",
    "details",
]


def _cell(value: object) -> object:
    """Neutralise spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def audit_csv_rows(qs: QuerySet[AuditEvent]) -> Iterator[list[object]]:
    """The header, then one row per event of `qs` (streamed in chunks, never all in memory)."""
    yield CSV_HEADER
    for e in qs.iterator(chunk_size=2000):
        yield [
            e.pk,
            e.created_at.isoformat(),
            _cell(e.actor_label),
            e.actor_id or "",
            e.action,
            e.target_type,
            _cell(e.target_id),
            _cell(e.target_label),
            e.count,
            e.ip or "",
            e.method,
            _cell(e.path),
            _cell(e.user_agent),
            _cell(json.dumps(e.details, ensure_ascii=False, sort_keys=True)),
        ]

"""Reading appeals: a partner's, the staff queue, what an appeal contests, what may be appealed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, QuerySet

from partnercenter.appeals.models import Appeal, AppealKind, AppealStatus
from partnercenter.commissions.models import CommissionEntry
from partnercenter.domain.commissions import EntryKind
from partnercenter.partners.models import Partner
from partnercenter.review.models import TierDecision
from partnercenter.staffroles.models import ApprovalRequest, Decision
from partnercenter.submissions.models import Status as SubmissionStatus
from partnercenter.submissions.models import Submission

APPEALABLE_COMMISSIONS = (EntryKind.ACCRUAL, EntryKind.CLAWBACK)
"""Payouts record money sent; what they paid is contested through the accruals."""


@dataclass(frozen=True)
class Subject:
    """What an appeal contests, in words, with the row itself."""

    kind: str
    row: Model
    label: str
    detail: str


def _qs(kind: str) -> QuerySet[Model]:
    if kind == AppealKind.SUBMISSION:
        return Submission.objects.all()  # type: ignore[return-value]
    if kind == AppealKind.DECISION:
        return TierDecision.objects.all()  # type: ignore[return-value]
    if kind == AppealKind.COMMISSION:
        return CommissionEntry.objects.all()  # type: ignore[return-value]
    raise KeyError(kind)


def subject_of(kind: str, row: Model) -> Subject:
    """The words that name a contested row, for the portal and the back office."""
    if isinstance(row, Submission):
        why = row.get_reject_reason_display() + (f": {row.reject_text}" if row.reject_text else "")
        return Subject(
            kind,
            row,
            f"Activity #{row.pk} ({row.activity}, {row.occurred_on:%Y-%m-%d})",
            f"Rejected — {why}" if row.status == SubmissionStatus.REJECTED else row.status,
        )
    if isinstance(row, TierDecision):
        level = row.level or "no level"
        return Subject(
            kind,
            row,
            f"Review of {row.as_of:%d %B %Y}",
            f"Level {level} ({row.get_direction_display().lower()}), "
            f"{int((row.facts or {}).get('points', 0)):,} points",
        )
    assert isinstance(row, CommissionEntry)
    return Subject(
        kind,
        row,
        f"Commission entry #{row.pk} ({row.kind}, {row.booked_at:%Y-%m-%d})",
        f"{row.amount_cents / 100:,.2f} USD — {row.description}",
    )


def appealable(partner: Partner, kind: str, target_id: int) -> Model | None:
    """The partner's row of `kind` with that id, if it exists and may be appealed."""
    if kind not in AppealKind.values:
        return None
    row = _qs(kind).filter(pk=target_id, partner=partner).first()
    if row is None:
        return None
    if isinstance(row, Submission) and row.status != SubmissionStatus.REJECTED:
        return None
    if isinstance(row, CommissionEntry) and row.kind not in APPEALABLE_COMMISSIONS:
        return None
    return row


def appeal_of(kind: str, target_id: int) -> Appeal | None:
    """The appeal of one row, if it was appealed."""
    field = {"submission": "submission_id", "decision": "decision_id"}.get(
        kind, "commission_entry_id"
    )
    return Appeal.objects.filter(kind=kind, **{field: target_id}).first()


def partner_appeals(partner: Partner) -> QuerySet[Appeal]:
    """A partner's appeals, newest first."""
    return Appeal.objects.filter(partner=partner).select_related(
        "submission", "decision", "commission_entry", "filed_by", "ledger_entry"
    )


def appeal_queue(status: str = AppealStatus.PENDING) -> QuerySet[Appeal]:
    """Appeals of a status: pending oldest first (the queue), answered newest first."""
    qs = Appeal.objects.filter(status=status).select_related("partner", "filed_by")
    if status == AppealStatus.PENDING:
        return qs.order_by("filed_at", "id")
    return qs.order_by("-answered_at", "-id")


def appeal_for_staff(pk: int) -> Appeal | None:
    """One appeal with everything its page shows (None if there is none)."""
    return (
        Appeal.objects.select_related(
            "partner",
            "filed_by",
            "answered_by",
            "submission",
            "decision",
            "commission_entry",
            "ledger_entry",
            "commission_correction",
        )
        .filter(pk=pk)
        .first()
    )


def appeal_subject(appeal: Appeal) -> Subject:
    """What the appeal contests, in words."""
    row = appeal.submission or appeal.decision or appeal.commission_entry
    assert row is not None
    return subject_of(appeal.kind, row)


def commission_request_key_prefix(appeal_id: int) -> str:
    """The keys of the four-eyes requests upholding commission appeal `appeal_id` start so."""
    return f"appeal_commission:{appeal_id}:"


def appeal_requests(appeal: Appeal) -> list[ApprovalRequest]:
    """The four-eyes requests to uphold a commission appeal, newest first (declined ones too)."""
    if appeal.kind != AppealKind.COMMISSION:
        return []
    rows = ApprovalRequest.objects.filter(
        key__startswith=commission_request_key_prefix(appeal.pk)
    ).select_related("requested_by", "decided_by")
    return list(rows.order_by("-requested_at", "-id"))


def appeal_waiting_request(appeal: Appeal) -> ApprovalRequest | None:
    """The request to uphold this commission appeal that waits for a second approver, if any."""
    return next((r for r in appeal_requests(appeal) if r.decision == Decision.PENDING), None)

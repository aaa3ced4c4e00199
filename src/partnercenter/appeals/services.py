"""Filing and answering appeals. Upholding posts a correcting entry; nothing is ever edited.

A submission or tier decision is corrected by a points adjustment through the ledger
service (`entry_post`); a commission entry by a correcting entry in the append-only
commissions ledger (an accrual if 7x owes more, a clawback if less). Either way the
appeal links to the entry it posted.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from partnercenter.appeals.errors import (
    AlreadyAppealed,
    AnswerRequired,
    AppealNotPending,
    CorrectionRequired,
    NotAppealable,
    NotPartnerAdmin,
    NotStaff,
    ReasonRequired,
    TargetNotFound,
    UnknownKind,
)
from partnercenter.appeals.models import Appeal, AppealKind, AppealStatus
from partnercenter.appeals.selectors import appeal_of, appealable
from partnercenter.audit.services import audit_record
from partnercenter.commissions.models import CommissionEntry
from partnercenter.domain.commissions import EntryKind
from partnercenter.ledger.models import Source
from partnercenter.ledger.services import ADJUSTMENT, entry_post
from partnercenter.membership.selectors import partner_admin_emails
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Person, Role
from partnercenter.review.models import TierDecision
from partnercenter.submissions.models import Submission

MAX_TEXT = 4000
MAX_POINTS = 1_000_000
"""A typo guard, as for staff adjustments."""
MAX_CENTS = 100_000_000
"""A typo guard: one correction moves at most USD 1,000,000."""


def _text(value: str, error: type[ReasonRequired] | type[AnswerRequired], what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise error(f"Give {what}: it is the heart of the appeal.")
    if len(value) > MAX_TEXT:
        raise error(f"Keep {what} under {MAX_TEXT} characters.")
    return value


def appeal_file(*, person: Person, kind: str, target_id: int, reason: str) -> Appeal:
    """A partner admin contests one decision of its partner, once, with a reason."""
    if person.role != Role.ADMIN:
        raise NotPartnerAdmin("Only a partner admin can file an appeal.")
    if kind not in AppealKind.values:
        raise UnknownKind("Choose what to appeal: an activity, a tier decision or a commission.")
    reason = _text(reason, ReasonRequired, "the reason")
    partner = person.partner
    row = appealable(partner, kind, target_id)
    if row is None:
        exists = appeal_of(kind, target_id) is not None or _owned(partner.pk, kind, target_id)
        if not exists:
            raise TargetNotFound(f"{partner.name} has no such {AppealKind(kind).label.lower()}.")
        raise NotAppealable(
            "Only a rejected activity, a tier decision or a commission accrual or clawback "
            "can be appealed."
        )
    if appeal_of(kind, target_id) is not None:
        raise AlreadyAppealed(_already(kind))
    fields: dict[str, Any] = {
        "submission": row if isinstance(row, Submission) else None,
        "decision": row if isinstance(row, TierDecision) else None,
        "commission_entry": row if isinstance(row, CommissionEntry) else None,
    }
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                partner=partner,
                kind=kind,
                reason=reason,
                filed_by=person,
                filed_at=timezone.now(),
                **fields,
            )
            audit_record(
                actor=person.user if person.user_id else person.email,
                action="appeal.file",
                target=partner,
                details={"appeal": appeal.pk, "kind": kind, "target": target_id},
            )
    except IntegrityError:
        # Filed by someone else a moment ago: the unique column refused the second.
        raise AlreadyAppealed(_already(kind)) from None
    return appeal


def _owned(partner_id: int, kind: str, target_id: int) -> bool:
    model: Any = {"submission": Submission, "decision": TierDecision}.get(kind, CommissionEntry)
    return bool(model.objects.filter(pk=target_id, partner_id=partner_id).exists())


def _already(kind: str) -> str:
    return (
        f"This {AppealKind(kind).label.lower()} was appealed already; each decision can be "
        "appealed once. Its answer is on the Appeals page."
    )


def _require_staff(staff_user: Any) -> None:
    if not (getattr(staff_user, "is_staff", False) and getattr(staff_user, "is_active", False)):
        raise NotStaff("Only program staff answer appeals.")


def _locked_pending(appeal: Appeal) -> Appeal:
    current = Appeal.objects.select_for_update().select_related("partner").get(pk=appeal.pk)
    if current.status != AppealStatus.PENDING:
        raise AppealNotPending(
            f"Appeal #{current.pk} was already {current.get_status_display().lower()}; "
            "nothing was changed."
        )
    return current


def _answered(current: Appeal, staff_user: Any, status: str, answer: str) -> None:
    current.status = status
    current.answer = answer
    current.answered_by = staff_user
    current.answered_at = timezone.now()
    for email in partner_admin_emails(current.partner):
        message_queue(
            kind="appeal_answered",
            to=email,
            context={"partner": current.partner, "appeal": current},
            key=f"appeal_answered:{current.pk}:{email}"[:200],
            partner=current.partner,
        )


@transaction.atomic
def appeal_uphold(
    *,
    appeal: Appeal,
    staff_user: Any,
    answer: str,
    points: int | None = None,
    amount_cents: int | None = None,
) -> Appeal:
    """Agree with the partner: post the correcting entry, link it, answer, mail the admins.

    Points for an activity or a tier decision (a signed adjustment in the points ledger);
    cents for a commission entry (a correcting accrual or clawback).
    """
    _require_staff(staff_user)
    answer = _text(answer, AnswerRequired, "the answer")
    current = _locked_pending(appeal)
    reason = f"Appeal #{current.pk} upheld: {answer[:200]} (by staff #{staff_user.pk})"
    if current.kind == AppealKind.COMMISSION:
        if not amount_cents:
            raise CorrectionRequired(
                "Enter the correcting amount in cents (negative to take back).",
                field="amount_cents",
            )
        if abs(amount_cents) > MAX_CENTS:
            raise CorrectionRequired(
                f"A correction is at most {MAX_CENTS:,} cents either way.", field="amount_cents"
            )
        contested = current.commission_entry
        assert contested is not None
        current.commission_correction = CommissionEntry.objects.create(
            partner=current.partner,
            referral=contested.referral,
            kind=EntryKind.ACCRUAL if amount_cents > 0 else EntryKind.CLAWBACK,
            amount_cents=amount_cents,
            booked_at=timezone.now(),
            key=f"appeal:{current.pk}",
            description=f"Correction of entry #{contested.pk} after appeal #{current.pk}"[:300],
        )
        details: dict[str, Any] = {"commission_entry": current.commission_correction.pk}
    else:
        if not points:
            raise CorrectionRequired(
                "Enter the correcting points (negative to take points away).", field="points"
            )
        if abs(points) > MAX_POINTS:
            raise CorrectionRequired(
                f"A correction is at most {MAX_POINTS:,} points either way.", field="points"
            )
        posted = entry_post(
            partner=current.partner,
            activity=ADJUSTMENT,
            occurred_at=timezone.now(),
            source=Source.ADJUSTMENT,
            reason=reason,
            idempotency_key=f"appeal:{current.pk}",
            points=points,
        )
        current.ledger_entry = posted.entry
        details = {"entry": posted.entry.pk, "points": points}
    _answered(current, staff_user, AppealStatus.UPHELD, answer)
    current.save()
    audit_record(
        actor=staff_user,
        action="appeal.uphold",
        target=current.partner,
        details={"appeal": current.pk, "kind": current.kind, "answer": answer, **details},
    )
    return current


@transaction.atomic
def appeal_dismiss(*, appeal: Appeal, staff_user: Any, answer: str) -> Appeal:
    """Disagree with the partner, saying why; nothing else changes."""
    _require_staff(staff_user)
    answer = _text(answer, AnswerRequired, "the answer")
    current = _locked_pending(appeal)
    _answered(current, staff_user, AppealStatus.DISMISSED, answer)
    current.save()
    audit_record(
        actor=staff_user,
        action="appeal.dismiss",
        target=current.partner,
        details={"appeal": current.pk, "kind": current.kind, "answer": answer},
    )
    return current

"""Filing and answering appeals. Upholding posts a correcting entry; nothing is ever edited.

Upholding a commission appeal moves money, so it waits for a second finance user (the
four-eyes kind `appeal_commission`), as a manual commission does.

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
    AwaitingSecondApprover,
    CorrectionRequired,
    NotAppealable,
    NotPartnerAdmin,
    NotStaff,
    ReasonRequired,
    TargetNotFound,
    UnknownKind,
)
from partnercenter.appeals.models import Appeal, AppealKind, AppealStatus
from partnercenter.appeals.selectors import (
    appeal_of,
    appeal_requests,
    appeal_waiting_request,
    appealable,
    commission_request_key_prefix,
)
from partnercenter.audit.services import audit_record
from partnercenter.commissions.models import CommissionEntry
from partnercenter.domain.commissions import EntryKind
from partnercenter.ledger.models import Source
from partnercenter.ledger.services import ADJUSTMENT, entry_post
from partnercenter.membership.selectors import partner_admin_emails
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Person, Role
from partnercenter.review.models import TierDecision
from partnercenter.staffroles.services import approval_request_create
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


def _cents(amount_cents: int | None) -> int:
    if not amount_cents:
        raise CorrectionRequired(
            "Enter the correcting amount in cents (negative to take back).",
            field="amount_cents",
        )
    if abs(amount_cents) > MAX_CENTS:
        raise CorrectionRequired(
            f"A correction is at most {MAX_CENTS:,} cents either way.", field="amount_cents"
        )
    return amount_cents


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

    Points for an activity or a tier decision (a signed adjustment in the points ledger),
    posted at once. Cents for a commission entry: that moves money, so, like a manual
    commission, it waits for a second finance user (`appeal_commission_correct` runs when
    they approve); the appeal stays pending meanwhile.
    """
    _require_staff(staff_user)
    answer = _text(answer, AnswerRequired, "the answer")
    current = _locked_pending(appeal)
    if current.kind == AppealKind.COMMISSION:
        _commission_request(current, staff_user, answer, _cents(amount_cents))
        return current
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
        reason=f"Appeal #{current.pk} upheld: {answer[:200]} (by staff #{staff_user.pk})",
        idempotency_key=f"appeal:{current.pk}",
        points=points,
    )
    current.ledger_entry = posted.entry
    _answered(current, staff_user, AppealStatus.UPHELD, answer)
    current.save()
    audit_record(
        actor=staff_user,
        action="appeal.uphold",
        target=current.partner,
        details={
            "appeal": current.pk,
            "kind": current.kind,
            "answer": answer,
            "entry": posted.entry.pk,
            "points": points,
        },
    )
    return current


def _commission_request(current: Appeal, staff_user: Any, answer: str, cents: int) -> None:
    """Ask a second finance user to approve upholding a commission appeal (one at a time)."""
    if appeal_waiting_request(current) is not None:
        raise AwaitingSecondApprover(
            f"Upholding appeal #{current.pk} already waits for a second approver; "
            "nothing was changed."
        )
    tries = len(appeal_requests(current))
    contested = current.commission_entry
    assert contested is not None
    requested = approval_request_create(
        kind="appeal_commission",
        payload={"appeal": current.pk, "amount_cents": cents, "answer": answer},
        summary=(
            f"Uphold appeal #{current.pk} of {current.partner.name}: correct commission entry "
            f"#{contested.pk} by {cents / 100:+,.2f} USD"
        ),
        key=f"{commission_request_key_prefix(current.pk)}{tries + 1}",
        requested_by=staff_user,
    )
    audit_record(
        actor=staff_user,
        action="appeal.uphold_request",
        target=current.partner,
        details={
            "appeal": current.pk,
            "approval_request": requested.request.pk,
            "amount_cents": cents,
            "answer": answer,
        },
    )


@transaction.atomic
def appeal_commission_correct(
    *, appeal_id: int, amount_cents: int, answer: str, requested_by: Any, approver: Any
) -> Appeal:
    """A second staff member approved: post the correcting commission entry, link it, answer.

    Called by the four-eyes kind `appeal_commission`, never by a door. The appeal must still
    be pending (refused by name otherwise, and the request stays waiting).
    """
    current = _locked_pending(Appeal(pk=appeal_id))
    cents = _cents(amount_cents)
    contested = current.commission_entry
    assert contested is not None
    current.commission_correction = CommissionEntry.objects.create(
        partner=current.partner,
        referral=contested.referral,
        kind=EntryKind.ACCRUAL if cents > 0 else EntryKind.CLAWBACK,
        amount_cents=cents,
        booked_at=timezone.now(),
        key=f"appeal:{current.pk}",
        description=f"Correction of entry #{contested.pk} after appeal #{current.pk}"[:300],
    )
    _answered(current, requested_by, AppealStatus.UPHELD, answer)
    current.save()
    audit_record(
        actor=approver,
        action="appeal.uphold",
        target=current.partner,
        details={
            "appeal": current.pk,
            "kind": current.kind,
            "answer": answer,
            "commission_entry": current.commission_correction.pk,
            "requested_by": requested_by.pk,
            "approved_by": approver.pk,
        },
    )
    return current


def appeal_commission_declined(*, appeal_id: int, user: Any, reason: str) -> None:
    """The second staff member declined upholding: the appeal stays pending; audit why."""
    appeal = Appeal.objects.select_related("partner").get(pk=appeal_id)
    audit_record(
        actor=user,
        action="appeal.uphold_declined",
        target=appeal.partner,
        details={"appeal": appeal.pk, "reason": reason},
    )


@transaction.atomic
def appeal_dismiss(*, appeal: Appeal, staff_user: Any, answer: str) -> Appeal:
    """Disagree with the partner, saying why; nothing else changes."""
    _require_staff(staff_user)
    answer = _text(answer, AnswerRequired, "the answer")
    current = _locked_pending(appeal)
    if appeal_waiting_request(current) is not None:
        raise AwaitingSecondApprover(
            f"Upholding appeal #{current.pk} waits for a second approver: they approve or "
            "decline it first; nothing was changed."
        )
    _answered(current, staff_user, AppealStatus.DISMISSED, answer)
    current.save()
    audit_record(
        actor=staff_user,
        action="appeal.dismiss",
        target=current.partner,
        details={"appeal": current.pk, "kind": current.kind, "answer": answer},
    )
    return current

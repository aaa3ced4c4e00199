"""Named refusals of appeals; each names the field at fault and changes nothing."""

from __future__ import annotations

from partnercenter.errors import Refusal


class AppealError(Refusal):
    """An appeal action the rules refuse; nothing was written."""

    code = "appeal_refused"


class NotPartnerAdmin(AppealError):
    """Only a partner admin speaks for the partner in an appeal."""

    code = "not_partner_admin"


class UnknownKind(AppealError):
    """The kind is not one that can be appealed."""

    code = "unknown_kind"
    field = "kind"


class TargetNotFound(AppealError):
    """No such decision of this partner (another partner's rows are not found either)."""

    code = "target_not_found"
    field = "target"


class NotAppealable(AppealError):
    """The decision is not one that can be appealed (an approved submission, a payout)."""

    code = "not_appealable"
    field = "target"


class AlreadyAppealed(AppealError):
    """The same decision was appealed already: one appeal each."""

    code = "already_appealed"
    field = "target"


class ReasonRequired(AppealError):
    """An appeal says why; an answer says why too."""

    code = "reason_required"
    field = "reason"


class AnswerRequired(AppealError):
    """Staff answer every appeal in words: the partner reads it."""

    code = "answer_required"
    field = "answer"


class CorrectionRequired(AppealError):
    """Upholding posts a correcting entry: its amount must be given and non-zero."""

    code = "correction_required"


class AppealNotPending(AppealError):
    """The appeal was answered already; a second answer changes nothing."""

    code = "appeal_not_pending"
    field = "appeal"


class NotStaff(AppealError):
    """Only program staff answer appeals."""

    code = "not_staff"


class AwaitingSecondApprover(AppealError):
    """Upholding this commission appeal waits for a second staff member already."""

    code = "awaiting_second_approver"
    field = "appeal"

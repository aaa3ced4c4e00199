"""Named refusals of referrals and commissions; each names the rule, says why, names the field."""

from __future__ import annotations

from partnercenter.errors import Refusal


class CommissionError(Refusal):
    """A referral or commission action the rules refuse; nothing was written."""

    code = "commission_error"


class AlreadyRegistered(CommissionError):
    """The customer already has an open registration (by company name or e-mail domain)."""

    code = "referral_already_registered"
    field = "company"


class NotEarning(CommissionError):
    """The partner is not an active member: it registers no referral and earns no commission."""

    code = "partner_not_earning"
    field = "partner"


class InvalidReferral(CommissionError):
    """A referral field is missing or wrong (the field says which)."""

    code = "invalid_referral"


class HotCriteriaMissing(CommissionError):
    """A referral is hot only when every hot criterion of the edition is met."""

    code = "hot_criteria_missing"
    field = "hot_criteria"


class ReferralClosed(CommissionError):
    """The referral is lost or expired: it earns no fee and cannot progress."""

    code = "referral_closed"
    field = "referral"


class UnknownReferral(CommissionError):
    """No referral has this code."""

    code = "unknown_referral"
    field = "referral_code"


class InvalidAmount(CommissionError):
    """An amount is not a whole number of cents in range (the field says which)."""

    code = "invalid_amount"
    field = "amount_cents"


class UnknownPayment(CommissionError):
    """A refund names no recorded payment."""

    code = "unknown_payment"
    field = "payment_key"


class RefundTooLarge(CommissionError):
    """A refund larger than what is left of the payment."""

    code = "refund_too_large"
    field = "amount_cents"


class NotApproved(CommissionError):
    """Only approved commissions are paid out."""

    code = "commission_not_approved"
    field = "entries"


class NothingToDo(CommissionError):
    """The action has nothing to act on (no pending entry, an empty batch, already paid)."""

    code = "nothing_to_do"
    field = ""

"""Named refusals of billing; each says which rule refused and why, and names the field."""

from __future__ import annotations

from partnercenter.errors import Refusal


class BillingError(Refusal):
    """A billing action the rules refuse; nothing was written."""

    code = "billing_error"


class UnknownPlan(BillingError):
    """The plan is not one of the edition's plans."""

    code = "unknown_plan"
    field = "plan"


class PlanNotAllowed(BillingError):
    """The partner may not take this plan (Student without a student enrolment, ...)."""

    code = "plan_not_allowed"
    field = "plan"


class PlanUnchanged(BillingError):
    """The partner is already on this plan (and no change is waiting)."""

    code = "plan_unchanged"
    field = "plan"


class PartnerNotBillable(BillingError):
    """A terminated (or suspended) partner buys nothing."""

    code = "partner_not_billable"
    field = "partner"


class InvoiceNotOpen(BillingError):
    """The invoice is already paid or void."""

    code = "invoice_not_open"
    field = "invoice"


class WrongAmount(BillingError):
    """A payment must be exactly the invoice's open amount."""

    code = "wrong_amount"
    field = "amount_cents"


class DuplicatePayment(BillingError):
    """This payment reference was already recorded for another invoice."""

    code = "duplicate_payment"
    field = "reference"


class InvalidPayment(BillingError):
    """A payment without a reference, with an unknown source, or dated in the future."""

    code = "invalid_payment"


class ReasonRequired(BillingError):
    """A void needs a reason (it is printed on the credit note)."""

    code = "reason_required"
    field = "reason"


class KickOffNotEligible(BillingError):
    """The partner's level is not one the edition offers the Kick-Off Package to."""

    code = "kick_off_not_eligible"
    field = "level"


class KickOffAlreadyBought(BillingError):
    """The Kick-Off Package is bought once."""

    code = "kick_off_already_bought"
    field = "kick_off_package"


class UnknownInvoice(BillingError):
    """No invoice has this number."""

    code = "unknown_invoice"
    field = "invoice_number"


class PaymentUnavailable(BillingError):
    """Card payment is not configured, or the payment provider refused to start it."""

    code = "payment_unavailable"

"""Named refusals of leads; forms put them on the field, the API answers 4xx. Nothing changes."""

from __future__ import annotations

from partnercenter.errors import Refusal


class LeadError(Refusal):
    """A lead action the rules refuse; nothing was written."""

    code = "lead_error"


class InvalidField(LeadError):
    """A field is missing, too long or malformed."""

    code = "invalid"


class UnknownProfile(LeadError):
    code = "unknown_profile"
    field = "profile"


class UnknownCountry(LeadError):
    code = "unknown_country"
    field = "country"


class UnknownBudgetBand(LeadError):
    code = "unknown_budget_band"
    field = "budget_band"


class InvalidEmail(LeadError):
    code = "invalid_email"
    field = "contact_email"


class NoConsent(LeadError):
    """The customer must agree that 7x passes the request on to a partner."""

    code = "no_consent"
    field = "consent"


class TooManyLeads(LeadError):
    """Too many requests from one address in the window; `retry_after` in seconds."""

    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotYourLead(LeadError):
    """The lead is not offered to (or held by) the caller's partner."""

    code = "not_your_lead"
    field = "lead"


class WrongState(LeadError):
    """The lead is not in a state that allows this (e.g. accepting a won lead)."""

    code = "wrong_state"
    field = "status"


class AlreadyWon(LeadError):
    code = "already_won"
    field = "status"


class NegativeDealValue(LeadError):
    code = "negative_deal_value"
    field = "deal_value_cents"


class ReasonRequired(LeadError):
    code = "reason_required"
    field = "reason"


class CannotShare(LeadError):
    """Only levels that SHARE leads (the edition's `share_levels`) share or pass leads."""

    code = "cannot_share"
    field = "partner"

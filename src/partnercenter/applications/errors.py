"""Named refusals of applications; forms put them on the field, the API answers 4xx."""

from __future__ import annotations

from partnercenter.errors import Refusal


class ApplicationError(Refusal):
    """An application action the rules refuse; nothing was written."""

    code = "application_error"


class InvalidField(ApplicationError):
    """A field is missing, too long or malformed."""

    code = "invalid"


class UnknownCountry(ApplicationError):
    """The country is not an ISO 3166 alpha-2 code."""

    code = "unknown_country"
    field = "country"


class UnknownProfile(ApplicationError):
    """The profile is not one of the edition in force."""

    code = "unknown_profile"
    field = "profile"


class InvalidEmail(ApplicationError):
    """The contact email is not an email address."""

    code = "invalid_email"
    field = "contact_email"


class TermsNotAccepted(ApplicationError):
    """The program terms must be accepted to apply."""

    code = "terms_not_accepted"
    field = "accepts_terms"


class TooManyApplications(ApplicationError):
    """Too many applications from one address in the window; `retry_after` in seconds."""

    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class InvalidConfirmation(ApplicationError):
    """The confirmation link is forged, or names no application."""

    code = "invalid_confirmation"


class ConfirmationExpired(InvalidConfirmation):
    """The confirmation link is older than the days it is valid."""

    code = "confirmation_expired"


class NotConfirmed(ApplicationError):
    """The contact has not confirmed the email: staff cannot decide yet."""

    code = "not_confirmed"


class AlreadyDecided(ApplicationError):
    """The application was already approved or rejected."""

    code = "already_decided"


class ReasonRequired(ApplicationError):
    """A rejection needs a reason (it is mailed to the applicant)."""

    code = "reason_required"
    field = "reason"


class ContactHasAccount(ApplicationError):
    """The contact email already signs in to Partner Center, so it cannot be invited."""

    code = "contact_has_account"
    field = "contact_email"

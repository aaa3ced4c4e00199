"""Named refusals of the directory (public page settings)."""

from __future__ import annotations

from partnercenter.errors import Refusal


class ListingError(Refusal):
    """A public page change the rules refuse; nothing was written."""

    code = "listing_refused"


class LogoRefused(ListingError):
    """The uploaded logo is not a PNG, JPEG or WebP image within the size limits."""

    code = "logo_refused"
    field = "logo"


class TooManyServices(ListingError):
    """The services list is longer (or an entry longer) than a page shows."""

    code = "too_many_services"
    field = "services"


class DescriptionTooLong(ListingError):
    """The description is longer than a page shows."""

    code = "description_too_long"
    field = "description"


class CaseStudiesRefused(ListingError):
    """The case studies are more, or longer, than a page shows."""

    code = "case_studies_refused"
    field = "case_studies"


class RevisionNotPending(ListingError):
    """The revision was already decided (or replaced): a second decision changes nothing."""

    code = "revision_not_pending"
    field = "revision"


class ReasonRequired(ListingError):
    """A rejection must say why: the reason is mailed to the partner admins."""

    code = "reason_required"
    field = "reason"


class NotStaff(ListingError):
    """Only program staff decide on a partner's public page."""

    code = "not_staff"

"""Named refusals of the portal's team and profile actions."""

from __future__ import annotations

from partnercenter.errors import Refusal


class PortalError(Refusal):
    """A team or profile action the rules refuse; nothing was written."""

    code = "portal_error"


class EmailTaken(PortalError):
    """The email already belongs to a person of this partner or to an account."""

    code = "email_taken"
    field = "email"


class LastAdmin(PortalError):
    """A partner always keeps at least one partner admin."""

    code = "last_admin"
    field = "role"


class NotSamePartner(PortalError):
    """The person belongs to another partner."""

    code = "not_same_partner"


class InvitationUsed(PortalError):
    """The person has signed in: their invitation can no longer be resent or cancelled."""

    code = "invitation_used"


class PersonReferenced(PortalError):
    """The invited person is named by a record of the program and cannot be removed."""

    code = "person_referenced"


class UnknownCountry(PortalError):
    """The country is not an ISO 3166 country (such as "ZZ")."""

    code = "unknown_country"
    field = "country"

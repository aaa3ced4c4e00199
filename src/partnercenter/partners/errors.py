"""Named refusals of the partners area (invitations to the portal)."""

from __future__ import annotations

from partnercenter.errors import Refusal


class InvitationError(Refusal):
    """An invitation that cannot be used; nothing was written."""

    code = "invitation_error"


class InvalidInvite(InvitationError):
    """The invitation link is forged, expired, or already used."""

    code = "invalid_invite"


class AccountExists(InvitationError):
    """The invited email already has a Partner Center account."""

    code = "email_taken"
    field = "email"


class CertificationError(Refusal):
    """A certification change the rules refuse; nothing was written."""

    code = "certification_error"


class AlreadyRevoked(CertificationError):
    """A certification is revoked once; its revocation is history and is not replaced."""

    code = "already_revoked"
    field = "certification"


class RevocationInvalid(CertificationError):
    """A revocation without a reason, or from a day that would rewrite a past answer."""

    code = "revocation_invalid"

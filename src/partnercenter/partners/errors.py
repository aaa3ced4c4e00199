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

"""Named refusals of staff roles and four-eyes requests."""

from __future__ import annotations

from partnercenter.errors import Refusal


class FourEyesError(Refusal):
    """A four-eyes request that cannot be made or decided."""

    code = "four_eyes"


class OwnRequest(FourEyesError):
    """The requester tried to approve (or refuse) their own request."""

    code = "own_request"


class AlreadyDecided(FourEyesError):
    """The request was approved or refused already."""

    code = "already_decided"


class NotPermitted(FourEyesError):
    """The user lacks the permission the request's kind needs."""

    code = "forbidden"


class UnknownRole(FourEyesError):
    """No staff role has this name."""

    code = "unknown_role"
    field = "role"

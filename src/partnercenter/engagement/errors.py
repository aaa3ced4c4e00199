"""Named refusals of roadmap requests, service requests and announcements.

Each names the field at fault and is raised before anything is written.
"""

from __future__ import annotations

from partnercenter.errors import Refusal


class EngagementError(Refusal):
    """A roadmap, service-request or announcement action the rules refuse."""

    code = "engagement_error"


class InvalidInput(EngagementError):
    """A missing or malformed field (empty title, unknown level in a segment, ...)."""

    code = "invalid"


class NoRight(EngagementError):
    """The partner's plan or level does not bring this; the message says which does."""

    code = "no_right"


class AlreadyVoted(EngagementError):
    """The partner already voted for this roadmap request (one vote per partner)."""

    code = "already_voted"
    field = "request"


class OwnRequest(EngagementError):
    """A partner does not vote for its own request (filing it says it wants it)."""

    code = "own_request"
    field = "request"


class NotFound(EngagementError):
    """No such request (or not one the caller may see)."""

    code = "not_found"


class WrongState(EngagementError):
    """The request's status does not allow this change."""

    code = "wrong_state"
    field = "status"


class Duplicate(EngagementError):
    """The same service is already requested and not yet done."""

    code = "duplicate"
    field = "benefit"


class BadToken(EngagementError):
    """An unsubscribe link that is not ours (forged, altered or cut)."""

    code = "bad_token"
    field = "token"

"""Named refusals of the API layer; the handlers turn each into a JSON 4xx."""

from __future__ import annotations

from partnercenter.errors import Refusal


class ApiError(Exception):
    """A request the API refuses; `status` is the HTTP status, `code` and `field` go in the body."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(ApiError):
    status = 404
    code = "not_found"


class Forbidden(ApiError):
    status = 403
    code = "forbidden"


class InvalidToken(ApiError):
    """Token parameters the service refuses (no name, unknown scope, expiry in the past)."""

    status = 400
    code = "invalid_token"


class IdempotencyMismatch(ApiError):
    status = 409
    code = "idempotency_key_reused"


class IdempotencyInProgress(ApiError):
    status = 409
    code = "idempotency_key_in_progress"


def refused(exc: Refusal, statuses: dict[type[Refusal], int]) -> ApiError:
    """An area's refusal as an ApiError: its code, message and field, and the HTTP status
    of the first class in `statuses` it is an instance of (400 when none)."""
    err = ApiError(exc.message, field=exc.field or "")
    err.code = exc.code
    err.status = next((s for cls, s in statuses.items() if isinstance(exc, cls)), 400)
    return err

"""The API's routers, one module per area."""

from __future__ import annotations

from typing import Any

from ninja.params.functions import Header

from partnercenter.api.schemas import ErrorOut

ERROR_STATUSES = (400, 401, 403, 404, 409, 422, 429)


def responses(ok: dict[int, Any]) -> dict[int, Any]:
    """Document the success shape(s) and every refusal an operation can answer with."""
    return {**ok, **{status: ErrorOut for status in ERROR_STATUSES}}


IDEMPOTENCY_KEY: Any = Header(
    None,
    alias="Idempotency-Key",
    max_length=200,
    description="Send the same key to retry safely: the first response is replayed.",
)
"""The header every POST takes (documented here; acted on by `api.idempotency`)."""

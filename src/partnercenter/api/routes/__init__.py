"""The API's routers, one module per area."""

from __future__ import annotations

from typing import Any

from ninja.params.functions import File, Header

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


UPLOAD: Any = File(None, description="The file (required: a missing or empty one is a 400).")
"""An uploaded file, checked by the operation itself: a missing or empty file is a 400 naming
it, not a 422 (a multipart part with no content reaches Django as no file at all)."""

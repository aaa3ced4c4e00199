"""Cursor pagination by id: stable while rows are added, cheap at any depth."""

from __future__ import annotations

import base64
from typing import TypeVar

from django.db.models import Model, QuerySet

from partnercenter.api.errors import ApiError

M = TypeVar("M", bound=Model)

MAX_LIMIT = 200


def _decode(cursor: str) -> int:
    try:
        value = int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (ValueError, UnicodeDecodeError):
        raise ApiError("The cursor is not one this API gave out.", field="cursor") from None
    if value < 0:
        raise ApiError("The cursor is not one this API gave out.", field="cursor")
    return value


def _encode(pk: int) -> str:
    return base64.urlsafe_b64encode(str(pk).encode()).decode().rstrip("=")


def page(qs: QuerySet[M], cursor: str | None, limit: int) -> tuple[list[M], str | None]:
    """Rows newest first (by id), after `cursor`; and the cursor of the next page, if any."""
    qs = qs.order_by("-pk")
    if cursor:
        qs = qs.filter(pk__lt=_decode(cursor))
    rows = list(qs[: limit + 1])
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, _encode(rows[-1].pk)
    return rows, None

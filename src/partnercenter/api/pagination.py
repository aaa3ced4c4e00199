"""Cursor pagination by id: stable while rows are added, cheap at any depth."""

from __future__ import annotations

import re
from typing import TypeVar

from django.db.models import Model, QuerySet

from partnercenter.api.errors import ApiError

M = TypeVar("M", bound=Model)

MAX_LIMIT = 200

CURSOR_PATTERN = r"^[0-9a-f]{1,15}$"
"""A cursor is the last id of a page in hex: documented exactly, so any cursor the schema
allows is one the API can read (15 hex digits stay below the database's 2^63)."""


def _decode(cursor: str) -> int:
    if not re.fullmatch(CURSOR_PATTERN, cursor):
        raise ApiError("The cursor is not one this API gave out.", field="cursor")
    return int(cursor, 16)


def _encode(pk: int) -> str:
    return format(pk, "x")


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

"""A person joined to its partner, read in one raw look-up and built into both models.

Every signed-in request needs the person behind the user (the portal's `person_of`) and
the authentication backend can read it with the user (`identity.backends`): both build
the models from the same columns, with the ORM's converters, so a person read either way
is the same as `Person.objects.select_related("partner")` would give (issue 14).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connection

from partnercenter.partners.models import Partner, Person


def columns(model: Any, alias: str) -> tuple[list[str], str]:
    """The model's concrete field names, and its columns under `alias` for a SELECT."""
    names = [f.attname for f in model._meta.concrete_fields]
    return names, ", ".join(f'{alias}."{f.column}"' for f in model._meta.concrete_fields)


PERSON_FIELDS, _PERSON_COLUMNS = columns(Person, "p")
PARTNER_FIELDS, _PARTNER_COLUMNS = columns(Partner, "q")
PERSON_COLUMNS = f"{_PERSON_COLUMNS}, {_PARTNER_COLUMNS}"
"""The person's columns then its partner's: a SELECT over `PERSON_JOIN` reads these."""
PERSON_JOIN = f"{Person._meta.db_table} p JOIN {Partner._meta.db_table} q ON q.id = p.partner_id"
PERSON_WIDTH = len(PERSON_FIELDS) + len(PARTNER_FIELDS)

PERSON_STASH = "_partnercenter_person"
"""The attribute where `identity.backends` leaves on a user the person it read with it
(None: the user has none); `portal.access.person_of` takes it from there."""


def person_from_row(row: Sequence[Any]) -> Person:
    """The person and its partner from `PERSON_COLUMNS`' values (as the ORM loads them)."""
    n = len(PERSON_FIELDS)
    person = Person.from_db(connection.alias, PERSON_FIELDS, converted(Person, row[:n]))
    person.partner = Partner.from_db(connection.alias, PARTNER_FIELDS, converted(Partner, row[n:]))
    return person


def converted(model: Any, values: Sequence[Any]) -> list[Any]:
    """Values as the ORM would load them (SQLite returns dates and booleans as text and ints)."""
    out = []
    for (field, converters), value in zip(
        _converters(model, connection.vendor), values, strict=True
    ):
        for convert in converters:
            value = convert(value, field, connection)
        out.append(value)
    return out


@cache
def _converters(model: Any, vendor: str) -> list[tuple[Any, list[Any]]]:
    """Each concrete field with the converters the ORM applies to its column (`vendor`: the
    backend they were read from)."""
    out = []
    for field in model._meta.concrete_fields:
        col = field.get_col(model._meta.db_table)
        out.append(
            (field, [*connection.ops.get_db_converters(col), *col.get_db_converters(connection)])
        )
    return out

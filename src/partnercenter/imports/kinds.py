"""The four kinds of import, in the order they are imported (each may refer to the ones before).

Each kind's `apply` checks every cell of the row first and raises RowRefused with all the
problems it found; only a row without problems is written, through the owning app's
services. An existing partner, person, certification or entry is compared, never
overwritten: the same values are "unchanged", other values are refused by field.
"""

from __future__ import annotations

from partnercenter.imports.base import CREATED, UNCHANGED, Column, Context, Kind
from partnercenter.imports.history import (
    CERTIFICATION_COLUMNS,
    POINTS_COLUMNS,
    apply_certification,
    apply_points,
)
from partnercenter.imports.members import (
    PARTNER_COLUMNS,
    PEOPLE_COLUMNS,
    apply_partner,
    apply_person,
)

__all__ = ["CREATED", "KINDS", "UNCHANGED", "Column", "Context", "Kind"]

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "partners",
            "Partner organisations, found again by slug.",
            PARTNER_COLUMNS,
            apply_partner,
        ),
        Kind(
            "people",
            "People of partners, found again by partner and email.",
            PEOPLE_COLUMNS,
            apply_person,
        ),
        Kind(
            "certifications",
            "People's certifications; the first of a type earns its points once.",
            CERTIFICATION_COLUMNS,
            apply_certification,
        ),
        Kind(
            "points",
            "Ledger entries with their original dates, source import, once per key.",
            POINTS_COLUMNS,
            apply_points,
        ),
    )
}
"""The import kinds, in the order they are imported (each may refer to the ones before)."""

"""Staff corrections of the ledger: adjustments of points with a mandatory reason."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.ledger.errors import InvalidEntry, InvalidPoints
from partnercenter.ledger.models import Entry, Source
from partnercenter.ledger.services import ADJUSTMENT, entry_post
from partnercenter.partners.models import Partner

MAX_ADJUSTMENT = 1_000_000
"""A guard against typos (an extra zero or two); larger corrections are split on purpose."""


@transaction.atomic
def adjustment_post(
    *,
    partner: Partner,
    points: int,
    reason: str,
    staff_user: AbstractBaseUser,
    key: str,
    occurred_at: datetime | None = None,
) -> Entry:
    """Post a signed adjustment of points with the staff member's reason, once per form key.

    The key comes from the form, so submitting the same form twice posts once.
    """
    if not getattr(staff_user, "is_staff", False):
        raise InvalidEntry("Only program staff post adjustments.")
    reason = reason.strip()
    if not reason:
        raise InvalidEntry("Give the reason for the adjustment.")
    if not points:
        raise InvalidPoints("Enter a non-zero number of points (negative to take points away).")
    if abs(points) > MAX_ADJUSTMENT:
        raise InvalidPoints(f"An adjustment is at most {MAX_ADJUSTMENT:,} points either way.")
    posted = entry_post(
        partner=partner,
        activity=ADJUSTMENT,
        occurred_at=occurred_at or timezone.now(),
        source=Source.ADJUSTMENT,
        # The staff member by id, never by name: ledger reasons outlive personal data.
        reason=f"{reason} (by staff #{staff_user.pk})",
        idempotency_key=f"adjustment:{partner.pk}:{key}"[:200],
        points=points,
    )
    if posted.created:
        audit_record(
            actor=staff_user,
            action="ledger.adjust",
            target=partner,
            details={"points": points, "reason": reason, "entry": posted.entry.pk},
        )
    return posted.entry

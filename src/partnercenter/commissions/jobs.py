"""The scheduler's jobs of referrals and commissions: `(as_of) -> dict[str, int]`."""

from __future__ import annotations

from datetime import date


def referrals_expire_job(as_of: date) -> dict[str, int]:
    """Expire registrations without progress for the edition's `expiry_days`."""
    from partnercenter.commissions.services import referrals_expire

    return referrals_expire(as_of=as_of)


def statements_job(as_of: date) -> dict[str, int]:
    """Issue last month's commission statements (once per partner and month)."""
    from partnercenter.commissions.statements import statements_monthly

    return statements_monthly(as_of=as_of)

"""A partner's standing, computed once and kept in the shared cache until something changes it.

A standing depends on the partner's ledger entries, its certifications, a few fields of
its own row (plan and paid-until, student, level and review date) and the edition in
force on the day. The row's fields and the day are part of the cache key, so a plan
change, a review or midnight needs no invalidation. Entries and certifications live
in other tables: the services that write them call `standing_changed(partner_id)`,
which replaces the partner's version token once the transaction commits; every key
holds the token, so the next page load computes afresh.

A token, not a counter: if the cache evicts it, a new random one is drawn, so no
stale entry can ever be addressed again.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

from partnercenter.partners.models import Partner

T = TypeVar("T")

TIMEOUT = 24 * 3600
"""Seconds a computed standing is kept (its key holds the day, so a day is enough)."""


def _version_key(partner_id: int) -> str:
    return f"standing:v:{partner_id}"


def standing_changed(partner_id: int) -> None:
    """Forget the partner's cached standing once the current transaction commits.

    Called by every service that writes what a standing is computed from (ledger
    postings and reversals, certifications recorded or revoked).
    """
    transaction.on_commit(
        lambda: cache.set(_version_key(partner_id), secrets.token_hex(8), timeout=None)
    )


def _version(partner_id: int) -> str:
    key = _version_key(partner_id)
    token = cache.get(key)
    if token is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        token = cache.get(key)
    return str(token)


def standing_key(kind: str, partner: Partner, day: date, edition_id: str) -> str:
    """The cache key of `kind` for this partner on `day`: version, row fields, edition."""
    parts = [
        kind,
        str(partner.pk),
        _version(partner.pk),
        day.isoformat(),
        edition_id,
        partner.plan or "",
        str(partner.plan_paid_until or ""),
        str(partner.student),
        partner.current_level or "",
        str(getattr(partner, "current_level_as_of", "") or ""),
        partner.status or "",
    ]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"standing:{partner.pk}:{digest}"


def cached(key: str, compute: Callable[[], T]) -> T:
    """The value stored under `key`, or `compute()` stored there now."""
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=TIMEOUT)
    return value  # type: ignore[no-any-return]

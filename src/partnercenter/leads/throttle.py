"""A per-address limit on leads (form and anonymous API), counted in Django's cache over a sliding hour.

The limit is a setting (`PARTNERCENTER_LEADS_PER_HOUR`), not edition data:
it protects the site, it is not a rule of the program.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def limit() -> int:
    """Leads one address may send per hour."""
    return int(getattr(settings, "PARTNERCENTER_LEADS_PER_HOUR", 5))


def _key(address: str) -> str:
    return "pc-lead:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def _recent(address: str, now: float) -> list[float]:
    stamps = cache.get(_key(address)) or []
    return [t for t in stamps if now - t < WINDOW_SECONDS]


def retry_after(address: str) -> int:
    """0 when the address may send a lead now, else the seconds until it may."""
    if not address:
        return 0
    now = time.time()
    stamps = _recent(address, now)
    if len(stamps) < limit():
        return 0
    return max(1, int(min(stamps) + WINDOW_SECONDS - now) + 1)


def count(address: str) -> None:
    """Count one lead from `address`."""
    if not address:
        return
    now = time.time()
    cache.set(_key(address), [*_recent(address, now), now], WINDOW_SECONDS)

"""A per-address limit on anonymous forms, counted in Django's (shared) cache over a sliding hour.

Limits are settings, not edition data: they protect the site, they are not rules of the
program. The addresses are stored hashed.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


@dataclass(frozen=True)
class AddressLimit:
    """At most `setting` (default `default`) counted actions per address in any hour."""

    prefix: str
    setting: str
    default: int = 5

    def limit(self) -> int:
        """Actions one address may take per hour."""
        return int(getattr(settings, self.setting, self.default))

    def _key(self, address: str) -> str:
        return f"{self.prefix}:" + hashlib.sha256(address.encode()).hexdigest()[:32]

    def _recent(self, address: str, now: float) -> list[float]:
        stamps = cache.get(self._key(address)) or []
        return [t for t in stamps if now - t < WINDOW_SECONDS]

    def retry_after(self, address: str) -> int:
        """0 when the address may act now, else the seconds until it may."""
        if not address:
            return 0
        now = time.time()
        stamps = self._recent(address, now)
        if len(stamps) < self.limit():
            return 0
        return max(1, int(min(stamps) + WINDOW_SECONDS - now) + 1)

    def count(self, address: str) -> None:
        """Count one action from `address`."""
        if not address:
            return
        now = time.time()
        cache.set(self._key(address), [*self._recent(address, now), now], WINDOW_SECONDS)

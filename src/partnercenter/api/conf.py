"""API settings, read from the environment with development defaults."""

from __future__ import annotations

import os

RATE = os.environ.get("PARTNERCENTER_API_RATE", "600/m")
"""Requests allowed per token (or per signed-in user, or per address) per period."""

IDEMPOTENCY_KEEP_HOURS = int(os.environ.get("PARTNERCENTER_IDEMPOTENCY_HOURS", "48"))
"""Stored responses of idempotent POSTs are kept this long (never less than 24 h)."""

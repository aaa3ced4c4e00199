"""Settings helpers that settings.py imports: the cache by URL and the logging setup.

Kept free of Django imports that need configured settings.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

CACHE_TABLE = "partnercenter_cache"
DB_CACHE_OPTIONS = {"MAX_ENTRIES": 1_000_000}
"""Django's database cache culls a third of its rows past MAX_ENTRIES (300 by default): with
a cached standing per partner (standing.cache) that would empty it on every page load."""


def cache_from_url(url: str) -> dict[str, Any]:
    """One CACHES entry from a URL; empty means Django's database cache (shared, no server)."""
    url = url.strip()
    if not url:
        return {
            "BACKEND": "partnercenter.ops.cache.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": DB_CACHE_OPTIONS,
        }
    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    if scheme == "db":
        location = (parsed.netloc + parsed.path).strip("/") or CACHE_TABLE
        return {
            "BACKEND": "partnercenter.ops.cache.DatabaseCache",
            "LOCATION": location,
            "OPTIONS": DB_CACHE_OPTIONS,
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "memcached":
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": parsed.netloc,
        }
    raise ValueError(
        f"PARTNERCENTER_CACHE_URL: unknown scheme {scheme!r} "
        "(use db://, locmem://, redis://, memcached://)."
    )


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and any exception.

    Twenty lines of our own instead of python-json-logger: the fields are fixed and few,
    and a dependency for that is more to pin and audit than it saves.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        for key in ("status_code", "request_path"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        return json.dumps(entry, default=str)


def logging_config(*, fmt: str, level: str) -> dict[str, Any]:
    """Everything to stderr (the process manager collects it), as text or as JSON lines."""
    if fmt not in ("text", "json"):
        raise ValueError("PARTNERCENTER_LOG_FORMAT: 'text' or 'json'.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
            "json": {"()": "partnercenter.ops.conf.JsonFormatter"},
        },
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": fmt}},
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": {
            "django": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            # PDF rendering logs every layout step at INFO; only its problems matter.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }

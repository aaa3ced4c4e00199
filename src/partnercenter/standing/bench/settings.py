"""The production settings plus one bench-only URL (a bare "hello" view) to compare against.

Used only by `partnercenter bench pages` (DJANGO_SETTINGS_MODULE of its gunicorn): the
hello view goes through the same server, middleware and settings as every page, and is
never mounted in production's `partnercenter.urls`.
"""

from partnercenter.settings import *  # noqa: F403

ROOT_URLCONF = "partnercenter.standing.bench.urls"

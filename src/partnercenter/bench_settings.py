"""Settings for the benches' servers only: production settings plus a bare hello URL.

`bench ingest` and `bench pages` serve `/bench/hello` from the same gunicorn, settings and
middleware as the webhooks and pages they measure, so the rates they compare differ only by the view.
Never used in production: only those benches set DJANGO_SETTINGS_MODULE to this module.
"""

from partnercenter.settings import *  # noqa: F403

ROOT_URLCONF = "partnercenter.bench_urls"

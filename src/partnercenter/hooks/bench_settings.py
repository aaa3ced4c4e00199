"""Settings for `bench ingest`'s server only: production settings plus a bare hello URL.

The bench serves `/bench/hello` from the same gunicorn, same settings and middleware as
`/hooks/<source>`, so the two rates it compares differ only by the view. Never used in
production: only `bench ingest` sets DJANGO_SETTINGS_MODULE to this module.
"""

from partnercenter.settings import *  # noqa: F403

ROOT_URLCONF = "partnercenter.hooks.bench_urls"

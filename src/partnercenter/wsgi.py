"""WSGI entry point for production servers (`partnercenter.wsgi:application`, gunicorn).

gunicorn does not run Django's system checks, so this module runs the startup safety
checks itself: with DEBUG=0 and a missing or development SECRET_KEY (or a development
webhook secret) it raises and the server does not start.
"""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnercenter.settings")

application = get_wsgi_application()


def _refuse_unsafe() -> None:
    from partnercenter.ops.checks import startup_errors

    errors = startup_errors()
    if errors:
        raise ImproperlyConfigured("Refusing to start:\n" + "\n".join(errors))


_refuse_unsafe()

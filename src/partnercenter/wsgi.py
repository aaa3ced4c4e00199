"""WSGI entry point for production servers (`partnercenter.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnercenter.settings")

application = get_wsgi_application()

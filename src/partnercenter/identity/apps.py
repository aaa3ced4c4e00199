"""Accounts on django-allauth: sign-in, two-factor, sessions and verified email addresses."""

from django.apps import AppConfig


class IdentityConfig(AppConfig):
    """Our layer over allauth: the adapter, the staff security middleware, the data migration."""

    name = "partnercenter.identity"
    label = "identity"
    verbose_name = "Identity"

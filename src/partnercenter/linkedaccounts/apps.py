from django.apps import AppConfig


class LinkedAccountsConfig(AppConfig):
    """Verified GitHub and community accounts of partner people: what monitored activity credits."""

    name = "partnercenter.linkedaccounts"
    label = "linkedaccounts"
    default_auto_field = "django.db.models.BigAutoField"

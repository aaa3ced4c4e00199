from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Personal data: a person's download and staff erasure on request."""

    name = "partnercenter.privacy"
    label = "privacy"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class AppealsConfig(AppConfig):
    """A partner contests a rejected submission, a tier decision or a commission entry once."""

    name = "partnercenter.appeals"
    label = "appeals"
    default_auto_field = "django.db.models.BigAutoField"

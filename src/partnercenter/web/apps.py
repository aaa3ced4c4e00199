from django.apps import AppConfig


class WebConfig(AppConfig):
    """Public pages and shared templates."""

    name = "partnercenter.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class EngagementConfig(AppConfig):
    """Roadmap requests, benefits that are services, announcements to segments."""

    name = "partnercenter.engagement"
    label = "engagement"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """Tier review: placing each partner in a level, with its explanation."""

    name = "partnercenter.review"
    label = "review"
    default_auto_field = "django.db.models.BigAutoField"

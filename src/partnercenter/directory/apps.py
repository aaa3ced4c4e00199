from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The public directory: partner pages, logos, badges and the verify page."""

    name = "partnercenter.directory"
    label = "directory"
    default_auto_field = "django.db.models.BigAutoField"
